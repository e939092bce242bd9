import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	INVALID_USER_IDENTIFIER,
	basicAuthorization,
	findHeader,
	isValidUserIdentifier,
	withoutHeader,
} from '../shared/headers';
import {
	JwtConfigurationError,
	assertKeySuitsAlgorithm,
	decodeJwt,
	jwtExpiresAt,
	keyFingerprint,
	parsePrivateKey,
	signJwt,
} from '../shared/jwt';
import { fingerprint, sharedTokenCache, tokenCacheKey } from '../shared/tokenCache';
import { UnsafeUrlError, effectiveRequestUrl, isLoopbackHost } from '../shared/urls';
import { credentialSettings, type JwtSettings } from './credentialSettings';

/**
 * What each credential type adds to a request (its `authenticate`). The transport decides *which user* a request
 * is for (it sets `X-User-Identifier`, or an `Authorization: Bearer` user/client token it already holds); the
 * credential adds the secret part. Credential tests run through the same functions, and these apply the checks the
 * node applies before a run (transport/openSession.ts), so a test passes exactly when a run would get that far.
 */

export const USER_IDENTIFIER_HEADER = 'X-User-Identifier';
export const JWT_HEADER = 'X-JWT-Authorization';

/**
 * A request that names no user (the credential test, or another node using the credential) acts for the credential's
 * default user; without one it is refused before anything is sent. Gini checks a derived-user client only together
 * with a user and creates that user on first use (docs/gini-api.md §2.1), so a test with a made-up user would leave
 * a stray user at Gini and pass where a run without a user fails.
 */
export const NO_DEFAULT_USER =
	"Set 'Default User Identifier': Gini checks the client only together with a user, and the Gini Pay node acts for this user when its 'User Identifier' is empty. Nothing was sent.";

function defaultUser(identifier: string): string {
	if (!identifier) throw new Error(NO_DEFAULT_USER);
	return identifier;
}

/**
 * Where a request really goes. n8n's legacy `requestWithAuthentication`, which the HTTP Request node uses with a
 * predefined credential, passes `request`-library options: the target is in `uri` when there is no `url`
 * (n8n-core's backend-network `resolveLegacyRequestTarget`).
 */
function requestTarget(options: IHttpRequestOptions): URL {
	const raw = (options.url as unknown) ?? (options as { uri?: unknown }).uri;
	const base = options.baseURL as unknown;
	const target = effectiveRequestUrl(
		raw === undefined || raw === null ? '' : String(raw),
		base === undefined || base === null ? undefined : String(base),
	);
	if (!target) throw new UnsafeUrlError('Refusing to send the Gini credential to an invalid URL.');
	return target;
}

/** A configured base URL (normalised: no trailing slash) as origin and path prefix ('' for none). */
function baseOf(url: string): { origin: string; prefix: string } {
	const parsed = new URL(url);
	return { origin: parsed.origin, prefix: parsed.pathname.replace(/\/+$/, '') };
}

/**
 * Whether `target` lies below `base`: same origin and, when the base has a path (a gateway serving Gini below
 * `/gini`), a path inside it. `URL` has already resolved dot segments, as axios sends them; an encoded slash or
 * backslash, which a gateway may decode into another path, is never below a prefix.
 */
function isBelow(target: URL, base: string): boolean {
	const { origin, prefix } = baseOf(base);
	if (target.origin !== origin) return false;
	if (!prefix) return true;
	if (/%2f|%5c/i.test(target.pathname)) return false;
	return target.pathname === prefix || target.pathname.startsWith(`${prefix}/`);
}

/**
 * A credential is usable by other nodes too (the HTTP Request node's "Predefined Credential Type"), with any URL
 * the user types, so it sends its secrets only below its own base URLs: their origin and their path prefix.
 */
function assertOwnBase(target: URL, own: Array<[label: string, url: string]>): void {
	if (own.some(([, url]) => isBelow(target, url))) return;
	const allowed = own
		.map(([label, url]) => {
			const { origin, prefix } = baseOf(url);
			return `below its '${label}' (${origin}${prefix})`;
		})
		.join(' and ');
	throw new UnsafeUrlError(
		`Refusing to send the Gini credential to ${target.origin}${target.pathname}: it is sent only ${allowed}. Nothing was sent.`,
	);
}

/**
 * Request options another node may set and n8n's request helpers honour: n8n-workflow's IHttpRequestOptions, and the
 * `request`-library options of its legacy helper.
 */
interface ChannelOptions {
	proxy?: unknown;
	skipSslCertificateValidation?: unknown;
	rejectUnauthorized?: unknown;
	strictSSL?: unknown;
	agentOptions?: { rejectUnauthorized?: unknown };
}

