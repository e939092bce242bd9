/**
 * No secret leaks: across every operation and auth mode, on success and on failure (wrong secrets, 401s,
 * 422s, faults, timeouts), no client secret, password, private key, token or Basic header value appears in an error,
 * a log line, a credential test result or the run data n8n stores, except the token in Login's output and the
 * generated password in Create User's. The secrets are long and unique to this file, so a leak cannot hide.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';

import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { loadJose } from '../emulator/index.cts';
import { testCredential } from '../harness/index.cts';
import { secretFragments } from '../unit/jwtFixtures.cts';
import { invoiceItems, runGini, type Mode, useGini } from './gini.cts';
import { EvidenceLocker, render } from './secretScan.cts';

const secret = (label: string) => `${label}-${randomUUID()}-${randomUUID()}`;
const S = {
	basic: secret('basic-client-secret'),
	jwt: secret('jwt-client-secret'),
	anonymous: secret('anonymous-client-secret'),
	wrong: secret('wrong-client-secret'),
	password: secret('user-password'),
	given: secret('given-password'),
	wrongPassword: secret('wrong-password'),
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ecJwk = ec.privateKey.export({ format: 'jwk' });
const ISSUER = 'https://idp.leaks.example.test';
const EMAIL = 'leaks@app.example.org';
const CLIENT = {
	basic: 'leak-derived-client',
	jwt: 'leak-jwt-client',
	anonymous: 'leak-anonymous-client',
};

// Runs that wait for Gini for seconds by design: jest's 5 s default fails them on a busy machine.
jest.setTimeout(30_000);

const locker = new EvidenceLocker();
const generatedPasswords: string[] = [];
let staticJwt = '';
const gini = useGini({
	processingMs: 0,
	// The ES256 key below is an algorithm Gini does not confirm: only lenient fidelity accepts it.
	fidelity: 'lenient',
	clients: [
		{ clientId: CLIENT.basic, clientSecret: S.basic, kind: 'derived', refreshTokens: true },
		{
			clientId: CLIENT.anonymous,
			clientSecret: S.anonymous,
			kind: 'anonymous',
			refreshTokens: true,
		},
		{
			clientId: CLIENT.jwt,
			clientSecret: S.jwt,
			kind: 'derived',
			refreshTokens: true,
			jwt: {
				issuer: ISSUER,
				jwks: {
					keys: [
						{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'leak-rsa', alg: 'RS256' },
						{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'leak-ec', alg: 'ES256' },
					],
				},
			},
		},
	],
});

beforeAll(async () => {
	const { SignJWT } = loadJose();
	staticJwt = await new SignJWT({
		'x-user-identifier': 'static-user',
		'x-client-id': CLIENT.jwt,
		'x-client-secret': S.jwt,
	})
		.setProtectedHeader({ alg: 'RS256', kid: 'leak-rsa' })
		.setIssuer(ISSUER)
		.setExpirationTime('10 minutes')
		.sign(rsa.privateKey);
	locker.watchTokenCache();
	await run(
		'userCenter',
		{ resource: 'user', operation: 'create', email: EMAIL, password: S.password },
		'ok',
	);
});
afterAll(async () => {
	locker.stopWatching();
});

type CredentialName = Mode | 'jwtJwk' | 'jwtStatic';

function credential(
	name: CredentialName,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	const payApiUrl = gini.payApiUrl;
	const jwt = {
		payApiUrl,
		jwtSource: 'sign',
		issuer: ISSUER,
		clientId: CLIENT.jwt,
		clientSecret: S.jwt,
		userIdentifier: 'leak-user',
	};
	const base: Record<CredentialName, ICredentialDataDecryptedObject> = {
		basic: {
			payApiUrl,
			clientId: CLIENT.basic,
			clientSecret: S.basic,
			userIdentifier: 'leak-user',
		},
		jwt: { ...jwt, privateKey: rsaPem, algorithm: 'RS256', keyId: 'leak-rsa' },
		jwtJwk: { ...jwt, privateKey: JSON.stringify(ecJwk), algorithm: 'ES256', keyId: 'leak-ec' },
		jwtStatic: { ...jwt, jwtSource: 'static', staticToken: staticJwt },
		userCenter: {
			payApiUrl,
			userCenterUrl: gini.userCenterUrl,
			clientId: CLIENT.anonymous,
			clientSecret: S.anonymous,
			userEmail: EMAIL,
			userPassword: S.password,
		},
	};
	return { ...base[name], ...data };
}

let runs = 0;
/**
 * One run of the node, its evidence filed; `allowed` output fields may hold a secret on purpose. `outcome` is what
 * every output item must show ('ok', or a part of its error; 'mixed' checks none), so that each path really is the one meant.
 */
