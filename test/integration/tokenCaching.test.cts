import { createPrivateKey } from 'node:crypto';

import { sharedTokenCache } from '../../nodes/GiniPay/shared/tokenCache';
import { DEMO_CLIENTS, startEmulator, type Emulator } from '../emulator/index.cts';
import { loadJose } from '../emulator/jose.cts';
import {
	basicCredential,
	invoiceItems,
	jwtCredential,
	outputJson,
	resetTokenCache,
	runGini,
	userCenterCredential,
	useGini,
} from './gini.cts';

const USER = { userEmail: 'cache@app.example.org', userPassword: 'secret-123' };
const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};

async function createUser(gini: Emulator, email: string, password = 'secret-123') {
	outputJson(
		await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: { resource: 'user', operation: 'create', email, password },
		}),
	);
}

describe('token caching in the engine', () => {
	const gini = useGini({ processingMs: 10 });

	beforeAll(async () => {
		await createUser(gini, USER.userEmail);
	});
	afterEach(() => jest.useRealTimers());

	it('acquires one user token for N items of one user', async () => {
		const result = await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini, USER),
			parameters: upload,
			items: await invoiceItems(5),
		});
		expect(outputJson(result)).toHaveLength(5);
		expect(gini.counters().tokenGrants).toMatchObject({ password: 1, total: 1 });
	});

	it('keeps the token across executions of the same process', async () => {
		for (let run = 0; run < 3; run++) {
			outputJson(
				await runGini({
					mode: 'userCenter',
					credential: userCenterCredential(gini, USER),
					parameters: upload,
					items: await invoiceItems(1),
				}),
			);
		}
		expect(gini.counters().tokenGrants.password).toBe(1);
	});

	it('shares one acquisition among 20 concurrent first requests', async () => {
		const items = await invoiceItems(1);
		const runs = await Promise.all(
			Array.from({ length: 20 }, () =>
				runGini({
					mode: 'userCenter',
					credential: userCenterCredential(gini, USER),
					parameters: upload,
					items,
				}),
			),
		);
		for (const run of runs) expect(outputJson(run)).toHaveLength(1);
		expect(gini.counters().tokenGrants.password).toBe(1);
		expect(gini.counters().documentsCreated).toBe(20);
	});

	it('renews a token before it expires, without a failed request', async () => {
		jest.useFakeTimers({
			doNotFake: [
				'nextTick',
				'setImmediate',
				'setTimeout',
				'setInterval',
				'clearTimeout',
				'clearInterval',
				'clearImmediate',
				'queueMicrotask',
				'hrtime',
				'performance',
			],
		});
		const start = Date.now();
		jest.setSystemTime(start);
		const run = async () =>
			outputJson(
				await runGini({
					mode: 'userCenter',
					credential: userCenterCredential(gini, USER),
					parameters: upload,
					items: await invoiceItems(1),
				}),
			);
		await run();
		// 43199 s lifetime: renewal starts when less than 4319.9 s remain; the token is still valid at Gini.
		jest.setSystemTime(start + (43199 - 4000) * 1000);
		await run();
		const counters = gini.counters();
		// The demo client issues refresh tokens, so the renewal is a refresh grant.
		expect(counters.tokenGrants).toMatchObject({ total: 2, password: 1, refresh_token: 1 });
		expect(counters.requests.byRoute['POST /documents']).toBe(2);
	});

	it('answers a revoked token with one re-acquisition and one retry', async () => {
		outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini, USER),
				parameters: upload,
				items: await invoiceItems(1),
			}),
		);
		gini.revokeAllTokens();
		const result = await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini, USER),
			parameters: upload,
			items: await invoiceItems(1),
		});
		expect(outputJson(result)).toHaveLength(1);
		const counters = gini.counters();
		expect(counters.tokenGrants.password).toBe(2);
		expect(counters.requests.byRoute['POST /documents']).toBe(3); // 1 + (401 + retry)
		expect(counters.documentsCreated).toBe(2);
	});

	it('uses different tokens for different users and different credentials', async () => {
		await createUser(gini, 'second@app.example.org');
		const items = await invoiceItems(1);
		const tokens = new Set<string>();
		for (const user of [
			USER,
			{ userEmail: 'second@app.example.org', userPassword: 'secret-123' },
		]) {
			const [login] = outputJson(
				await runGini({
					mode: 'userCenter',
					credential: userCenterCredential(gini, user),
					parameters: { resource: 'session', operation: 'login' },
					items,
				}),
			);
			tokens.add(login.accessToken as string);
		}
		expect(tokens.size).toBe(2);
		// Same user through a credential with another secret: a separate entry (and here Gini refuses the secret).
		const wrongSecret = await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini, { ...USER, clientSecret: 'not-the-secret' }),
			parameters: { resource: 'session', operation: 'login' },
		});
		expect(wrongSecret.error).toMatchObject({ httpCode: '401' });
		expect(gini.counters().tokenGrants.password).toBe(2);
	});

	it('signs one JWT per user and reuses it across executions', async () => {
		const credential = jwtCredential(gini);
		const before = sharedTokenCache.acquisitions;
		outputJson(
			await runGini({ mode: 'jwt', credential, parameters: upload, items: await invoiceItems(3) }),
		);
		outputJson(
			await runGini({ mode: 'jwt', credential, parameters: upload, items: await invoiceItems(1) }),
		);
		expect(sharedTokenCache.acquisitions - before).toBe(1);
		outputJson(
			await runGini({
				mode: 'jwt',
				credential,
				parameters: { ...upload, userIdentifier: 'someone-else' },
				items: await invoiceItems(1),
			}),
		);
		expect(sharedTokenCache.acquisitions - before).toBe(2);
	});

	it('sends Basic client credentials without acquiring any token', async () => {
		outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini),
				parameters: upload,
				items: await invoiceItems(3),
			}),
		);
		expect(gini.counters().tokenGrants.total).toBe(0);
	});
});

