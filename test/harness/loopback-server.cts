import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

export interface RecordedRequest {
	method: string;
	/** Path and query, as sent. */
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface Reply {
	status?: number;
	headers?: Record<string, string>;
	/** Sent as JSON unless it is a Buffer or string. */
	body?: unknown;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface LoopbackServer {
	/** `http://127.0.0.1:<port>` */
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

function send(response: ServerResponse, reply: Reply): void {
	const raw = Buffer.isBuffer(reply.body) || typeof reply.body === 'string';
	const body = raw ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
	const headers = raw || reply.body === undefined ? {} : { 'content-type': 'application/json' };
	response.writeHead(reply.status ?? 200, { ...headers, ...reply.headers });
	response.end(body);
}

/** A real HTTP server on 127.0.0.1 (random port) that records every request it answers. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((message, response) => {
		void (async () => {
			const request: RecordedRequest = {
				method: message.method ?? 'GET',
				url: message.url ?? '/',
				headers: message.headers,
				body: await buffer(message),
			};
			requests.push(request);
			try {
				send(response, await handler(request));
			} catch (error) {
				send(response, { status: 500, body: { message: (error as Error).message } });
			}
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) =>
				server.close((error) => (error ? reject(error) : resolve())),
			);
		},
	};
}
