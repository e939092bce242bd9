// Pay API authentication: the documented curl calls replayed (docs/gini-api.md §2), and every 401 case.
import { loadJose } from './jose.cts';
import {
	ANONYMOUS,
	DERIVED,
	JWT_CLIENT,
	PAY_JSON,
	basic,
	bearer,
	derivedHeaders,
	json,
	signJwt,
	useEmulator,
} from './testkit.cts';

const emulator = useEmulator();

async function listDocuments(headers: Record<string, string>): Promise<Response> {
	return fetch(`${emulator().payApiUrl}/documents`, { headers });
}

async function expect401(response: Response): Promise<void> {
	expect(response.status).toBe(401);
	const body = await json(response);
	expect(typeof body.message).toBe('string');
	expect(body.requestId).toBe(response.headers.get('x-request-id'));
}

describe('Basic + X-User-Identifier (trusted backend, §2.1)', () => {
	test('the documented GET /documents call answers 200 with a documents list in v1+json', async () => {
		const response = await listDocuments(derivedHeaders('user_hash_123'));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(PAY_JSON);
		expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		expect(await json(response)).toEqual({ documents: [] });
	});

	test('wrong secret, unknown client and an anonymous-kind client are refused with 401', async () => {
		await expect401(await listDocuments(derivedHeaders('u', { ...DERIVED, clientSecret: 'nope' })));
		await expect401(await listDocuments(derivedHeaders('u', { ...DERIVED, clientId: 'ghost' })));
		await expect401(await listDocuments(derivedHeaders('u', ANONYMOUS)));
	});

	test('a missing or blank X-User-Identifier is 401, a non-ASCII one 400', async () => {
		await expect401(await listDocuments({ Accept: PAY_JSON, Authorization: basic(DERIVED) }));
		await expect401(await listDocuments(derivedHeaders('   ')));
		const latin1 = { ...derivedHeaders(), 'X-User-Identifier': 'm\u00fcller' };
		expect((await listDocuments(latin1)).status).toBe(400);
	});

	test('no credentials at all, or an unknown scheme, is 401 and never echoes the secret', async () => {
		await expect401(await listDocuments({ Accept: PAY_JSON }));
		const response = await listDocuments({ Authorization: 'Digest abc', Accept: PAY_JSON });
		await expect401(response);
		const wrong = await listDocuments(
			derivedHeaders('u', { ...DERIVED, clientSecret: 'sekrit-42' }),
		);
		expect(await wrong.text()).not.toContain('sekrit-42');
	});
});

describe('POST /login and Bearer user tokens (§2.3)', () => {
	async function login(headers: Record<string, string>): Promise<Response> {
		return fetch(`${emulator().payApiUrl}/login`, { method: 'POST', headers });
	}

	test('the documented /login call returns a bearer token usable with BEARER, Bearer and bearer', async () => {
		const response = await login(derivedHeaders('user_hash_123'));
		expect(response.status).toBe(200);
		const token = await json(response);
		expect(token).toEqual({
			access_token: expect.any(String),
			refresh_token: expect.any(String),
			token_type: 'bearer',
			expires_in: 43199,
		});
		for (const scheme of ['BEARER', 'Bearer', 'bearer']) {
			expect((await listDocuments(bearer(token.access_token, scheme))).status).toBe(200);
		}
	});

	test('the /login token acts for the same derived user as Basic + X-User-Identifier', async () => {
		const upload = await fetch(`${emulator().payApiUrl}/documents`, {
			method: 'POST',
			headers: derivedHeaders('same-user'),
			body: 'Rechnung 1',
		});
		expect(upload.status).toBe(201);
		const token = await json(await login(derivedHeaders('same-user')));
		const listed = await json(await listDocuments(bearer(token.access_token)));
		expect(listed.documents.map((d: { id: string }) => d.id)).toEqual([
			upload.headers.get('location')!.split('/').pop(),
		]);
	});

	test('no refresh_token when the client is not configured for refresh tokens', async () => {
		const client = { clientId: 'no-refresh', clientSecret: 'secret-1', kind: 'derived' as const };
		emulator().addClient(client);
		const token = await json(await login(derivedHeaders('u', client)));
		expect(token.access_token).toEqual(expect.any(String));
		expect(token).not.toHaveProperty('refresh_token');
	});

	test('/login refuses tokens and bad credentials with 401, and counts grants', async () => {
		const before = emulator().counters().tokenGrants.login;
		const token = await json(await login(derivedHeaders('x')));
		await expect401(await login(bearer(token.access_token)));
		await expect401(await login(derivedHeaders('x', { ...DERIVED, clientSecret: 'bad' })));
		expect(emulator().counters().tokenGrants.login).toBe(before + 1);
	});

	test('unknown, revoked and client tokens are refused on the Pay API with 401', async () => {
		await expect401(await listDocuments(bearer('not-a-token')));
		const token = (await json(await login(derivedHeaders('r')))).access_token;
		emulator().revokeToken(token);
		await expect401(await listDocuments(bearer(token)));
		const clientToken = await json(
			await fetch(`${emulator().userCenterUrl}/oauth/token?grant_type=client_credentials`, {
				headers: { Accept: 'application/json', Authorization: basic(ANONYMOUS) },
			}),
		);
		await expect401(await listDocuments(bearer(clientToken.access_token)));
	});

	test('revokeAllTokens ends every live access token', async () => {
		const a = (await json(await login(derivedHeaders('a')))).access_token;
		const b = (await json(await login(derivedHeaders('b')))).access_token;
		emulator().revokeAllTokens();
		await expect401(await listDocuments(bearer(a)));
		await expect401(await listDocuments(bearer(b)));
	});
});

