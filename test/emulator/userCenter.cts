// The User Center (docs/gini-api.md §3): OAuth2 token endpoint, anonymous users, legacy check_token.
import type { Handler, RequestContext } from './context.cts';
import { findClient } from './auth.cts';
import {
	HttpError,
	decodeBasic,
	headerValue,
	isPlainObject,
	parseAuthorization,
	readForm,
	readJson,
} from './http.cts';
import { sha256 } from './store.cts';
import type { ClientConfig } from './types.cts';

const MIN_PASSWORD_LENGTH = 6;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalidClient(): HttpError {
	return new HttpError(401, 'Bad client credentials', 'invalid_client', {
		'WWW-Authenticate': 'Basic realm="oauth"',
	});
}

/** Client credentials from Basic, or from the form fields the legacy iOS SDK posts (§3.3). */
function authenticateClient(ctx: RequestContext, form: URLSearchParams): ClientConfig {
	const auth = parseAuthorization(headerValue(ctx.req, 'authorization'));
	let credentials: { id: string; secret: string } | undefined;
	if (auth?.scheme === 'basic') credentials = decodeBasic(auth.credentials);
	else if (form.has('client_id')) {
		credentials = { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
	}
	const client = credentials && findClient(ctx.state.store, credentials.id, credentials.secret);
	if (!client) throw invalidClient();
	ctx.caller = { clientId: client.clientId };
	return client;
}

/** RFC 6749 §5.2: an authenticated client using a grant it may not use gets 400. */
function requireAnonymousClient(client: ClientConfig): void {
	if (client.kind !== 'anonymous') {
		throw new HttpError(
			400,
			'This client serves derived users; use POST /login on the Pay API',
			'unauthorized_client',
		);
	}
}

/** `grant_type` arrives in the query (docs, SDKs) or in the form body (refresh, §3.3). */
function grantTypeOf(ctx: RequestContext, form: URLSearchParams): string {
	const fromQuery = ctx.url.searchParams.get('grant_type');
	const fromBody = form.get('grant_type');
	if (fromQuery && fromBody && fromQuery !== fromBody) {
		throw new HttpError(400, 'grant_type differs between query and body', 'invalid_request');
	}
	const grant = fromBody ?? fromQuery;
	if (!grant) throw new HttpError(400, 'grant_type is required', 'invalid_request');
	return grant;
}

/** `scope` is emitted because the 2021 iOS lib decodes it as required (docs/gini-api.md §3.1). */
export const token: Handler = async (ctx) => {
	const form = ctx.req.method === 'POST' ? await readForm(ctx.req) : new URLSearchParams();
	const client = authenticateClient(ctx, form);
	const grant = grantTypeOf(ctx, form);
	const { tokens, counters, store } = ctx.state;
	switch (grant) {
		case 'client_credentials': {
			requireAnonymousClient(client);
			counters.grant('client_credentials', client.clientId);
			return { status: 200, json: { ...tokens.issue('client', client.clientId), scope: 'read' } };
		}
		case 'password': {
			requireAnonymousClient(client);
			const username = form.get('username');
			const password = form.get('password');
			if (!username || password === null) {
				throw new HttpError(400, 'username and password are required', 'invalid_request');
			}
			const user = store.findUserByEmail(username);
			if (!user || user.passwordHash !== sha256(password)) {
				throw new HttpError(400, 'Bad credentials', 'invalid_grant');
			}
			ctx.caller = { clientId: client.clientId, userKey: user.key };
			counters.grant('password', client.clientId, user.key);
			const issued = tokens.issue('user', client.clientId, user.key, client.refreshTokens);
			return { status: 200, json: { ...issued, scope: 'read' } };
		}
		case 'refresh_token': {
			const value = form.get('refresh_token') ?? '';
			const refresh = tokens.findRefresh(value);
			// Bound to its client and user: another client's refresh token is an invalid grant.
			if (!refresh || refresh.clientId !== client.clientId) {
				throw new HttpError(400, 'Invalid refresh token', 'invalid_grant');
			}
			ctx.caller = { clientId: client.clientId, userKey: refresh.userKey };
			counters.grant('refresh_token', client.clientId, refresh.userKey);
			const issued = tokens.issue('user', client.clientId, refresh.userKey);
			return { status: 200, json: { ...issued, refresh_token: value, scope: 'read' } };
		}
		default:
			throw new HttpError(400, `Unsupported grant type ${grant}`, 'unsupported_grant_type');
	}
};

/** User routes need a client token (§3.4-3.6); user tokens are not client tokens. */
function requireClientToken(ctx: RequestContext): string {
	const auth = parseAuthorization(headerValue(ctx.req, 'authorization'));
	if (auth?.scheme !== 'bearer') {
		throw new HttpError(401, 'A client access token is required', 'unauthorized', {
			'WWW-Authenticate': 'Bearer realm="user-center"',
		});
	}
	const check = ctx.state.tokens.check(auth.credentials);
	if (!check.ok || check.token.kind !== 'client') {
		const reason = check.ok ? 'is not a client token' : check.reason;
		throw new HttpError(401, `Access token ${reason}`, 'invalid_token', {
			'WWW-Authenticate': 'Bearer realm="user-center", error="invalid_token"',
		});
	}
	ctx.caller = { clientId: check.token.clientId };
	return check.token.clientId;
}

/** 400 for missing fields, a bad e-mail, a short password, or a taken e-mail; not 409 (§3.4). */
export const createUser: Handler = async (ctx) => {
	const clientId = requireClientToken(ctx);
	const body = await readJson(ctx.req);
	if (!isPlainObject(body) || typeof body.email !== 'string' || typeof body.password !== 'string') {
		throw new HttpError(400, 'email and password are required', 'invalid_request');
	}
	if (!EMAIL.test(body.email)) throw new HttpError(400, 'email is not valid', 'invalid_request');
	if (body.password.length < MIN_PASSWORD_LENGTH) {
		throw new HttpError(
			400,
			`password must have at least ${MIN_PASSWORD_LENGTH} characters`,
			'invalid_request',
		);
	}
	const { store } = ctx.state;
	if (store.findUserByEmail(body.email)) {
		throw new HttpError(400, 'A user with this email already exists', 'invalid_request');
	}
	const user = store.createAnonymousUser(body.email, body.password, clientId);
	return {
		status: 201,
		headers: { Location: `${ctx.state.publicUserCenterUrl}/api/users/${user.id}` },
	};
};

export const getUser: Handler = async (ctx) => {
	requireClientToken(ctx);
	const user = ctx.state.store.findUserById(ctx.params.id);
	if (!user || user.kind !== 'anonymous') throw new HttpError(404, 'No such user', 'not_found');
	return { status: 200, json: { id: user.id, email: user.email } };
};

/**
 * Legacy token introspection (§3.7): `user_name` is the user id. No authentication, as the old
 * Android lib sends none. An unknown or dead token gets Spring's 400 invalid_token.
 */
export const checkToken: Handler = async (ctx) => {
	const value = ctx.url.searchParams.get('token') ?? '';
	const check = ctx.state.tokens.check(value);
	if (!check.ok) throw new HttpError(400, 'Token was not recognised', 'invalid_token');
	const { token } = check;
	const user = token.userKey ? ctx.state.store.users.get(token.userKey) : undefined;
	return {
		status: 200,
		json: {
			...(user ? { user_name: user.id } : {}),
			client_id: token.clientId,
			scope: ['read'],
			exp: Math.floor(token.expiresAt / 1000),
			active: true,
		},
	};
};