describe('refresh tokens', () => {
	let gini: Emulator;
	afterAll(async () => await gini.stop());
	afterEach(() => jest.useRealTimers());

	it('renews with the refresh token when Gini sent one, and falls back to a login when it is refused', async () => {
		gini = await startEmulator({
			processingMs: 10,
			clients: [{ ...DEMO_CLIENTS.anonymous, refreshTokens: true }],
		});
		resetTokenCache();
		await createUser(gini, USER.userEmail);
		jest.useFakeTimers({
			doNotFake: [
				'nextTick',
				'setImmediate',
				'setTimeout',
				'setInterval',
				'clearTimeout',
				'clearInterval',
				'clearImmediate',
				'queueMicrotask',
				'hrtime',
				'performance',
			],
		});
		const start = Date.now();
		jest.setSystemTime(start);
		const login = async () =>
			outputJson(
				await runGini({
					mode: 'userCenter',
					credential: userCenterCredential(gini, USER),
					parameters: { resource: 'session', operation: 'login' },
				}),
			)[0];
		const first = await login();
		expect(first.refreshToken).toEqual(expect.any(String));
		jest.setSystemTime(start + (43199 - 100) * 1000);
		const renewed = await login();
		expect(renewed).toMatchObject({ fromCache: false });
		expect(renewed.accessToken).not.toBe(first.accessToken);
		expect(gini.counters().tokenGrants).toMatchObject({ password: 1, refresh_token: 1 });
	});
});