/**
 * The secret travels only on a channel only Gini can read. Another node may set a proxy on the request (the HTTP
 * Request node's "Proxy", sent as `proxy`): the proxy reads a plain-http request as it passes, and reads an https one
 * too when certificate checks are off. It may also turn certificate checks off ("Ignore SSL Issues", sent as
 * `rejectUnauthorized: false` by the legacy helper, `skipSslCertificateValidation` by the other): then whoever
 * answers for the host with any certificate gets the secret. So neither is allowed with a Gini credential; loopback
 * hosts may skip certificate checks (a local emulator; nothing leaves the machine). A proxy n8n itself is configured
 * with (its environment) is the administrator's and stays allowed. The Gini node sets neither option.
 */
function assertPrivateChannel(options: IHttpRequestOptions, target: URL): void {
	const channel: ChannelOptions = options;
	if (channel.proxy) {
		throw new UnsafeUrlError(
			'Refusing to send the Gini credential through a proxy set on the request: the proxy could read it. Remove the proxy from the request (a proxy n8n is configured with is used as usual). Nothing was sent.',
		);
	}
	const unchecked =
		channel.skipSslCertificateValidation === true ||
		channel.skipSslCertificateValidation === 'true' ||
		channel.rejectUnauthorized === false ||
		channel.strictSSL === false ||
		channel.agentOptions?.rejectUnauthorized === false;
	if (unchecked && !isLoopbackHost(target.hostname)) {
		throw new UnsafeUrlError(
			`Refusing to send the Gini credential to ${target.origin} with its certificate unchecked: whoever answers for that host could read it. Turn certificate checks back on (e.g. 'Ignore SSL Issues' off). Nothing was sent.`,
		);
	}
}

/** Where a request may carry the credential's secret: below its own base URLs, on a private channel. */
function assertSafeTarget(
	options: IHttpRequestOptions,
	own: Array<[label: string, url: string]>,
): URL {
	const target = requestTarget(options);
	assertOwnBase(target, own);
	assertPrivateChannel(options, target);
	return target;
}

function checkedUser(identifier: string): string {
	if (!isValidUserIdentifier(identifier)) throw new Error(INVALID_USER_IDENTIFIER);
	return identifier;
}

/**
 * A request that carries a Gini secret never follows a redirect: n8n re-attaches `Authorization` on a redirect to
 * another origin, and custom headers such as `X-JWT-Authorization` and `X-User-Identifier` travel on regardless, even
 * to plain http. Gini documents no redirects, so a 3xx means a wrong base URL. n8n's
 * `httpRequest` helpers read `disableFollowRedirect`; its legacy `requestWithAuthentication`, which the HTTP Request
 * node uses with a predefined credential, reads the `request` library's `followRedirect`, `followAllRedirects` and
 * `maxRedirects` (n8n's packages/nodes-base/nodes/HttpRequest/V3/HttpRequestV3.node.ts).
 */
function withoutRedirects(options: IHttpRequestOptions): IHttpRequestOptions {
	return Object.assign(
		{ ...options, disableFollowRedirect: true, maxRedirects: 0 },
		{ followRedirect: false, followAllRedirects: false },
	);
}

/** giniPayBasicApi: Basic client credentials + X-User-Identifier (docs/gini-api.md §2.1). */
export async function authenticateBasic(
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const settings = credentialSettings('basic', credentials);
	assertSafeTarget(options, [['Pay API Base URL', settings.payApiUrl]]);
	if (findHeader(options.headers, 'Authorization')) return withoutRedirects(options);
	const user = checkedUser(
		findHeader(options.headers, USER_IDENTIFIER_HEADER) ?? defaultUser(settings.userIdentifier),
	);
	return withoutRedirects({
		...options,
		headers: {
			...withoutHeader(options.headers, USER_IDENTIFIER_HEADER),
			Authorization: basicAuthorization(settings.clientId, settings.clientSecret),
			[USER_IDENTIFIER_HEADER]: user,
		},
	});
}

/** giniUserCenterApi: Basic client credentials for `/oauth/token`, unless the transport set a token. */
export async function authenticateUserCenter(
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const settings = credentialSettings('userCenter', credentials);
	const { payApiUrl, userCenterUrl } = settings;
	const target = assertSafeTarget(options, [
		['Pay API Base URL', payApiUrl],
		['User Center Base URL', userCenterUrl],
	]);
	// The client secret is for the User Center's token endpoint; Pay API requests carry a user token instead.
	const toUserCenter = isBelow(target, userCenterUrl);
	if (findHeader(options.headers, 'Authorization') || !toUserCenter)
		return withoutRedirects(options);
	return withoutRedirects({
		...options,
		headers: {
			...options.headers,
			Authorization: basicAuthorization(settings.clientId, settings.clientSecret),
		},
	});
}

/** The JWT cache keys of one credential's settings (credentialSettings.ts keeps one settings object per read). */
const jwtCacheKeysOf = new WeakMap<JwtSettings, Map<string, string>>();
/** Users per credential object whose cache keys are kept; past that, the keys start over. */
const REMEMBERED_USERS = 1000;

