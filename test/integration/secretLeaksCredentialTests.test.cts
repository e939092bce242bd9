/**
 * The secret-leak scan of secretLeaks.test.cts (same evidence locker, secretScan.cts), extended to credential tests,
 * redirects and foreign hosts: when a base URL redirects (302, 307) or another node aims a Gini credential at another
 * host, no client secret, password, Basic header value, private key or JWT reaches the redirect's target or the other
 * host, and none appears in a credential-test message, an error, a log line or run data. What the target received is
 * filed as evidence too, and "the scan itself" shows that evidence would reveal a secret that did arrive.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';

import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { loadJose } from '../emulator/index.cts';
import { testCredential } from '../harness/index.cts';
import { startLoopbackServer, type LoopbackServer } from '../harness/loopback-server.cts';
import { secretFragments } from '../unit/jwtFixtures.cts';
import { runGini, type Mode, useGini } from './gini.cts';
import { runOtherNode } from './otherNode.cts';
import { EvidenceLocker, render } from './secretScan.cts';

const secret = (label: string) => `${label}-${randomUUID()}-${randomUUID()}`;
const S = {
	basic: secret('basic-client-secret'),
	jwt: secret('jwt-client-secret'),
	anonymous: secret('anonymous-client-secret'),
	password: secret('user-password'),
};
const CLIENT = {
	basic: 'redirect-derived-client',
	jwt: 'redirect-jwt-client',
	anonymous: 'redirect-anonymous-client',
};
const ISSUER = 'https://idp.redirects.example.test';
const EMAIL = 'redirects@app.example.org';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const locker = new EvidenceLocker();
let staticJwt = '';
const gini = useGini({
	processingMs: 0,
	clients: [
		{ clientId: CLIENT.basic, clientSecret: S.basic, kind: 'derived' },
		{ clientId: CLIENT.anonymous, clientSecret: S.anonymous, kind: 'anonymous' },
		{
			clientId: CLIENT.jwt,
			clientSecret: S.jwt,
			kind: 'derived',
			jwt: {
				issuer: ISSUER,
				jwks: {
					keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'redirect-rsa', alg: 'RS256' }],
				},
			},
		},
	],
});
/** Where redirects point, and the "other host" another node aims at: answers like a healthy Gini. */
let elsewhere: LoopbackServer;
/** A base URL that redirects every request to `elsewhere`, keeping path and query. */
let redirector: LoopbackServer;
let redirectStatus = 302;

beforeAll(async () => {
	elsewhere = await startLoopbackServer((request) =>
		request.url.startsWith('/oauth/token')
			? { body: { access_token: 'token-from-elsewhere', token_type: 'bearer', expires_in: 3600 } }
			: { body: { documents: [] } },
	);
	redirector = await startLoopbackServer((request) => ({
		status: redirectStatus,
		headers: { location: `${elsewhere.url}${request.url}` },
	}));
	const { SignJWT } = loadJose();
	staticJwt = await new SignJWT({
		'x-user-identifier': 'static-user',
		'x-client-id': CLIENT.jwt,
		'x-client-secret': S.jwt,
	})
		.setProtectedHeader({ alg: 'RS256', kid: 'redirect-rsa' })
		.setIssuer(ISSUER)
		.setExpirationTime('10 minutes')
		.sign(rsa.privateKey);
	locker.watchTokenCache();
});
afterAll(async () => {
	locker.stopWatching();
	await Promise.all([elsewhere.close(), redirector.close()]);
});
beforeEach(() => {
	elsewhere.requests.length = 0;
	redirector.requests.length = 0;
});

type Name = 'basic' | 'jwt' | 'jwtStatic' | 'userCenter';
const MODE: Record<Name, Mode> = {
	basic: 'basic',
	jwt: 'jwt',
	jwtStatic: 'jwt',
	userCenter: 'userCenter',
};
const TYPE: Record<Mode, () => ICredentialType> = {
	basic: () => new GiniPayBasicApi(),
	jwt: () => new GiniPayJwtApi(),
	userCenter: () => new GiniUserCenterApi(),
};

/** `base` replaces the URL the credential test uses: the Pay API's, or the User Center's for the User Center. */
function credential(name: Name, base?: string, data: ICredentialDataDecryptedObject = {}) {
	const payApiUrl = name === 'userCenter' ? gini.payApiUrl : (base ?? gini.payApiUrl);
	const jwt = {
		payApiUrl,
		issuer: ISSUER,
		clientId: CLIENT.jwt,
		clientSecret: S.jwt,
		userIdentifier: 'redirect-user',
	};
	const all: Record<Name, ICredentialDataDecryptedObject> = {
		basic: {
			payApiUrl,
			clientId: CLIENT.basic,
			clientSecret: S.basic,
			userIdentifier: 'redirect-user',
		},
		jwt: {
			...jwt,
			jwtSource: 'sign',
			privateKey: rsaPem,
			algorithm: 'RS256',
			keyId: 'redirect-rsa',
		},
		jwtStatic: { ...jwt, jwtSource: 'static', staticToken: staticJwt },
		userCenter: {
			payApiUrl,
			userCenterUrl: base ?? gini.userCenterUrl,
			clientId: CLIENT.anonymous,
			clientSecret: S.anonymous,
			userEmail: EMAIL,
			userPassword: S.password,
		},
	};
	return { ...all[name], ...data };
}

