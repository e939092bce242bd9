/**
 * Credential tests do not follow redirects: a base URL that answers 3xx fails the test with a plain message, and
 * nothing (no Basic header, no JWT, no token request) reaches the redirect's target. The base URL is a loopback
 * server that redirects to a second loopback server on another port, which answers like Gini would, so a test that
 * followed the redirect would report "Connection successful".
 */
import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { testCredential } from '../harness/index.cts';
import { startLoopbackServer, type LoopbackServer } from '../harness/loopback-server.cts';
import { basicCredential, jwtCredential, userCenterCredential, useGini } from './gini.cts';

const gini = useGini();
/** Where the redirects point: answers every request like a healthy Gini. */
let elsewhere: LoopbackServer;
/** The configured base URL: redirects every request to `elsewhere`, keeping path and query. */
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
});
afterAll(async () => {
	await Promise.all([elsewhere.close(), redirector.close()]);
});
beforeEach(() => {
	elsewhere.requests.length = 0;
	redirector.requests.length = 0;
});

const cases: Array<[string, () => ICredentialType, () => ICredentialDataDecryptedObject]> = [
	[
		'Basic',
		() => new GiniPayBasicApi(),
		() => basicCredential(gini, { payApiUrl: redirector.url }),
	],
	['JWT', () => new GiniPayJwtApi(), () => jwtCredential(gini, { payApiUrl: redirector.url })],
	[
		'User Center',
		() => new GiniUserCenterApi(),
		() => userCenterCredential(gini, { userCenterUrl: redirector.url }),
	],
];

describe.each([301, 302, 303, 307, 308])('a base URL answering %i', (status) => {
	beforeEach(() => {
		redirectStatus = status;
	});

	it.each(cases)(
		'%s: the test fails and sends nothing to the target',
		async (_name, type, data) => {
			const result = await testCredential(type(), data());
			expect(redirector.requests).toHaveLength(1);
			expect(elsewhere.requests).toHaveLength(0);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/redirect/i);
			expect(result.message).toMatch(/Base URL/);
		},
	);
});

describe('without a redirect', () => {
	it.each([
		['Basic', () => testCredential(new GiniPayBasicApi(), basicCredential(gini))],
		['JWT', () => testCredential(new GiniPayJwtApi(), jwtCredential(gini))],
		['User Center', () => testCredential(new GiniUserCenterApi(), userCenterCredential(gini))],
	])('%s: the test still passes against Gini', async (_name, run) => {
		expect(await run()).toMatchObject({ status: 'OK' });
	});
});
