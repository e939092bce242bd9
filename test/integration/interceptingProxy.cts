/**
 * An HTTP proxy on loopback that reads what passes through it, as a proxy a workflow author points a request at
 * could: plain requests as they come (absolute-form), and `CONNECT` tunnels by ending TLS itself with a self-signed
 * certificate, which a client accepts only when it skips certificate checks (the HTTP Request node's "Ignore SSL
 * Issues"). Every request it reads is recorded and answered with an empty document list; nothing is forwarded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** TEST ONLY: a throw-away self-signed P-256 certificate for `mitm.invalid`; it protects nothing. */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0O3kA/5gdHfZlnlu
SAKn0/6kGMxprJpe7qdtJhDb+fShRANCAATPPsNmJSVRH6VkeOjCyzJW23gD2DcV
nyOBcMrOjjcS/DW4OSiBmkCuueJ/rdN6tAwcgLP0skNPQTCfIW96bGHY
-----END PRIVATE KEY-----
`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBhDCCASugAwIBAgIUU2v4AAT7c0C38/x8VmeMzj79nmowCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMbWl0bS5pbnZhbGlkMCAXDTI2MTIwNjA3MjMwMFoYDzIxMjYx
MTEyMDcyMzAwWjAXMRUwEwYDVQQDDAxtaXRtLmludmFsaWQwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAATPPsNmJSVRH6VkeOjCyzJW23gD2DcVnyOBcMrOjjcS/DW4
OSiBmkCuueJ/rdN6tAwcgLP0skNPQTCfIW96bGHYo1MwUTAdBgNVHQ4EFgQUhmBF
RbqSHCi8TdTEC6m9YAoT7lkwHwYDVR0jBBgwFoAUhmBFRbqSHCi8TdTEC6m9YAoT
7lkwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiA7pNWa9gIuFiUO
BqKQ49NVbUP9PZ3vjB941rC94v3eDQIgeroYJlMYhsTeBbS/A5z8guQHJ+TNoUe9
NR8HQO1d2HU=
-----END CERTIFICATE-----
`;

export interface InterceptedRequest {
	/** 'tunnel' when read inside a CONNECT tunnel (TLS ended by the proxy), else 'plain'. */
	via: 'plain' | 'tunnel';
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
}

export interface InterceptingProxy {
	/** `http://127.0.0.1:<port>` */
	url: string;
	requests: InterceptedRequest[];
	/** Hosts asked for with CONNECT, e.g. `pay-api.gini.example:443`. */
	tunnels: string[];
	close(): Promise<void>;
}

export async function startInterceptingProxy(): Promise<InterceptingProxy> {
	const requests: InterceptedRequest[] = [];
	const tunnels: string[] = [];
	const sockets = new Set<Socket>();
	const answer = (via: InterceptedRequest['via']) =>
		createServer((request, response) => {
			requests.push({
				via,
				method: request.method ?? 'GET',
				url: request.url ?? '/',
				headers: request.headers,
			});
			request.resume();
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ documents: [] }));
		});
	const inside = answer('tunnel');
	const proxy: Server = answer('plain');
	proxy.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	proxy.on('connect', (request, socket: Socket) => {
		tunnels.push(request.url ?? '');
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		const tls = new TLSSocket(socket, { isServer: true, key: KEY, cert: CERT });
		tls.on('error', () => socket.destroy());
		inside.emit('connection', tls);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
		requests,
		tunnels,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => proxy.close(() => resolve()));
		},
	};
}