function secretsToFind(): Record<string, string[]> {
	const basic = (id: string, value: string) => Buffer.from(`${id}:${value}`).toString('base64');
	return {
		'client secret': [S.basic, S.jwt, S.anonymous],
		password: [S.password],
		'Basic header value': [basic(CLIENT.basic, S.basic), basic(CLIENT.anonymous, S.anonymous)],
		'RSA private key (PEM body)': secretFragments(rsaPem.replace(/-----[A-Z ]+-----/g, '')),
		'token or JWT': [...locker.tokens, staticJwt],
	};
}

/** Files what reached the other host: method, path, headers and body of every request it answered. */
function fileWhatArrived(label: string): void {
	locker.add(
		`${label}: what ${elsewhere.url} received`,
		render(
			elsewhere.requests.map((request) => ({ ...request, body: request.body.toString('utf8') })),
		),
	);
}

const NAMES: Name[] = ['basic', 'jwt', 'jwtStatic', 'userCenter'];

describe('nothing secret reaches a redirect target or another host, or shows in a message', () => {
	let since = 0;
	beforeEach(() => {
		since = locker.evidence.length;
	});
	afterEach(() => {
		expect(locker.evidence.length).toBeGreaterThan(since);
		expect(elsewhere.requests).toEqual([]);
		expect(locker.findings(secretsToFind(), since)).toEqual([]);
	});

	describe.each([302, 307])('a base URL answering %i', (status) => {
		beforeEach(() => {
			redirectStatus = status;
		});

		it.each(NAMES)('%s: the credential test', async (name) => {
			const result = await testCredential(TYPE[MODE[name]](), credential(name, redirector.url));
			expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/redirect/) });
			locker.add(`credential test (${name}, ${status})`, render(result));
			fileWhatArrived(`credential test (${name}, ${status})`);
		});

		it.each(NAMES)('%s: a node run, token requests and password grant included', async (name) => {
			const result = await runGini({
				mode: MODE[name],
				credential: credential(name, redirector.url),
				parameters: { resource: 'document', operation: 'getAll', returnAll: false, limit: 1 },
			});
			// The redirect was answered to the node (whether the node calls that an error is not this file's concern).
			expect(redirector.requests.length).toBeGreaterThan(0);
			locker.run(`node run (${name}, ${status})`, result);
			fileWhatArrived(`node run (${name}, ${status})`);
		});
	});

	it.each(NAMES)('%s: another node aiming the credential at another host', async (name) => {
		for (const request of [
			{ helper: 'http', url: `${elsewhere.url}/oauth/token` },
			{ helper: 'legacy', url: `${elsewhere.url}/documents`, followRedirects: true },
			{
				helper: 'http',
				baseURL: credential(name).payApiUrl as string,
				url: `${elsewhere.url}/documents`,
			},
		] as const) {
			const result = await runOtherNode(MODE[name], credential(name), request);
			expect(result.error?.message).toMatch(/^Refusing to send the Gini credential/);
			locker.run(`other node (${name}, ${request.helper}, ${request.url})`, result);
		}
		fileWhatArrived(`other node (${name})`);
	});

	it.each(NAMES)('%s: credential tests of settings the node refuses', async (name) => {
		for (const data of [
			{ payApiUrl: `${gini.payApiUrl}?key=${S.basic}` } as ICredentialDataDecryptedObject,
			{ userCenterUrl: `${gini.userCenterUrl}#${S.anonymous}` },
			{ userIdentifier: `user\r\n${S.password}` },
		]) {
			const result = await testCredential(TYPE[MODE[name]](), credential(name, undefined, data));
			locker.add(`credential test (${name}, ${Object.keys(data).join()})`, render(result));
		}
		fileWhatArrived(`refused settings (${name})`);
	});
});

describe('the scan itself', () => {
	it.each<[Name, string]>([
		['basic', 'Basic header value'],
		['jwt', 'token or JWT'],
		['jwtStatic', 'token or JWT'],
		['userCenter', 'Basic header value'],
	])(
		'%s: finds the %s when a credential test really goes to the recorded host',
		async (name, kind) => {
			const since = locker.evidence.length;
			const result = await testCredential(TYPE[MODE[name]](), credential(name, elsewhere.url));
			expect(result.status).toBe('OK');
			fileWhatArrived(`control (${name})`);
			expect(locker.findings(secretsToFind(), since)).toContainEqual([
				`control (${name}): what ${elsewhere.url} received`,
				kind,
			]);
		},
	);
});
