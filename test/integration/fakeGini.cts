/**
 * A scriptable fake Gini: a small node:http server on loopback that answers exactly what a test scripts, including
 * answers no real Gini should give (HTML, empty 204s, bare strings) and lost answers (the socket is destroyed after
 * the request was read). Every request is recorded.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO_CLIENTS } from '../emulator/index.cts';

export interface FakeRequest {
	method: string;
	/** Path without the query. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: string;
}

export type FakeReply =
	| {
			status?: number;
			headers?: Record<string, string>;
			/** A string or Buffer is sent as it is (with the content type given in `headers`), anything else as JSON. */
			body?: unknown;
			delayMs?: number;
	  }
	| { hangUp: true };

export type FakeScript = (request: FakeRequest, count: number) => FakeReply | Promise<FakeReply>;

export interface FakeGini {
	url: string;
	requests: FakeRequest[];
	/** How many requests matched `method path`. */
	count(method: string, path: string): number;
	close(): Promise<void>;
}

/** `script` gets the request and how many requests with the same method and path came before it (0 for the first). */
export async function startFakeGini(script: FakeScript): Promise<FakeGini> {
	const requests: FakeRequest[] = [];
	const count = (method: string, path: string) =>
		requests.filter((request) => request.method === method && request.path === path).length;
	const server = createServer((message, response) => {
		void (async () => {
			const url = new URL(message.url ?? '/', 'http://fake');
			const request: FakeRequest = {
				method: message.method ?? 'GET',
				path: url.pathname,
				query: url.searchParams,
				headers: message.headers,
				body: await text(message),
			};
			const before = count(request.method, request.path);
			requests.push(request);
			const reply = await script(request, before);
			if ('hangUp' in reply) {
				message.socket.destroy();
				return;
			}
			if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
			const raw = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
			const body =
				reply.body === undefined
					? ''
					: raw
						? (reply.body as string | Buffer)
						: JSON.stringify(reply.body);
			const type =
				raw || reply.body === undefined ? {} : { 'content-type': 'application/vnd.gini.v1+json' };
			if (response.destroyed) return;
			response.writeHead(reply.status ?? 200, { ...type, ...reply.headers });
			response.end(body);
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		count,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) =>
				server.close((error) => (error ? reject(error) : resolve())),
			);
		},
	};
}

/** A Basic credential (client ID and secret of the emulator's demo client) pointing at a fake Gini. */
export function fakeBasicCredential(
	fake: FakeGini,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: fake.url,
		clientId: DEMO_CLIENTS.derived.clientId,
		clientSecret: DEMO_CLIENTS.derived.clientSecret,
		userIdentifier: 'fake-user',
		...data,
	};
}

/** A User Center credential whose Pay API and User Center are both the fake Gini. */
export function fakeUserCenterCredential(
	fake: FakeGini,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: fake.url,
		userCenterUrl: fake.url,
		clientId: DEMO_CLIENTS.anonymous.clientId,
		clientSecret: DEMO_CLIENTS.anonymous.clientSecret,
		userEmail: 'someone@app.example.org',
		userPassword: 'form-password-123',
		...data,
	};
}

/** A document as Gini describes it (docs/gini-api.md §4.3). */
export function fakeDocument(fake: FakeGini, id: string, extra: Record<string, unknown> = {}) {
	return {
		id,
		name: `${id}.pdf`,
		creationDate: Date.now(),
		progress: 'COMPLETED',
		origin: 'UPLOAD',
		sourceClassification: 'NATIVE',
		pageCount: 1,
		_links: {
			document: `${fake.url}/documents/${id}`,
			extractions: `${fake.url}/documents/${id}/extractions`,
		},
		...extra,
	};
}