async function run(
	name: CredentialName,
	parameters: INodeParameters,
	outcome: string,
	options: { data?: ICredentialDataDecryptedObject; allowed?: string[]; items?: number } = {},
) {
	const mode: Mode = name === 'jwtJwk' || name === 'jwtStatic' ? 'jwt' : name;
	const result = await runGini({
		mode,
		credential: credential(name, options.data),
		parameters,
		items: options.items ? await invoiceItems(options.items) : [{ json: {} }],
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	for (const item of outcome === 'mixed' ? [] : result.output('Gini Pay')) {
		if (outcome === 'ok') expect(item.json).not.toHaveProperty('error');
		else expect(String(item.json.error)).toContain(outcome);
	}
	return locker.run(
		`run ${++runs} (${name}, ${String(parameters.resource)}/${String(parameters.operation)})`,
		result,
		options.allowed,
	);
}

function basicValue(id: string, value: string): string {
	return Buffer.from(`${id}:${value}`).toString('base64');
}

function secretsToFind(): Record<string, string[]> {
	const basicValues = Object.values(CLIENT).flatMap((id) =>
		[S.basic, S.jwt, S.anonymous, S.wrong].map((value) => basicValue(id, value)),
	);
	return {
		'client secret': [S.basic, S.jwt, S.anonymous, S.wrong],
		password: [S.password, S.given, S.wrongPassword, ...generatedPasswords],
		'Basic header value': basicValues,
		'RSA private key (PEM body)': secretFragments(rsaPem.replace(/-----[A-Z ]+-----/g, '')),
		'EC private key (JWK d)': secretFragments(String(ecJwk.d)),
		'token or JWT': [...locker.tokens, staticJwt],
	};
}

const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};
const login = { resource: 'session', operation: 'login' };

async function documentOperations(name: CredentialName) {
	const [document] = (await run(name, upload, 'ok', { items: 2 })).output('Gini Pay');
	const documentId = String(document.json.documentId);
	await run(name, { resource: 'document', operation: 'get', documentId }, 'ok');
	await run(name, { resource: 'document', operation: 'getAll', returnAll: true }, 'ok');
	await run(name, { resource: 'document', operation: 'getExtractions', documentId }, 'ok');
	await run(
		name,
		{
			resource: 'document',
			operation: 'sendFeedback',
			documentId,
			feedbackSource: 'fields',
			summary: { amount: 1.5, iban: 'DE89370400440532013000' },
		},
		'ok',
	);
	// 422: Gini refuses the value.
	await run(
		name,
		{
			resource: 'document',
			operation: 'sendFeedback',
			documentId,
			feedbackSource: 'fields',
			summary: { iban: 'not an iban' },
		},
		'answered 422',
	);
	await run(name, { resource: 'document', operation: 'delete', documentId }, 'ok');
	await run(name, { resource: 'document', operation: 'get', documentId }, 'answered 404');
	const paymentRequestId = gini.seedPaymentRequest({
		iban: 'DE89370400440532013000',
		amount: '9.99:EUR',
		purpose: 'RE-9',
		recipient: 'Gini',
	});
	await run(name, { resource: 'paymentRequest', operation: 'get', paymentRequestId }, 'ok');
	await run(
		name,
		{
			resource: 'paymentRequest',
			operation: 'resolve',
			paymentRequestId,
			iban: 'DE89370400440532013000',
			amount: 9.99,
			purpose: 'RE-9',
		},
		'ok',
	);
	await run(name, { resource: 'payment', operation: 'get', paymentRequestId }, 'ok');
	await run(name, { ...login, options: { forceNew: true } }, 'ok', {
		allowed: ['accessToken', 'refreshToken'],
	});
}

describe('no secret in errors, logs or outputs', () => {
	let since = 0;
	beforeEach(() => {
		since = locker.evidence.length;
	});
	afterEach(() => {
		expect(locker.evidence.length).toBeGreaterThan(since);
		expect(locker.findings(secretsToFind(), since)).toEqual([]);
	});

	it.each<CredentialName>(['basic', 'jwt', 'jwtJwk', 'jwtStatic', 'userCenter'])(
		'%s: every operation, success and Gini’s refusals',
		async (name) => {
			await documentOperations(name);
		},
	);

	it('User Center: users created with a given and a generated password, read, logged in, and refused', async () => {
		await run(
			'userCenter',
			{ resource: 'user', operation: 'create', email: 'given@app.example.org', password: S.given },
			'ok',
		);
		const generated = await run(
			'userCenter',
			{ resource: 'user', operation: 'create', email: 'generated@app.example.org' },
			'ok',
			{ allowed: ['password'] },
		);
		const [user] = generated.output('Gini Pay');
		generatedPasswords.push(String(user.json.password));
		await run(
			'userCenter',
			{ resource: 'user', operation: 'get', userId: String(user.json.id) },
			'ok',
		);
		await run('userCenter', login, 'refused the e-mail or password', {
			data: { userPassword: S.wrongPassword },
		});
		await run('userCenter', upload, 'answered 401', { data: { clientSecret: S.wrong }, items: 1 });
		await run(
			'userCenter',
			{ resource: 'user', operation: 'create', email: 'x@app.example.org', password: S.given },
			'answered 401',
			{ data: { clientSecret: S.wrong } },
		);
		gini.revokeAllTokens();
		await run('userCenter', upload, 'ok', { items: 2 });
		gini.setFaults({
			revokeTokensEveryNRequests: 2,
			routes: ['POST /documents', 'GET /documents/{id}', 'POST /oauth/token'],
		});
		// Revoked faster than tokens can be used: some items fail with 401, which must not echo the token either.
		await run('userCenter', { ...upload, requestOptions: { concurrency: 3 } }, 'mixed', {
			items: 4,
		});
	});

	it('wrong secrets, keys and tokens in every mode', async () => {
		await run('basic', upload, 'answered 401', { data: { clientSecret: S.wrong }, items: 1 });
		await run('basic', login, 'answered 401', { data: { clientSecret: S.wrong } });
		await run('jwt', upload, 'answered 401', { data: { clientSecret: S.wrong }, items: 1 });
		await run('jwt', upload, 'answered 401', {
			data: { issuer: 'https://not-the-issuer.example' },
			items: 1,
		});
		await run('jwt', upload, 'The PEM key is incomplete', {
			data: { privateKey: rsaPem.slice(0, 400) },
			items: 1,
		});
		await run('jwtJwk', upload, 'Algorithm RS256 needs an RSA private key', {
			data: { algorithm: 'RS256' },
			items: 1,
		});
		await run('jwtJwk', upload, 'The private JWK could not be read', {
			data: { privateKey: JSON.stringify({ ...ecJwk, crv: 'P-999' }) },
			items: 1,
		});
		await run('jwtStatic', upload, 'answered 401', {
			data: { staticToken: `${staticJwt}x` },
			items: 1,
		});
		await run(
			'jwtStatic',
			{ ...upload, userIdentifier: 'someone' },
			'A token issued elsewhere names its user itself',
			{ items: 1 },
		);
		await run('basic', upload, 'must use https', {
			data: { payApiUrl: 'http://pay-api.gini.net' },
			items: 1,
		});
	});

	it('network failures, retries, lost answers and timeouts', async () => {
		const fast = { maxRetries: 1 };
		gini.setFaults({ share503: 1, retryAfterSeconds: 0, routes: ['POST /documents'] });
		await run('basic', { ...upload, requestOptions: fast }, 'answered 503', { items: 1 });
		gini.setFaults({ share429: 1, retryAfterSeconds: 0, routes: ['POST /oauth/token'] });
		await run('userCenter', { ...upload, requestOptions: fast }, 'answered 429', { items: 1 });
		gini.setFaults({ shareReset: 1, routes: ['POST /documents'] });
		await run('jwt', { ...upload, requestOptions: fast }, 'sending it again failed', { items: 1 });
		gini.setFaults({ shareResetAfterCommit: 1, routes: ['POST /documents'] });
		await run('userCenter', upload, 'answer to the upload was lost', { items: 1 });
		gini.setFaults({ latencyMs: 1500, routes: ['GET /documents'] });
		await run(
			'basic',
			{
				resource: 'document',
				operation: 'getAll',
				returnAll: true,
				requestOptions: { requestTimeout: 1, maxRetries: 0 },
			},
			'did not answer within 1 s',
		);
	});

	it('credential tests, passing and failing', async () => {
		const cases: Array<
			[
				typeof GiniPayBasicApi | typeof GiniPayJwtApi | typeof GiniUserCenterApi,
				CredentialName,
				ICredentialDataDecryptedObject,
			]
		> = [
			[GiniPayBasicApi, 'basic', {}],
			[GiniPayBasicApi, 'basic', { clientSecret: S.wrong }],
			[GiniPayJwtApi, 'jwt', {}],
			[GiniPayJwtApi, 'jwt', { clientSecret: S.wrong }],
			[GiniPayJwtApi, 'jwtJwk', { algorithm: 'RS256' }],
			[GiniPayJwtApi, 'jwtStatic', {}],
			[GiniUserCenterApi, 'userCenter', {}],
			[GiniUserCenterApi, 'userCenter', { clientSecret: S.wrong }],
		];
		for (const [Type, name, data] of cases) {
			locker.add(
				`credential test (${name} ${JSON.stringify(Object.keys(data))})`,
				render(await testCredential(new Type(), credential(name, data))),
			);
		}
	});
});

describe('the scan itself', () => {
	it('finds each kind of secret when it is there', async () => {
		const since = locker.evidence.length;
		const result = await run('userCenter', login, 'ok');
		const [output] = result.output('Gini Pay');
		expect(locker.tokens.has(String(output.json.accessToken))).toBe(true);
		locker.add(
			'planted',
			`Basic ${basicValue(CLIENT.basic, S.basic)} ${rsaPem.slice(200, 260)} ${String(ecJwk.d)} ` +
				`${S.anonymous} ${S.password}`,
		);
		const found = locker.findings(secretsToFind(), since);
		expect(found.map(([, name]) => name).sort()).toEqual(
			[
				'Basic header value',
				'client secret',
				'password',
				'EC private key (JWK d)',
				'RSA private key (PEM body)',
				'token or JWT',
			].sort(),
		);
		locker.evidence.splice(since);
	});
});
