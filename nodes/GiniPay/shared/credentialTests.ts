import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

/**
 * What a failed credential test says, per answer. n8n's credential tester shows a rule's fixed message for a status
 * it matches, and otherwise only the status's reason phrase ("Unauthorized") or, without an answer, the error code
 * ("ECONNREFUSED"); a rule cannot quote Gini's answer or name the URL (docs/n8n-notes.md §3.2). So each message
 * names the fields to check, in the words of the credential's form.
 */

export type CredentialKind = 'basic' | 'jwt' | 'userCenter';

type Rules = IAuthenticateRuleResponseCode[];

const PAY_API = { field: 'Pay API Base URL', example: 'https://pay-api.gini.net' };
const USER_CENTER = { field: 'User Center Base URL', example: 'https://user.gini.net' };

function rule(status: number, message: string): IAuthenticateRuleResponseCode {
	return { type: 'responseCode', properties: { value: status, message } };
}

function redirects(field: string): Rules {
	return [301, 302, 303, 307, 308].map((status) =>
		rule(
			status,
			`Gini answered with a redirect (HTTP ${status}), which n8n did not follow: nothing was sent to its target. ` +
				`Set '${field}' to the address where Gini answers.`,
		),
	);
}

function notFound(
	base: { field: string; example: string },
	path: string,
): IAuthenticateRuleResponseCode {
	return rule(
		404,
		`Nothing answers at ${path} under '${base.field}' (HTTP 404 Not Found). ` +
			`Set '${base.field}' to Gini's address without a path, e.g. ${base.example}.`,
	);
}

const REFUSED: Record<CredentialKind, string> = {
	basic:
		"Gini refused 'Client ID' and 'Client Secret' (HTTP 401 Unauthorized). Check both, and that Gini set up the client for derived users.",
	jwt: "Gini refused the signed token (HTTP 401 Unauthorized). Check 'Private Key', 'Key ID', 'Algorithm', 'Issuer', 'Client ID' and the claim names against what Gini set up for your client and the public key you gave it; a token issued elsewhere may have expired.",
	userCenter:
		"The User Center refused 'Client ID' and 'Client Secret' (HTTP 401 Unauthorized). Check both, and that Gini set up the client for anonymous users.",
};

const FORBIDDEN_PAY_API =
	'Gini knows the client but does not let it read documents (HTTP 403 Forbidden). Ask Gini to enable the client for derived users of the Pay API.';

/** The rules of one credential type's test. */
export function credentialTestRules(kind: CredentialKind): Rules {
	if (kind === 'userCenter') {
		return [
			rule(
				400,
				"The User Center refused 'Default User E-Mail' or 'Default User Password' (HTTP 400 Bad Request): no such user, or a wrong password. Correct them, or create the user with the Gini Pay node (User > Create) and enter its e-mail and password here.",
			),
			rule(401, REFUSED.userCenter),
			rule(
				403,
				'The User Center knows the client but refuses it (HTTP 403 Forbidden). Ask Gini to enable the client for anonymous users.',
			),
			notFound(USER_CENTER, '/oauth/token'),
			...redirects(USER_CENTER.field),
		];
	}
	return [
		rule(401, REFUSED[kind]),
		rule(403, FORBIDDEN_PAY_API),
		notFound(PAY_API, '/documents'),
		...redirects(PAY_API.field),
	];
}