/** Throws a clear error when the credential cannot make a JWT Gini would accept, before anything is sent. */
export function assertJwtSettingsUsable(settings: JwtSettings): void {
	if (settings.jwtSource === 'static') {
		assertStaticJwtUsable(settings.staticToken);
		return;
	}
	if (!settings.issuer) throw new JwtConfigurationError("The JWT credential has no 'Issuer'.");
	if (!settings.clientId) throw new JwtConfigurationError("The JWT credential has no 'Client ID'.");
	assertKeySuitsAlgorithm(parsePrivateKey(settings.privateKey), settings.algorithm);
}

/** Throws a clear error when a static JWT cannot be used (malformed or expired), before anything is sent. */
export function assertStaticJwtUsable(token: string, now = Date.now()): void {
	if (!token)
		throw new Error(
			"The credential's 'Token (JWT)' is empty. Paste one, or choose 'Signed Here With Your Private Key'.",
		);
	decodeJwt(token);
	const expiresAt = jwtExpiresAt(token);
	if (expiresAt !== undefined && expiresAt <= now) {
		throw new Error(
			`The credential's 'Token (JWT)' expired at ${new Date(expiresAt).toISOString()}. ` +
				"Paste a new one, or choose 'Signed Here With Your Private Key'.",
		);
	}
}

export function signedJwtCacheKey(settings: JwtSettings, user: string): string {
	let keys = jwtCacheKeysOf.get(settings);
	if (!keys) jwtCacheKeysOf.set(settings, (keys = new Map()));
	let key = keys.get(user);
	if (key === undefined) {
		if (keys.size >= REMEMBERED_USERS) keys.clear();
		key = computeSignedJwtCacheKey(settings, user);
		keys.set(user, key);
	}
	return key;
}

function computeSignedJwtCacheKey(settings: JwtSettings, user: string): string {
	return tokenCacheKey({
		kind: 'signed-jwt',
		key: keyFingerprint(settings.privateKey),
		algorithm: settings.algorithm,
		keyId: settings.keyId,
		issuer: settings.issuer,
		audience: settings.audience,
		lifetime: String(settings.lifetimeSeconds),
		clientId: settings.clientId,
		secret: fingerprint(settings.clientSecret),
		claims: [
			settings.userIdentifierClaim,
			settings.clientIdClaim,
			settings.clientCredentialClaim,
		].join('\n'),
		user,
	});
}

/**
 * The JWT for one user: the static token, or one signed with the credential's key and cached until shortly before
 * it expires (signing is cheap, but a stable token per user lets Gini and proxies treat requests alike).
 */
export async function jwtForUser(
	settings: JwtSettings,
	user: string,
	options: { forceNew?: boolean } = {},
): Promise<{ token: string; fromCache: boolean; cacheKey?: string }> {
	if (settings.jwtSource === 'static') {
		assertStaticJwtUsable(settings.staticToken);
		return { token: settings.staticToken, fromCache: true };
	}
	const cacheKey = signedJwtCacheKey(settings, user);
	const { token, fromCache } = await sharedTokenCache.get(
		cacheKey,
		async () => {
			assertJwtSettingsUsable(settings);
			const claims: Record<string, string> = {
				[settings.userIdentifierClaim]: user,
				[settings.clientIdClaim]: settings.clientId,
			};
			if (settings.clientSecret) claims[settings.clientCredentialClaim] = settings.clientSecret;
			const signed = signJwt({
				privateKey: settings.privateKey,
				algorithm: settings.algorithm,
				keyId: settings.keyId || undefined,
				issuer: settings.issuer,
				audience: settings.audience || undefined,
				lifetimeSeconds: settings.lifetimeSeconds,
				claims,
			});
			return {
				accessToken: signed.token,
				expiresInSeconds: Math.floor((signed.expiresAt - Date.now()) / 1000),
			};
		},
		options,
	);
	return { token: token.accessToken, fromCache, cacheKey };
}

/** giniPayJwtApi: `X-JWT-Authorization: Bearer <jwt>`; the user named in X-User-Identifier goes into the claims. */
export async function authenticateJwt(
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const settings = credentialSettings('jwt', credentials);
	assertSafeTarget(options, [['Pay API Base URL', settings.payApiUrl]]);
	if (findHeader(options.headers, 'Authorization') || findHeader(options.headers, JWT_HEADER)) {
		return withoutRedirects({
			...options,
			headers: withoutHeader(options.headers, USER_IDENTIFIER_HEADER),
		});
	}
	// A static JWT names its user itself.
	const user =
		settings.jwtSource === 'static'
			? ''
			: checkedUser(
					findHeader(options.headers, USER_IDENTIFIER_HEADER) ??
						defaultUser(settings.userIdentifier),
				);
	const { token } = await jwtForUser(settings, user);
	return withoutRedirects({
		...options,
		headers: {
			...withoutHeader(options.headers, USER_IDENTIFIER_HEADER),
			[JWT_HEADER]: `Bearer ${token}`,
		},
	});
}
