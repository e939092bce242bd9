
import { GINI_JSON } from '../shared/mediaTypes';
import { sharedTokenCache } from '../shared/tokenCache';
import { authorizeUser, clientToken } from './auth';
import { giniApiError, sendRequest, type GiniRequest, type GiniResponse } from './request';
import type { GiniSession, GiniUser, GiniContext } from './session';

export { openSession, resolveUser, userLabel } from './session';
export type { GiniContext, GiniSession, GiniUser, UserOverride } from './session';
export type { GiniRequest, GiniResponse, OpenStream } from './request';

/**
 * A Pay API call on behalf of `user`. A 401 on a call made with a cached token drops that token, acquires a new
 * one and retries once; the body is a Buffer, string or object, so the retry sends it again unchanged.
 */
export async function payApiRequest(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	request: GiniRequest,
	action: string,
): Promise<GiniResponse> {
	const send = async () => {
		const auth = await authorizeUser(ctx, session, user);
		const response = await sendRequest(ctx, session, {
			...request,
			headers: { Accept: GINI_JSON, ...request.headers, ...auth.headers },
		});
		return { auth, response };
	};
	const first = await send();
	let response = first.response;
	if (response.statusCode === 401 && first.auth.retryable) {
		first.auth.invalidate();
		({ response } = await send());
	}
	if (response.statusCode >= 400) throw giniApiError(ctx, session, 'Pay API', action, response);
	return response;
}

/** A User Center `/api/users` call with the client token (gini-api.md §3.4, §3.5), same 401 rule as above. */
export async function userCenterRequest(
	ctx: GiniContext,
	session: GiniSession,
	request: GiniRequest,
	action: string,
): Promise<GiniResponse> {
	const send = async () => {
		const lookup = await clientToken(ctx, session);
		const response = await sendRequest(ctx, session, {
			...request,
			headers: {
				Accept: 'application/json',
				...request.headers,
				Authorization: `Bearer ${lookup.token.accessToken}`,
			},
		});
		return { lookup, response };
	};
	const first = await send();
	let response = first.response;
	if (response.statusCode === 401 && first.lookup.fromCache) {
		sharedTokenCache.invalidate(first.lookup.cacheKey, first.lookup.token.accessToken);
		({ response } = await send());
	}
	if (response.statusCode >= 400) throw giniApiError(ctx, session, 'User Center', action, response);
	return response;
}

/** Resolves a Location header (absolute per Gini, relative tolerated) against the API base URL. */
export function locationOf(response: GiniResponse, baseUrl: string): string | undefined {
	const location = response.headers.location ?? response.headers.Location;
	return location ? new URL(String(location), `${baseUrl}/`).toString() : undefined;
}
