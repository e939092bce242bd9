/**
 * A Gini credential attaches its secrets only to its own hosts: the Pay API base URL, and for the User Center
 * credential the User Center base URL, compared by origin on the URL axios really sends to (an absolute `url` or
 * `uri` wins over `baseURL`). Another node using the credential, like the HTTP Request node with a predefined
 * credential, gets an error instead of a secret for any other host, https or loopback alike.
 */
import { startLoopbackServer, type LoopbackServer } from '../harness/loopback-server.cts';
import {
	basicCredential,
	jwtCredential,
	outputJson,
	runGini,
	userCenterCredential,
	type Mode,
	useGini,
} from './gini.cts';
import { runOtherNode, type OtherRequest } from './otherNode.cts';

const gini = useGini({ processingMs: 0 });
/** Another origin on loopback (same host, other port): records what arrives. */
let elsewhere: LoopbackServer;

beforeAll(async () => {
	elsewhere = await startLoopbackServer(() => ({ body: { documents: [] } }));
});
afterAll(async () => {
	await elsewhere.close();
});
beforeEach(() => {
	elsewhere.requests.length = 0;
});

const CREDENTIAL = { basic: basicCredential, jwt: jwtCredential, userCenter: userCenterCredential };
const MODES: Mode[] = ['basic', 'jwt', 'userCenter'];

describe('the Gini node still works in every mode', () => {
	it('Basic and JWT: lists documents', async () => {
		for (const mode of ['basic', 'jwt'] as const) {
			const result = await runGini({
				mode,
				credential: CREDENTIAL[mode](gini),
				parameters: { resource: 'document', operation: 'getAll', returnAll: false, limit: 1 },
			});
			expect(result.error).toBeUndefined();
		}
	});

	it('User Center: creates a user, then lists its documents', async () => {
		const email = 'hosts@app.example.org';
		const password = 'a-long-enough-password';
		const created = await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: { resource: 'user', operation: 'create', email, password },
		});
		expect(outputJson(created)).toHaveLength(1);
		const listed = await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini, { userEmail: email, userPassword: password }),
			parameters: { resource: 'document', operation: 'getAll', returnAll: false, limit: 1 },
		});
		expect(listed.error).toBeUndefined();
		expect(gini.counters().tokenGrants.password).toBe(1);
	});
});

function otherOutput(result: Awaited<ReturnType<typeof runOtherNode>>) {
	if (result.error) throw result.error;
	return result.output('Other Node').map((item) => item.json);
}

function expectRefused(result: Awaited<ReturnType<typeof runOtherNode>>, target: string) {
	expect(elsewhere.requests).toHaveLength(0);
	expect(result.error?.message).toMatch(/^Refusing to send the Gini credential to /);
	expect(result.error?.message).toContain(new URL(target).origin);
}

describe('another node using the credential', () => {
	const otherHosts = () => [`${elsewhere.url}/documents`, 'https://example.invalid/documents'];

	it.each(MODES)('%s: gets no secret for another host, https or loopback', async (mode) => {
		for (const url of otherHosts()) {
			for (const request of [
				{ helper: 'http', url },
				{ helper: 'legacy', url },
				{ helper: 'legacy', url, asUrl: true },
			] satisfies OtherRequest[]) {
				expectRefused(await runOtherNode(mode, CREDENTIAL[mode](gini), request), url);
			}
		}
	});

	it.each(MODES)(
		'%s: gets no secret for an absolute URL joined to the Pay API base URL',
		async (mode) => {
			const url = `${elsewhere.url}/documents`;
			for (const helper of ['http', 'legacy'] as const) {
				const request: OtherRequest = { helper, baseURL: gini.payApiUrl, url, asUrl: true };
				expectRefused(await runOtherNode(mode, CREDENTIAL[mode](gini), request), url);
			}
		},
	);

	it('an absolute URL to the Pay API wins over a foreign baseURL, as in axios', async () => {
		const request: OtherRequest = {
			helper: 'http',
			baseURL: elsewhere.url,
			url: `${gini.payApiUrl}/documents`,
		};
		const result = await runOtherNode('basic', basicCredential(gini), request);
		expect(otherOutput(result)[0]).toMatchObject({ statusCode: 200 });
		expect(elsewhere.requests).toHaveLength(0);
	});

	it.each(['basic', 'jwt'] as const)(
		'%s: `uri` to the Pay API works, as the HTTP Request node sends it',
		async (mode) => {
			const result = await runOtherNode(mode, CREDENTIAL[mode](gini), {
				helper: 'legacy',
				url: `${gini.payApiUrl}/documents?limit=1`,
			});
			expect(otherOutput(result)[0]).toMatchObject({ statusCode: 200 });
			expect(gini.counters().requests.byRoute['GET /documents']).toBe(1);
		},
	);

	it('User Center: `uri` to the User Center gets a client token', async () => {
		const result = await runOtherNode('userCenter', userCenterCredential(gini), {
			helper: 'legacy',
			method: 'POST',
			url: `${gini.userCenterUrl}/oauth/token?grant_type=client_credentials`,
		});
		expect(otherOutput(result)[0]).toMatchObject({ statusCode: 200 });
		expect(gini.counters().tokenGrants.client_credentials).toBe(1);
	});

	it('User Center: the client secret goes to the User Center only, not to the Pay API', async () => {
		const result = await runOtherNode(
			'userCenter',
			userCenterCredential(gini, { payApiUrl: elsewhere.url }),
			{
				helper: 'http',
				url: `${elsewhere.url}/documents`,
			},
		);
		expect(result.error).toBeUndefined();
		expect(elsewhere.requests).toHaveLength(1);
		expect(elsewhere.requests[0].headers.authorization).toBeUndefined();
	});

	it('the HTTP Request node\'s "Follow Redirects" does not carry the secret to a redirect target', async () => {
		const redirector = await startLoopbackServer((request) => ({
			status: 302,
			headers: { location: `${elsewhere.url}${request.url}` },
		}));
		try {
			for (const mode of ['basic', 'jwt'] as const) {
				await runOtherNode(mode, CREDENTIAL[mode](gini, { payApiUrl: redirector.url }), {
					helper: 'legacy',
					url: `${redirector.url}/documents`,
					followRedirects: true,
				});
			}
			expect(redirector.requests).toHaveLength(2);
			expect(elsewhere.requests).toHaveLength(0);
		} finally {
			await redirector.close();
		}
	});
});
