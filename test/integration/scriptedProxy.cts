/**
 * A proxy in front of the emulator whose script decides, per request, whether to pass it on, when to answer, or to
 * destroy the connection instead of answering (before or after passing it on): the order of events a test of lost
 * answers needs, exactly. Gini's URLs in answers are rewritten to the proxy's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

import type { Emulator } from '../emulator/index.cts';

export interface Forwarded {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export interface ProxiedRequest {
	method: string;
	url: URL;
	/** The request's headers, without the hop-by-hop ones. */
	headers: Record<string, string>;
	body: Buffer;
}

/** Returns the answer to send (usually what `forward` got from Gini), or 'reset' to destroy the connection. */
export type ProxyScript = (
	request: ProxiedRequest,
	forward: () => Promise<Forwarded>,
) => Promise<Forwarded | 'reset'>;

export interface ScriptedProxy {
	url: string;
	close(): Promise<void>;
}

const HOP_BY_HOP = ['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding'];

/** `api` says which of the emulator's two APIs the proxy stands before (the Pay API unless told). */
export async function startScriptedProxy(
	emulator: Emulator,
	script: ProxyScript,
	api: 'payApi' | 'userCenter' = 'payApi',
): Promise<ScriptedProxy> {
	const upstream = api === 'payApi' ? emulator.payApiUrl : emulator.userCenterUrl;
	let url = '';
	const server: Server = createServer((req, res) => {
		void (async () => {
			const body = await buffer(req);
			const target = new URL(req.url ?? '/', upstream);
			const headers = Object.fromEntries(
				Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.includes(name)),
			) as Record<string, string>;
			const forward = async (): Promise<Forwarded> => {
				const answer = await fetch(target, {
					method: req.method,
					headers,
					body: body.length > 0 ? new Uint8Array(body) : undefined,
				});
				const rewritten: Record<string, string> = {};
				for (const [name, value] of answer.headers) {
					if (!HOP_BY_HOP.includes(name)) rewritten[name] = value.split(upstream).join(url);
				}
				const text = await answer.text();
				return {
					status: answer.status,
					headers: rewritten,
					body: text.split(upstream).join(url),
				};
			};
			const outcome = await script(
				{ method: req.method ?? 'GET', url: target, headers, body },
				forward,
			);
			if (outcome === 'reset') {
				req.socket.destroy();
				return;
			}
			res.writeHead(outcome.status, outcome.headers);
			res.end(outcome.body);
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
