/**
 * Another node using a Gini credential (the HTTP Request node with "Predefined Credential Type") may set request
 * options the Gini node never sets: a "Proxy", and "Ignore SSL Issues". A proxy set on the request reads a request to
 * a plain-http base as it passes, and one that ends TLS itself reads an https request whose certificate checks are
 * off. So the credential attaches its secret only when certificate checks are on (loopback excepted: plain http
 * there anyway) and no request-level proxy is set; and only below its base URL's path, not anywhere on that host.
 */
import { startLoopbackServer, type LoopbackServer } from '../harness/loopback-server.cts';
import {
	basicCredential,
	jwtCredential,
	userCenterCredential,
	type Mode,
	useGini,
} from './gini.cts';
import { startInterceptingProxy, type InterceptingProxy } from './interceptingProxy.cts';
import { runOtherNode, type OtherRequest } from './otherNode.cts';

const gini = useGini({ processingMs: 0 });
let proxy: InterceptingProxy;
/** A gateway that serves Gini below `/gini` and other things elsewhere on the same origin. */
let gateway: LoopbackServer;

beforeAll(async () => {
	proxy = await startInterceptingProxy();
	gateway = await startLoopbackServer(() => ({ body: { documents: [] } }));
});
afterAll(async () => {
	await Promise.all([proxy.close(), gateway.close()]);
});
beforeEach(() => {
	proxy.requests.length = 0;
	proxy.tunnels.length = 0;
	gateway.requests.length = 0;
});

const CREDENTIAL = { basic: basicCredential, jwt: jwtCredential, userCenter: userCenterCredential };
const MODES: Mode[] = ['basic', 'jwt', 'userCenter'];
const HELPERS = ['legacy', 'http'] as const;

/** Gini's real hosts, which the tests never reach without the proxy. */
const PAY_API = 'https://pay-api.gini.example';
const USER_CENTER = 'https://user.gini.example';

/** A credential of `mode` on `base`, and the request that would get its secret there. */
function target(
	mode: Mode,
	base: string,
): {
	credential: ReturnType<typeof basicCredential>;
	request: Pick<OtherRequest, 'method' | 'url'>;
} {
	if (mode === 'userCenter') {
		return {
			credential: userCenterCredential(gini, { payApiUrl: base, userCenterUrl: base }),
			request: { method: 'POST', url: `${base}/oauth/token?grant_type=client_credentials` },
		};
	}
	return {
		credential: CREDENTIAL[mode](gini, { payApiUrl: base }),
		request: { url: `${base}/documents` },
	};
}

function secretHeaders(requests: Array<{ headers: Record<string, unknown> }>): unknown[] {
	return requests.flatMap((request) =>
		['authorization', 'x-jwt-authorization', 'x-user-identifier']
			.map((name) => request.headers[name])
			.filter((value) => value !== undefined),
	);
}

describe('a request-level proxy', () => {
	it.each(MODES)(
		'%s: "Ignore SSL Issues" and a proxy that ends TLS: the proxy reads no secret',
		async (mode) => {
			const base = mode === 'userCenter' ? USER_CENTER : PAY_API;
			for (const helper of HELPERS) {
				const { credential, request } = target(mode, base);
				const result = await runOtherNode(mode, credential, {
					helper,
					...request,
					proxy: proxy.url,
					ignoreSslIssues: true,
				});
				expect(secretHeaders(proxy.requests)).toEqual([]);
				expect(proxy.tunnels).toEqual([]);
				expect(result.error?.message).toMatch(
					/^Refusing to send the Gini credential through a proxy/,
				);
				expect(result.error?.message).toContain('Nothing was sent');
			}
		},
	);

	it.each(MODES)(
		'%s: a proxy in front of a plain-http loopback base reads no secret',
		async (mode) => {
			for (const helper of HELPERS) {
				const { credential, request } = target(mode, gateway.url);
				const result = await runOtherNode(mode, credential, {
					helper,
					...request,
					proxy: proxy.url,
				});
				expect(proxy.requests).toEqual([]);
				expect(gateway.requests).toEqual([]);
				expect(result.error?.message).toMatch(
					/^Refusing to send the Gini credential through a proxy/,
				);
			}
		},
	);

	it('a proxy with certificate checks on gets no tunnel either', async () => {
		const { credential, request } = target('basic', PAY_API);
		const result = await runOtherNode('basic', credential, {
			helper: 'legacy',
			...request,
			proxy: proxy.url,
		});
		expect(proxy.tunnels).toEqual([]);
		expect(result.error?.message).toMatch(/^Refusing to send the Gini credential through a proxy/);
	});
});

