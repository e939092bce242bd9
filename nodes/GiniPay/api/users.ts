import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { hasLocation } from '../shared/createOutcome';

import { USER_LINK, linkedId, resourceUrl } from '../shared/links';
import {
	locationOf,
	rememberSecrets,
	userCenterRequest,
	type GiniContext,
	type GiniResponse,
	type GiniSession,
} from '../transport';
import { withErrorFields } from '../shared/errorFields';

/** A user the User Center created: its ID and URL when its Location names one, else the Location as sent. */
export interface CreatedUser {
	id: string | undefined;
	location: string | undefined;
}

/**
 * Creates an anonymous user in the User Center with the client token (docs/gini-api.md §3.4). An answer that proves
 * nothing (a reset, a 5xx other than 503, a 2xx without Location; shared/createOutcome.ts) is sent again: the User
 * Center refuses a second user with the same e-mail, so that cannot create a duplicate. When what follows fails, the
 * error says that the lost attempt may have created the user (`userMayExist`), never a bare refusal.
 */
export async function createUser(
	ctx: GiniContext,
	session: GiniSession,
	email: string,
	password: string,
): Promise<CreatedUser> {
	// The new user's password (given or generated) never comes back in an error, even when the User Center quotes it.
	rememberSecrets(session, password);
	let lost = false;
	let response: GiniResponse;
	try {
		response = await userCenterRequest(
			ctx,
			session,
			{
				method: 'POST',
				url: `${session.userCenterUrl}/api/users`,
				headers: { 'Content-Type': 'application/json' },
				body: { email, password },
				expect: 'created',
				names: hasLocation,
				reconcile: async () => {
					lost = true;
					return undefined;
				},
			},
			'Creating the user',
		);
	} catch (error) {
		throw lost ? userMayExistError(ctx, session, email, error) : error;
	}
	// The Location is rebased on the configured User Center by its path (shared/links.ts), as Gini's SDKs do.
	const location = locationOf(response);
	const id = location === undefined ? undefined : linkedId(location, USER_LINK);
	return {
		id,
		location: id === undefined ? location : resourceUrl(session.userCenterUrl ?? '', USER_LINK, id),
	};
}

function userMayExistError(
	ctx: GiniContext,
	session: GiniSession,
	email: string,
	cause: unknown,
): NodeApiError {
	const message = `The User Center's answer to creating the user "${email}" was lost, and the user may exist`;
	const reason = cause instanceof Error ? cause.message : String(cause);
	const apiCause = cause instanceof NodeApiError ? cause : undefined;
	const error = new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message,
		description: `Sending the request again failed: ${reason}. Log in as this user (Session > Login with a User Center credential) to check before creating it again; a user whose password the node generated cannot be used, so create another one.`,
		itemIndex: session.itemIndex,
		...(apiCause?.httpCode ? { httpCode: apiCause.httpCode } : {}),
	});
	const requestId = (apiCause as { requestId?: string } | undefined)?.requestId;
	return withErrorFields(error, { userMayExist: true, ...(requestId ? { requestId } : {}) });
}

/** An anonymous user's ID and e-mail from the User Center (docs/gini-api.md §3.5). */
export async function getUser(
	ctx: GiniContext,
	session: GiniSession,
	id: string,
): Promise<IDataObject> {
	const response = await userCenterRequest(
		ctx,
		session,
		{ method: 'GET', url: resourceUrl(session.userCenterUrl ?? '', USER_LINK, id), expect: 'user' },
		'Reading the user',
	);
	return response.body as IDataObject;
}