describe('X-JWT-Authorization (§2.2)', () => {
	function jwtHeaders(token: string): Record<string, string> {
		return { Accept: PAY_JSON, 'X-JWT-Authorization': `Bearer ${token}` };
	}

	test('a JWT signed with the demo key is accepted, for the same user as Basic', async () => {
		const token = await signJwt({
			'x-user-identifier': 'jwt-user',
			'x-client-secret': JWT_CLIENT.clientSecret,
		});
		const response = await listDocuments(jwtHeaders(token));
		expect(response.status).toBe(200);
		const viaBasic = await listDocuments(derivedHeaders('jwt-user', JWT_CLIENT));
		expect(viaBasic.status).toBe(200);
		expect(Object.keys(emulator().counters().requests.byUser)).toContain(
			`derived:${JWT_CLIENT.clientId}:jwt-user`,
		);
	});

	test('POST /login accepts a JWT and returns a user token', async () => {
		const response = await fetch(`${emulator().payApiUrl}/login`, {
			method: 'POST',
			headers: jwtHeaders(await signJwt()),
		});
		expect(response.status).toBe(200);
		const token = await json(response);
		expect((await listDocuments(bearer(token.access_token))).status).toBe(200);
	});

	test.each([
		['another issuer', () => signJwt({}, { issuer: 'https://evil.example.test' })],
		['an expired exp', () => signJwt({}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })],
		['no exp', () => signJwt({}, { expiresIn: 'none' })],
		['no user identifier', () => signJwt({ 'x-user-identifier': undefined })],
		['an empty user identifier', () => signJwt({ 'x-user-identifier': '' })],
		['an unknown client id', () => signJwt({ 'x-client-id': 'ghost' })],
		['a wrong client secret claim', () => signJwt({ 'x-client-secret': 'wrong' })],
		['a client id of a client without JWT', () => signJwt({ 'x-client-id': DERIVED.clientId })],
		[
			'an HMAC signature',
			async () => {
				// Buffer, not TextEncoder: jose lives in Node's realm, outside Jest's sandbox.
				return signJwt({}, { alg: 'HS256', key: Buffer.alloc(32, 'x') });
			},
		],
	])('a JWT with %s is refused with 401', async (_name, make) => {
		await expect401(await listDocuments(jwtHeaders(await make())));
	});

	test('a JWT signed by a key outside the JWK set is refused with 401', async () => {
		const { privateKey } = await loadJose().generateKeyPair('RS256');
		await expect401(await listDocuments(jwtHeaders(await signJwt({}, { key: privateKey }))));
	});

	test('a tampered payload is refused with 401', async () => {
		const [header, , signature] = (await signJwt()).split('.');
		const payload = Buffer.from(
			JSON.stringify({
				iss: JWT_CLIENT.jwt!.issuer,
				exp: 4102444800,
				'x-user-identifier': 'admin',
				'x-client-id': JWT_CLIENT.clientId,
			}),
		).toString('base64url');
		await expect401(await listDocuments(jwtHeaders(`${header}.${payload}.${signature}`)));
	});

	test.each([
		['RS', 'RS384', undefined],
		['PS', 'PS256', undefined],
		['ES', 'ES256', undefined],
		['EdDSA', 'EdDSA', 'Ed25519'],
	])(
		'the %s family (unconfirmed at Gini) is 401 when strict and verifies when lenient',
		async (family, alg, crv) => {
			const jose = loadJose();
			const { privateKey, publicKey } = await jose.generateKeyPair(alg, { crv, extractable: true });
			const jwk = { ...(await jose.exportJWK(publicKey)), kid: `${family}-key`, alg };
			const client = {
				clientId: `jwt-${family}`,
				clientSecret: 's3cret',
				kind: 'derived' as const,
				jwt: {
					issuer: 'https://idp.family.test',
					jwks: { keys: [jwk] },
					claims: { userIdentifier: 'sub', clientId: 'azp' },
				},
			};
			emulator().addClient(client);
			const token = await signJwt(
				{ sub: `user-${family}`, azp: client.clientId },
				{ key: privateKey, alg, kid: jwk.kid, issuer: client.jwt.issuer },
			);
			await expect401(await listDocuments(jwtHeaders(token)));
			emulator().setFidelity('lenient');
			try {
				expect((await listDocuments(jwtHeaders(token))).status).toBe(200);
			} finally {
				emulator().setFidelity('strict');
			}
			expect(
				emulator().counters().requests.byUser[`derived:${client.clientId}:user-${family}`],
			).toBe(1);
		},
	);

	test('RS256 with a kid, the setup Gini documents, verifies when strict', async () => {
		const jose = loadJose();
		const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
		const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'strict-rs256', alg: 'RS256' };
		const client = {
			clientId: 'jwt-strict-rs256',
			clientSecret: 's3cret',
			kind: 'derived' as const,
			jwt: { issuer: 'https://idp.strict.test', jwks: { keys: [jwk] } },
		};
		emulator().addClient(client);
		const token = await signJwt(
			{ 'x-client-id': client.clientId },
			{ key: privateKey, alg: 'RS256', kid: jwk.kid, issuer: client.jwt.issuer },
		);
		expect((await listDocuments(jwtHeaders(token))).status).toBe(200);
	});
});