describe('certificate checks', () => {
	it.each(MODES)(
		'%s: "Ignore SSL Issues" to an https host is refused before anything is sent',
		async (mode) => {
			const base = mode === 'userCenter' ? USER_CENTER : PAY_API;
			for (const helper of HELPERS) {
				const { credential, request } = target(mode, base);
				const result = await runOtherNode(mode, credential, {
					helper,
					...request,
					ignoreSslIssues: true,
				});
				expect(result.error?.message).toMatch(
					/^Refusing to send the Gini credential to https:\/\/[a-z.-]+ with its certificate unchecked/,
				);
			}
		},
	);

	it('"Ignore SSL Issues" to a loopback base works (the local emulator)', async () => {
		for (const helper of HELPERS) {
			const result = await runOtherNode('basic', basicCredential(gini), {
				helper,
				url: `${gini.payApiUrl}/documents?limit=1`,
				ignoreSslIssues: true,
			});
			expect(result.error).toBeUndefined();
			expect(result.output('Other Node')[0].json).toMatchObject({ statusCode: 200 });
		}
	});
});

describe('a base URL with a path prefix', () => {
	const base = () => `${gateway.url}/gini`;

	it.each(MODES)('%s: no secret for another path on the same host', async (mode) => {
		const outside = [
			`${gateway.url}/admin/documents`,
			`${gateway.url}/ginix/documents`,
			`${gateway.url}/gini/../admin`,
			`${gateway.url}/gini/%2E%2E/admin`,
			`${gateway.url}/gini/..%2Fadmin`,
			`${gateway.url}/gini%2F..%2Fadmin`,
			`${gateway.url}/`,
		];
		for (const url of outside) {
			for (const helper of HELPERS) {
				const { credential } = target(mode, base());
				const result = await runOtherNode(mode, credential, {
					helper,
					method: mode === 'userCenter' ? 'POST' : 'GET',
					url,
				});
				expect(gateway.requests).toEqual([]);
				expect(result.error?.message).toMatch(/^Refusing to send the Gini credential to /);
				expect(result.error?.message).toContain(`${gateway.url}/gini`);
			}
		}
	});

	it.each(MODES)('%s: the secret goes below the prefix', async (mode) => {
		const { credential, request } = target(mode, base());
		const result = await runOtherNode(mode, credential, { helper: 'http', ...request });
		expect(result.error).toBeUndefined();
		expect(gateway.requests).toHaveLength(1);
		expect(gateway.requests[0].url).toMatch(/^\/gini\//);
		expect(secretHeaders(gateway.requests)).not.toEqual([]);
	});

	it('User Center: the client secret goes below the User Center prefix only, on a host shared with the Pay API', async () => {
		const credential = userCenterCredential(gini, {
			payApiUrl: `${gateway.url}/pay`,
			userCenterUrl: `${gateway.url}/users`,
		});
		const result = await runOtherNode('userCenter', credential, {
			helper: 'http',
			method: 'POST',
			url: `${gateway.url}/pay/oauth/token?grant_type=client_credentials`,
		});
		expect(result.error).toBeUndefined();
		expect(gateway.requests).toHaveLength(1);
		expect(gateway.requests[0].headers.authorization).toBeUndefined();
	});
});
