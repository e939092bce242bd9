/** The loopback API the probe node and credentials of probe-node.cts talk to. */
import {
	startLoopbackServer,
	type LoopbackServer,
	type RecordedRequest,
} from './loopback-server.cts';
import { sha256 } from './probe-node.cts';

export const API_KEY = 'key-5f1e-secret';
export const CLIENT_SECRET = 'client-secret-9a7c';

export interface ProbeApi extends LoopbackServer {
	/** Tokens handed out by POST /token since the last reset. */
	issuedTokens(): number;
	/** Forget requests and tokens: the next /secure call needs a fresh token. */
	reset(): void;
}

function echo(request: RecordedRequest) {
	const tenant = new URL(request.url, 'http://probe').searchParams.get('tenant');
	return {
		body: {
			method: request.method,
			url: request.url,
			headers: request.headers,
			bodyLength: request.body.length,
			bodySha256: sha256(request.body),
			account: { state: tenant === 'frozen' ? 'suspended' : 'active' },
		},
	};
}

/**
 * POST /token   `{ secret }` → `{ access_token }` (401 for a wrong secret)
 * GET  /me      200 with the right `X-Api-Key`, else 401
 * ANY  /secure  echo with `Authorization: Bearer <last issued token>`, else 401
 * ANY  /status/<code>  an empty answer with that status
 * ANY  other    echo of method, url, headers and a hash of the body
 */
export async function startProbeApi(): Promise<ProbeApi> {
	let issued = 0;
	let currentToken = '';
	const server = await startLoopbackServer((request) => {
		const path = request.url.split('?')[0];
		if (path === '/token') {
			const { secret } = JSON.parse(request.body.toString() || '{}') as { secret?: string };
			if (secret !== CLIENT_SECRET) return { status: 401, body: { error: 'invalid_client' } };
			currentToken = `token-${++issued}`;
			return { body: { access_token: currentToken } };
		}
		if (path.startsWith('/status/')) return { status: Number(path.slice('/status/'.length)) };
		if (path === '/me' && request.headers['x-api-key'] !== API_KEY) {
			return { status: 401, body: { error: 'invalid_key' } };
		}
		if (path === '/secure' && request.headers.authorization !== `Bearer ${currentToken}`) {
			return { status: 401, body: { error: 'invalid_token' } };
		}
		return echo(request);
	});
	return {
		...server,
		issuedTokens: () => issued,
		reset() {
			server.requests.length = 0;
			issued = 0;
			currentToken = '';
		},
	};
}
