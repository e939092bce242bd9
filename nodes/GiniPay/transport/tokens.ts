import type { IDataObject } from 'n8n-workflow';

import { GINI_JSON } from '../shared/mediaTypes';
import {
	fingerprint,
	sharedTokenCache,
	tokenCacheKey,
	type CachedToken,
	type TokenGrant,
	type TokenLookup,
} from '../shared/tokenCache';
import { JWT_HEADER, USER_IDENTIFIER_HEADER, jwtForUser, signedJwtCacheKey } from './authenticate';
import { expectAnswer, sendRequest, type GiniResponse, type PlainRefusal } from './request';
import { rememberSecrets } from './secrets';
import { TokenRefusal, sharedToken } from './tokenSharing';
import type { GiniSession, GiniUser, GiniContext } from './types';

/**
 * Per-mode strategies: what a Pay API request needs to act for a user, and how user and client tokens are obtained.
 * Every token goes through the shared per-process cache (shared/tokenCache.ts), each caller on its own terms
 * (tokenSharing.ts).
 */

/** The headers that authorize one attempt of a request (for a user, or for the client at the User Center). */
export interface Authorization {
	headers: IDataObject;
	/** Whether a 401 may be answered by dropping this cached token and sending again with a new one. */
	retryable: boolean;
	/** Drops the token from the cache (a no-op when nothing was cached). */
	invalidate(): void;
}

const noop = () => {};

function secretOf(session: GiniSession): string {
	return fingerprint(session.settings.clientSecret);
}

function clientKeyParts(session: GiniSession): Record<string, string | undefined> {
	return {
		mode: session.mode,
		payApiUrl: session.payApiUrl,
		userCenterUrl: session.userCenterUrl,
		clientId: session.settings.clientId,
		secret: secretOf(session),
	};
}

/** A token answer (docs/gini-api.md §2.3, §3); without `expires_in` the cache decides the lifetime (tokenLifetimeSeconds). */
function grantFrom(body: unknown): TokenGrant {
	const data = (typeof body === 'object' && body !== null ? body : {}) as IDataObject;
	const expiresIn =
		data.expires_in === undefined || data.expires_in === null || data.expires_in === ''
			? NaN
			: Number(data.expires_in);
	return {
		accessToken: typeof data.access_token === 'string' ? data.access_token : '',
		tokenType: typeof data.token_type === 'string' ? data.token_type : 'bearer',
		expiresInSeconds: Number.isFinite(expiresIn) ? expiresIn : undefined,
		refreshToken: typeof data.refresh_token === 'string' ? data.refresh_token : undefined,
	};
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };

function form(fields: Record<string, string>): string {
	return new URLSearchParams(fields).toString();
}

/** User Center password grant (docs/gini-api.md §3.2), or the refresh grant when the last token came with one (§3.3). */
async function acquireAnonymousUserToken(
	ctx: GiniContext,
	session: GiniSession,
	user: Extract<GiniUser, { kind: 'anonymous' }>,
	previous: CachedToken | undefined,
): Promise<TokenGrant> {
	const tokenUrl = `${session.userCenterUrl}/oauth/token`;
	rememberSecrets(session, user.password, previous?.accessToken, previous?.refreshToken);
	if (previous?.refreshToken) {
		const refreshed = await sendRequest(ctx, session, {
			method: 'POST',
			url: tokenUrl,
			headers: FORM,
			retry: 'repeatable',
			// grant_type in the form body here, unlike the password grant (docs/gini-api.md §3.3).
			body: form({ grant_type: 'refresh_token', refresh_token: previous.refreshToken }),
		});
		if (refreshed.statusCode < 400) {
			expectAnswer(ctx, session, 'User Center', 'Renewing the access token', refreshed, 'token');
			const grant = grantFrom(refreshed.body);
			// Keep the refresh token when Gini does not rotate it.
			return { ...grant, refreshToken: grant.refreshToken ?? previous.refreshToken };
		}
		// An expired or revoked refresh token: fall back to a fresh login below.
	}
	const response = await sendRequest(ctx, session, {
		method: 'POST',
		url: tokenUrl,
		qs: { grant_type: 'password' },
		headers: FORM,
		retry: 'repeatable',
		body: form({ username: user.email, password: user.password }),
	});
	if (response.statusCode >= 400) {
		throw new TokenRefusal(
			'User Center',
			'Logging in the anonymous user',
			response,
			userRefusal(user, response),
		);
	}
	expectAnswer(ctx, session, 'User Center', 'Logging in the anonymous user', response, 'token');
	return grantFrom(response.body);
}

/**
 * A password grant refused as `invalid_grant` (HTTP 400) means the user's e-mail or password, as Gini's SDKs read
 * it (docs/gini-api.md §3.2); any other refusal keeps the general message.
 */
function userRefusal(
	user: Extract<GiniUser, { kind: 'anonymous' }>,
	response: GiniResponse,
): PlainRefusal | undefined {
	const body = response.body as { error?: unknown } | undefined;
	if (response.statusCode !== 400 || body?.error !== 'invalid_grant') return undefined;
	return {
		message: `The User Center refused the e-mail or password of the user ${user.email}`,
		hint: "The user does not exist or the password is wrong. Check 'User E-Mail' and 'User Password' in this node, or 'Default User E-Mail' and 'Default User Password' in the Gini User Center credential; create a user with User > Create.",
	};
}