describe('JWT signing for every algorithm, verified by the emulator with jose', () => {
	// Gini confirms only RS256 (its sample token); the others need the emulator's lenient fidelity.
	const gini = useGini({ processingMs: 10, fidelity: 'lenient' });

	const algorithms = [
		'RS256',
		'RS384',
		'RS512',
		'PS256',
		'PS384',
		'PS512',
		'ES256',
		'ES384',
		'ES512',
		'EdDSA',
	] as const;

	it.each(algorithms)('%s', async (algorithm) => {
		const { exportJWK, generateKeyPair } = loadJose();
		const { publicKey, privateKey } = await generateKeyPair(algorithm, {
			extractable: true,
			crv: algorithm === 'EdDSA' ? 'Ed25519' : undefined,
		});
		const jwk = { ...(await exportJWK(publicKey)), kid: `kid-${algorithm}`, alg: algorithm };
		const clientId = `jwt-client-${algorithm}`;
		gini.addClient({
			clientId,
			clientSecret: `secret-${algorithm}`,
			kind: 'derived',
			jwt: { issuer: 'https://idp.example.test', jwks: { keys: [jwk] } },
		});
		const privateJwk = JSON.stringify(await exportJWK(privateKey));
		const credential = jwtCredential(gini, {
			privateKey: privateJwk,
			algorithm,
			keyId: `kid-${algorithm}`,
			issuer: 'https://idp.example.test',
			clientId,
			clientSecret: `secret-${algorithm}`,
			userIdentifier: `user-${algorithm}`,
		});
		const [document] = outputJson(
			await runGini({ mode: 'jwt', credential, parameters: upload, items: await invoiceItems(1) }),
		);
		expect(gini.documents().find((doc) => doc.id === document.documentId)?.owner).toBe(
			`derived:${clientId}:user-${algorithm}`,
		);
	});

	it('accepts a static JWT and refuses an expired one before sending', async () => {
		const { SignJWT } = loadJose();
		const key = createPrivateKey(DEMO_CLIENTS.jwt.privateKeyPem);
		const sign = (exp: number) =>
			new SignJWT({ 'x-user-identifier': 'static-user', 'x-client-id': DEMO_CLIENTS.jwt.clientId })
				.setProtectedHeader({ alg: 'RS256', kid: DEMO_CLIENTS.jwt.keyId })
				.setIssuer(DEMO_CLIENTS.jwt.jwt!.issuer)
				.setIssuedAt()
				.setExpirationTime(exp)
				.sign(key);
		const now = Math.floor(Date.now() / 1000);
		const valid = await runGini({
			mode: 'jwt',
			credential: jwtCredential(gini, { jwtSource: 'static', staticToken: await sign(now + 600) }),
			parameters: { resource: 'document', operation: 'getAll', returnAll: true },
		});
		expect(valid.error).toBeUndefined();
		gini.resetCounters();
		const expired = await runGini({
			mode: 'jwt',
			credential: jwtCredential(gini, { jwtSource: 'static', staticToken: await sign(now - 60) }),
			parameters: { resource: 'document', operation: 'getAll', returnAll: true },
		});
		expect(expired.error?.message).toMatch(/^The credential's 'Token \(JWT\)' expired at /);
		expect(gini.counters().requests.total).toBe(0);
	});
});

describe('token answers without expires_in (Gini’s /login example is cut off before it)', () => {
	let gini: Emulator;
	afterEach(async () => {
		jest.useRealTimers();
		await gini?.stop();
	});
	const fakeClock = () => {
		jest.useFakeTimers({
			doNotFake: [
				'nextTick',
				'setImmediate',
				'setTimeout',
				'setInterval',
				'clearTimeout',
				'clearInterval',
				'clearImmediate',
				'queueMicrotask',
				'hrtime',
				'performance',
			],
		});
		const start = Date.now();
		jest.setSystemTime(start);
		return (seconds: number) => jest.setSystemTime(start + seconds * 1000);
	};
	const uploadAs = async (items = 1) =>
		outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini, USER),
				parameters: upload,
				items: await invoiceItems(items),
			}),
		);

	it('logs a User Center user in once for N calls', async () => {
		gini = await startEmulator({ processingMs: 10, tokenAnswers: { omitExpiresIn: true } });
		resetTokenCache();
		await createUser(gini, USER.userEmail);
		gini.resetCounters();
		await uploadAs(3);
		await uploadAs();
		await uploadAs();
		expect(gini.counters().tokenGrants).toMatchObject({ password: 1, total: 1 });
		expect(gini.counters().documentsCreated).toBe(5);
	});

	it('asks /login once for N Session > Login calls of one derived user', async () => {
		gini = await startEmulator({ processingMs: 10, tokenAnswers: { omitExpiresIn: true } });
		resetTokenCache();
		const logins = [];
		for (let run = 0; run < 3; run++) {
			logins.push(
				outputJson(
					await runGini({
						mode: 'basic',
						credential: basicCredential(gini),
						parameters: { resource: 'session', operation: 'login' },
					}),
				)[0],
			);
		}
		expect(gini.counters().tokenGrants.login).toBe(1);
		expect(new Set(logins.map((login) => login.accessToken)).size).toBe(1);
	});

	it('keeps a token for a conservative 5 minutes when nothing says how long it lives', async () => {
		gini = await startEmulator({ processingMs: 10, tokenAnswers: { omitExpiresIn: true } });
		resetTokenCache();
		await createUser(gini, USER.userEmail);
		gini.resetCounters();
		const at = fakeClock();
		await uploadAs();
		at(200);
		await uploadAs();
		expect(gini.counters().tokenGrants.total).toBe(1);
		// Renewed a minute before the 5 minutes are up, without a refused request.
		at(250);
		await uploadAs();
		// The demo client issues refresh tokens, so the renewal is a refresh grant.
		expect(gini.counters().tokenGrants).toMatchObject({ total: 2, password: 1, refresh_token: 1 });
		expect(gini.counters().requests.byRoute['POST /documents']).toBe(3);
	});

	it('keeps a JWT-shaped token as long as its own exp says', async () => {
		gini = await startEmulator({
			processingMs: 10,
			tokenTtlSeconds: 120,
			tokenAnswers: { omitExpiresIn: true, jwtAccessTokens: true },
		});
		resetTokenCache();
		await createUser(gini, USER.userEmail);
		gini.resetCounters();
		const at = fakeClock();
		await uploadAs();
		at(30);
		await uploadAs();
		expect(gini.counters().tokenGrants.total).toBe(1);
		// exp is 120 s away: renewal starts once less than 60 s remain, long before the 5-minute default.
		at(70);
		await uploadAs();
		expect(gini.counters().tokenGrants).toMatchObject({ total: 2, password: 1, refresh_token: 1 });
		expect(gini.counters().requests.byRoute['POST /documents']).toBe(3);
	});
});
