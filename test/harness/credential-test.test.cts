import type { ICredentialType } from 'n8n-workflow';

import { captureLogs, formatLogs, testCredential } from './index.cts';
import { API_KEY, CLIENT_SECRET, startProbeApi, type ProbeApi } from './probe-api.cts';
import { startLoopbackServer } from './loopback-server.cts';
import { ProbeKeyApi, ProbeTokenApi } from './probe-node.cts';

let server: ProbeApi;

beforeAll(async () => {
	server = await startProbeApi();
});

afterAll(async () => await server.close());

beforeEach(() => server.reset());

describe('testCredential', () => {
	test('passes when the test request, built from $credentials and authenticate, succeeds', async () => {
		const result = await testCredential(new ProbeKeyApi(), {
			baseUrl: server.url,
			apiKey: API_KEY,
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.requests.map((r) => [r.method, r.url])).toEqual([['GET', '/me']]);
		expect(server.requests[0].headers['x-api-key']).toBe(API_KEY);
		expect(server.requests[0].headers['x-region']).toBe('eu');
	});

	test('fails with the message of a matching responseCode rule', async () => {
		const result = await testCredential(new ProbeKeyApi(), {
			baseUrl: server.url,
			apiKey: 'wrong',
		});

		expect(result).toEqual({ status: 'Error', message: 'The API key was rejected' });
	});

	test('fails with the status text when no rule matches an error status', async () => {
		const credential: ICredentialType = {
			...new ProbeKeyApi(),
			test: { request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' } },
		};

		const result = await testCredential(credential, { baseUrl: server.url, apiKey: 'wrong' });

		expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
	});

	test('fails with the message of a responseSuccessBody rule matching a 2xx body', async () => {
		const data = { baseUrl: server.url, clientSecret: CLIENT_SECRET, tenant: 'frozen' };

		const result = await testCredential(new ProbeTokenApi(), data);

		expect(result).toEqual({ status: 'Error', message: 'Account suspended' });
	});

	test('runs preAuthentication for an empty token before sending the test request', async () => {
		const data = { baseUrl: server.url, clientSecret: CLIENT_SECRET, accessToken: '' };

		const { result, logs } = await captureLogs(
			async () => await testCredential(new ProbeTokenApi(), data),
		);

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.requests.map((r) => r.url)).toEqual(['/token', '/secure?tenant=acme']);
		expect(server.requests[1].headers.authorization).toBe('Bearer token-1');
		expect(formatLogs(logs)).not.toContain(CLIENT_SECRET);
	});

	test('reports the network error code when nothing listens', async () => {
		const closed = await startLoopbackServer(() => ({}));
		await closed.close();

		const result = await testCredential(new ProbeKeyApi(), {
			baseUrl: closed.url,
			apiKey: API_KEY,
		});

		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	test('reports a credential without a test', async () => {
		const credential: ICredentialType = { ...new ProbeKeyApi(), test: undefined };

		expect(await testCredential(credential, {})).toEqual({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	});
});