describe('token expiry', () => {
	const shortLived = useEmulator({ tokenTtlSeconds: 0.3 });

	test('a token stops working once its TTL has passed, and expires_in never overstates it', async () => {
		const response = await fetch(`${shortLived().payApiUrl}/login`, {
			method: 'POST',
			headers: derivedHeaders('ttl'),
		});
		const token = await json(response);
		expect(token.expires_in).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 400));
		const after = await fetch(`${shortLived().payApiUrl}/documents`, {
			headers: bearer(token.access_token),
		});
		await expect401(after);
	});
});

describe('token answers without expires_in, and JWT-shaped tokens', () => {
	const variant = useEmulator({
		tokenAnswers: { omitExpiresIn: true, jwtAccessTokens: true },
		tokenTtlSeconds: 120,
	});

	test('/login leaves out expires_in; the token is a JWT whose exp is its real expiry, and it works', async () => {
		const before = Math.floor(Date.now() / 1000);
		const response = await fetch(`${variant().payApiUrl}/login`, {
			method: 'POST',
			headers: derivedHeaders('no-expiry'),
		});
		expect(response.status).toBe(200);
		const token = await json(response);
		expect(token).not.toHaveProperty('expires_in');
		const payload = loadJose().decodeJwt(token.access_token);
		expect(payload.exp).toBeGreaterThanOrEqual(before + 119);
		expect(payload.exp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 120);
		const documents = await fetch(`${variant().payApiUrl}/documents`, {
			headers: bearer(token.access_token),
		});
		expect(documents.status).toBe(200);
	});
});
