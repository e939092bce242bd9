import type { AnswerShape } from '../shared/answers';
import { findHeader } from '../shared/headers';
import { GINI_JSON } from '../shared/mediaTypes';
import { RetryBudget } from '../shared/retry';
import { sharedTokenCache } from '../shared/tokenCache';
import { authorizeUser, clientToken, type Authorization } from './tokens';
import { expectAnswer, sendRequest, type GiniRequest, type GiniResponse } from './request';
import type { GiniSession, GiniUser, GiniContext } from './types';

export { openSession } from './openSession';
export { resolveUser, userLabel } from './actingUser';
export { rememberSecrets } from './secrets';
export type { AuthMode, GiniContext, GiniSession, GiniUser, UserOverride } from './types';
export type { GiniRequest, GiniResponse, OpenStream } from './request';
export type { AnswerShape } from '../shared/answers';

/** A request of an operation, with the shape its answer must have (shared/answers.ts). */
export type ShapedRequest = GiniRequest & { expect: AnswerShape };

/**
 * Sends `request` with the credentials `authorize` gives for each attempt. A 401 on a token that came from the cache
 * drops it, acquires a new one and sends again (docs/gini-api.md §6.1), so that a token revoked while the item was
 * backing off does not fail it. A token acquired for this very attempt and refused means the credential is wrong:
 * that 401 is final. Renewals and the 429/5xx/network retries of sendRequest draw from one RetryBudget
 * (shared/retry.ts): the request makes at most 1 + Max Retries attempts in all. Every body form is re-creatable (a
 * stream is opened per attempt), so a request can always be sent again.
 */
async function sendAuthorized(
	ctx: GiniContext,
	session: GiniSession,
	request: GiniRequest,
	authorize: () => Promise<Authorization>,
): Promise<GiniResponse> {
	const budget = new RetryBudget(session.policy.maxRetries);
	let lost = false;
	for (;;) {
		let used = undefined as Authorization | undefined;
		const sent = await sendRequest(ctx, session, {
			...request,
			budget,
			authorize: async () => {
				used = await authorize();
				return used.headers;
			},
		});
		// A lost answer in an earlier round still counts (the 404 rule for DELETE, shared/answers.ts).
		lost ||= sent.afterLostAnswer === true;
		const response = lost ? { ...sent, afterLostAnswer: true } : sent;
		if (response.statusCode !== 401 || !used?.retryable || !budget.takeRenewal()) return response;
		used.invalidate();
	}
}

/**
 * A Pay API call on behalf of `user`, with the 401 rule of `sendAuthorized`. The answer has the shape
 * `request.expect` names, or the call fails with an error that says what came back.
 */
export async function payApiRequest(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	request: ShapedRequest,
	action: string,
): Promise<GiniResponse> {
	const response = await sendAuthorized(
		ctx,
		session,
		{ ...request, headers: { Accept: GINI_JSON, ...request.headers } },
		async () => await authorizeUser(ctx, session, user),
	);
	return expectAnswer(ctx, session, 'Pay API', action, response, request.expect);
}

/** A User Center `/api/users` call with the client token (docs/gini-api.md §3.4, §3.5), same rules as above. */
export async function userCenterRequest(
	ctx: GiniContext,
	session: GiniSession,
	request: ShapedRequest,
	action: string,
): Promise<GiniResponse> {
	const response = await sendAuthorized(
		ctx,
		session,
		{ ...request, headers: { Accept: 'application/json', ...request.headers } },
		async () => {
			const lookup = await clientToken(ctx, session);
			return {
				headers: { Authorization: `Bearer ${lookup.token.accessToken}` },
				retryable: lookup.fromCache,
				invalidate: () => sharedTokenCache.invalidate(lookup.cacheKey, lookup.token.accessToken),
			};
		},
	);
	return expectAnswer(ctx, session, 'User Center', action, response, request.expect);
}

/**
 * A `Location` header as Gini wrote it (absolute per docs/gini-api.md §1.4, possibly on a host other than the configured
 * one behind a gateway). Callers rebase it on the configured base by its path (shared/links.ts); it is never
 * followed as written.
 */
export function locationOf(response: GiniResponse): string | undefined {
	const location = findHeader(response.headers, 'location');
	const text = location === undefined ? '' : String(location).trim();
	return text || undefined;
}