export async function anonymousUserToken(
	ctx: GiniContext,
	session: GiniSession,
	user: Extract<GiniUser, { kind: 'anonymous' }>,
	options: { forceNew?: boolean } = {},
): Promise<TokenLookup & { cacheKey: string }> {
	const cacheKey = tokenCacheKey({
		...clientKeyParts(session),
		kind: 'user-center-user',
		user: user.email.toLowerCase(),
		password: fingerprint(user.password),
	});
	const lookup = await sharedToken(
		ctx,
		session,
		cacheKey,
		`${session.userCenterUrl}/oauth/token`,
		async (shared, previous) => await acquireAnonymousUserToken(ctx, shared, user, previous),
		options,
	);
	return { ...lookup, cacheKey };
}

/** User Center client token (docs/gini-api.md §3.1): used only for the User Center's /api/users. */
export async function clientToken(
	ctx: GiniContext,
	session: GiniSession,
	options: { forceNew?: boolean } = {},
): Promise<TokenLookup & { cacheKey: string }> {
	const cacheKey = tokenCacheKey({ ...clientKeyParts(session), kind: 'user-center-client' });
	const tokenUrl = `${session.userCenterUrl}/oauth/token`;
	const lookup = await sharedToken(
		ctx,
		session,
		cacheKey,
		tokenUrl,
		async (shared) => {
			const response = await sendRequest(ctx, shared, {
				method: 'POST',
				url: tokenUrl,
				qs: { grant_type: 'client_credentials' },
				headers: { Accept: 'application/json' },
				retry: 'repeatable',
			});
			if (response.statusCode >= 400) {
				throw new TokenRefusal('User Center', 'Getting a client token', response);
			}
			expectAnswer(ctx, shared, 'User Center', 'Getting a client token', response, 'token');
			return grantFrom(response.body);
		},
		options,
	);
	return { ...lookup, cacheKey };
}

function loginKey(session: GiniSession, user: string): string {
	const { settings } = session;
	const credentialPart =
		settings.mode === 'jwt'
			? {
					jwt: signedJwtCacheKey(settings, user),
					staticJwt: fingerprint(settings.staticToken),
				}
			: {};
	return tokenCacheKey({
		...clientKeyParts(session),
		...credentialPart,
		kind: 'pay-api-login',
		user,
	});
}

/**
 * `POST /login` (docs/gini-api.md §2.3): a Pay API token for a derived user, to hand to an untrusted device. Gini does
 * not document how a /login refresh token is redeemed on the Pay API, so renewal is a new /login, which costs the
 * same single request.
 */
export async function derivedUserLoginToken(
	ctx: GiniContext,
	session: GiniSession,
	user: Extract<GiniUser, { kind: 'derived' }>,
	options: { forceNew?: boolean } = {},
): Promise<TokenLookup> {
	const loginUrl = `${session.payApiUrl}/login`;
	return await sharedToken(
		ctx,
		session,
		loginKey(session, user.identifier),
		loginUrl,
		async (shared) => {
			const auth = await authorizeDerivedUser(shared, user, {});
			rememberSecrets(shared, ...Object.values(auth.headers));
			const response: GiniResponse = await sendRequest(ctx, shared, {
				method: 'POST',
				url: loginUrl,
				headers: { Accept: GINI_JSON, ...auth.headers },
				// A second /login only hands out another token for the same user.
				retry: 'repeatable',
			});
			if (response.statusCode >= 400) {
				throw new TokenRefusal('Pay API', 'Logging in the user', response);
			}
			expectAnswer(ctx, shared, 'Pay API', 'Logging in the user', response, 'token');
			return grantFrom(response.body);
		},
		options,
	);
}

/** Basic: the credential adds client credentials; JWT: a cached signed JWT carries the user (docs/gini-api.md §2.1, §2.2). */
async function authorizeDerivedUser(
	session: GiniSession,
	user: Extract<GiniUser, { kind: 'derived' }>,
	options: { forceNew?: boolean },
): Promise<Authorization> {
	const { settings } = session;
	if (settings.mode !== 'jwt') {
		return {
			headers: { [USER_IDENTIFIER_HEADER]: user.identifier },
			retryable: false,
			invalidate: noop,
		};
	}
	const { token, fromCache, cacheKey } = await jwtForUser(settings, user.identifier, options);
	return {
		headers: { [JWT_HEADER]: `Bearer ${token}` },
		retryable: fromCache && cacheKey !== undefined,
		invalidate: () => cacheKey && sharedTokenCache.invalidate(cacheKey, token),
	};
}

/** What a Pay API request needs to act for `user`, in the session's auth mode. */
export async function authorizeUser(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	options: { forceNew?: boolean } = {},
): Promise<Authorization> {
	if (user.kind === 'derived') return await authorizeDerivedUser(session, user, options);
	const { token, fromCache, cacheKey } = await anonymousUserToken(ctx, session, user, options);
	return {
		headers: { Authorization: `Bearer ${token.accessToken}` },
		retryable: fromCache,
		invalidate: () => sharedTokenCache.invalidate(cacheKey, token.accessToken),
	};
}
