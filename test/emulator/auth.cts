// Pay API authentication (docs/gini-api.md §2, §4 intro): Basic + X-User-Identifier, X-JWT-Authorization,
// or a Bearer user token. Also `POST /login`, which turns the first two into a user token (§2.3).
import type { ClientConfig } from './types.cts';
import type { Handler, Principal, RequestContext } from './context.cts';
import {
	HttpError,
	decodeBasic,
	headerValue,
	isPrintableAscii,
	parseAuthorization,
} from './http.cts';
import type { Store } from './store.cts';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="pay-api"' };

function unauthorized(message: string): HttpError {
	return new HttpError(401, message, 'unauthorized', CHALLENGE);
}

/** Client credentials check shared with the User Center; never echoes the secret. */
export function findClient(store: Store, id: string, secret: string): ClientConfig | undefined {
	const client = store.clients.get(id);
	return client && client.clientSecret === secret ? client : undefined;
}

/**
 * The identifier names the derived user. Gini documents no rules for it beyond "unique and stable"
 * (§2.1). Our choice: empty (or blank) is treated like a missing header (401); anything outside
 * printable ASCII is a malformed request (400), since HTTP header values are ASCII in practice.
 */
function checkIdentifier(identifier: string | undefined): string {
	if (identifier === undefined || identifier.trim() === '') {
		// Undocumented: Gini does not say what a missing X-User-Identifier yields with Basic
		// auth (docs/gini-api.md §9). Without it no user can be derived, so we answer 401.
		throw unauthorized('X-User-Identifier header is required with Basic authentication');
	}
	if (!isPrintableAscii(identifier)) {
		throw new HttpError(400, 'User identifier must be printable ASCII');
	}
	return identifier;
}

async function fromJwt(ctx: RequestContext, header: string): Promise<Principal> {
	const parsed = parseAuthorization(header);
	if (!parsed || parsed.scheme !== 'bearer') {
		throw unauthorized('X-JWT-Authorization must be "Bearer <jwt>"');
	}
	const result = await ctx.state.jwt.verify(parsed.credentials);
	if (!result.ok) throw unauthorized(result.reason);
	const identifier = checkIdentifier(result.identifier);
	const user = ctx.state.store.derivedUser(result.client.clientId, identifier);
	return { user, clientId: result.client.clientId };
}

function fromBasic(ctx: RequestContext, credentials: string): Principal {
	const decoded = decodeBasic(credentials);
	const client = decoded && findClient(ctx.state.store, decoded.id, decoded.secret);
	if (!client) throw unauthorized('Invalid client credentials');
	if (client.kind !== 'derived') {
		throw unauthorized('This client serves anonymous users; use a user token from the User Center');
	}
	const identifier = checkIdentifier(headerValue(ctx.req, 'x-user-identifier'));
	return {
		user: ctx.state.store.derivedUser(client.clientId, identifier),
		clientId: client.clientId,
	};
}

function fromBearer(ctx: RequestContext, token: string): Principal {
	const check = ctx.state.tokens.check(token);
	if (!check.ok) throw unauthorized(`Access token ${check.reason}`);
	if (check.token.kind !== 'user' || !check.token.userKey) {
		throw unauthorized('Client tokens are for the User Center only; use a user token');
	}
	const user = ctx.state.store.users.get(check.token.userKey);
	if (!user) throw unauthorized('Access token unknown');
	return { user, clientId: check.token.clientId };
}

/** The identity of a derived user, from Basic + X-User-Identifier or a JWT (not from a token). */
async function derivedPrincipal(ctx: RequestContext): Promise<Principal | undefined> {
	// X-JWT-Authorization is checked first: it is the more specific header when both are sent.
	const jwt = headerValue(ctx.req, 'x-jwt-authorization');
	if (jwt !== undefined) return fromJwt(ctx, jwt);
	const auth = parseAuthorization(headerValue(ctx.req, 'authorization'));
	if (auth?.scheme === 'basic') return fromBasic(ctx, auth.credentials);
	return undefined;
}

export async function authenticate(ctx: RequestContext): Promise<Principal> {
	const derived = await derivedPrincipal(ctx);
	if (derived) return derived;
	const header = headerValue(ctx.req, 'authorization');
	if (header === undefined) throw unauthorized('Authorization credentials missing');
	const auth = parseAuthorization(header);
	if (auth?.scheme === 'bearer') return fromBearer(ctx, auth.credentials);
	throw unauthorized('Unsupported authorization scheme');
}

/** `POST /login`: a user token for a derived user, handed to untrusted devices (§2.3). */
export const login: Handler = async (ctx) => {
	const principal = await derivedPrincipal(ctx);
	if (!principal) {
		throw unauthorized('Login needs Basic client credentials with X-User-Identifier, or a JWT');
	}
	ctx.principal = principal;
	const client = ctx.state.store.clients.get(principal.clientId);
	const issued = ctx.state.tokens.issue(
		'user',
		principal.clientId,
		principal.user.key,
		client?.refreshTokens,
	);
	ctx.state.counters.grant('login', principal.clientId, principal.user.key);
	return { status: 200, json: issued };
};
