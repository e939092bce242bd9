// The two listeners (Pay API and User Center) and the request pipeline shared by both:
// admin routes → counting → faults → authentication → handler → reply (or a lost reply).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ADMIN_PREFIX, adminReply } from './admin.cts';
import { authenticate } from './auth.cts';
import type { EmulatorState, RequestContext } from './context.cts';
import { HttpError, PAY_JSON, USER_CENTER_JSON, drainBody, sleep } from './http.cts';
import type { Reply } from './http.cts';
import { Router, normalizePath } from './router.cts';
import type { RouteMatch } from './router.cts';

export type ListenerKind = 'payApi' | 'userCenter';

/** OAuth2-style codes for User Center errors that do not name one. */
const DEFAULT_OAUTH_CODES: Record<number, string> = {
	400: 'invalid_request',
	401: 'unauthorized',
	404: 'not_found',
	405: 'method_not_allowed',
	413: 'request_too_large',
	429: 'too_many_requests',
	503: 'temporarily_unavailable',
};

/** Pay API errors are `{message, requestId}`; User Center errors `{error, error_description}` (§5). */
function errorReply(kind: ListenerKind, error: HttpError, requestId: string): Reply {
	const json =
		kind === 'payApi'
			? { message: error.message, requestId }
			: {
					error: error.code ?? DEFAULT_OAUTH_CODES[error.status] ?? 'server_error',
					error_description: error.message,
				};
	return { status: error.status, json, headers: error.headers };
}

function send(
	res: ServerResponse,
	kind: ListenerKind,
	reply: Reply,
	requestId: string,
	now: number,
): void {
	// Gini's clock, which may differ from the client's (Emulator.setClockOffset).
	const headers: Record<string, string | number> = {
		'X-Request-Id': requestId,
		Date: new Date(now).toUTCString(),
		...reply.headers,
	};
	let body: Buffer | undefined = reply.body;
	if (reply.json !== undefined) {
		body = Buffer.from(JSON.stringify(reply.json));
		headers['Content-Type'] = kind === 'payApi' ? PAY_JSON : USER_CENTER_JSON;
	} else if (reply.contentType) {
		headers['Content-Type'] = reply.contentType;
	}
	if (reply.status !== 204) headers['Content-Length'] = body?.length ?? 0;
	res.writeHead(reply.status, headers);
	res.end(reply.status === 204 ? undefined : body);
}

async function runRoute(
	kind: ListenerKind,
	match: Extract<RouteMatch, { kind: 'route' }>,
	ctx: RequestContext,
): Promise<Reply> {
	try {
		if (match.route.authenticated) ctx.principal = await authenticate(ctx);
		return await match.route.handler(ctx);
	} catch (error) {
		if (error instanceof HttpError) return errorReply(kind, error, ctx.requestId);
		const message = `Emulator error: ${(error as Error)?.message ?? String(error)}`;
		return errorReply(kind, new HttpError(500, message, 'server_error'), ctx.requestId);
	} finally {
		const clientId = ctx.caller?.clientId ?? ctx.principal?.clientId;
		const userKey = ctx.caller?.userKey ?? ctx.principal?.user.key;
		ctx.state.counters.caller(clientId, userKey);
	}
}

export function createHandler(kind: ListenerKind, router: Router, state: EmulatorState) {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const requestId = randomUUID();
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const method = req.method ?? 'GET';
		if (url.pathname.startsWith(ADMIN_PREFIX)) {
			await drainBody(req);
			const reply = adminReply(state, method, normalizePath(url.pathname));
			// Admin answers are plain JSON on both listeners.
			return send(res, 'userCenter', reply, requestId, state.store.now());
		}
		state.counters.started();
		res.once('close', () => state.counters.ended());
		const match = router.match(method, url.pathname);
		state.counters.request(match.routeKey);
		const plan = state.faults.plan(match.routeKey, kind === 'payApi');
		if (plan.revokeFirst) {
			state.tokens.revokeAll();
			state.counters.fault('revocations');
		}
		if (plan.decision.action === 'reset') {
			state.counters.fault('reset');
			req.socket.destroy();
			return;
		}
		if (plan.latencyMs > 0) await sleep(plan.latencyMs);
		let reply: Reply;
		if (plan.decision.action === 'status') {
			const { status, retryAfter } = plan.decision;
			state.counters.fault(status === 503 ? '503' : '429');
			const headers = retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) };
			const message = status === 503 ? 'Service unavailable, try again later' : 'Too many requests';
			reply = errorReply(kind, new HttpError(status, message, undefined, headers), requestId);
		} else if (match.kind === 'route') {
			const ctx: RequestContext = {
				req,
				url,
				params: match.params,
				requestId,
				routeKey: match.routeKey,
				state,
			};
			reply = await runRoute(kind, match, ctx);
		} else if (match.kind === 'method-not-allowed') {
			const error = new HttpError(405, `Method ${method} not allowed`, undefined, {
				Allow: match.allowed.join(', '),
			});
			reply = errorReply(kind, error, requestId);
		} else {
			reply = errorReply(kind, new HttpError(404, `No route ${method} ${url.pathname}`), requestId);
		}
		if (plan.decision.action === 'resetAfterCommit') {
			// The effect happened; only the answer is lost.
			state.counters.fault('resetAfterCommit');
			req.socket.destroy();
			return;
		}
		await drainBody(req);
		send(res, kind, reply, requestId, state.store.now());
	};
}

export async function listen(server: Server, host: string, port: number): Promise<string> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return `http://${shownHost}:${address.port}`;
}

export function newServer(handler: ReturnType<typeof createHandler>): Server {
	return createServer((req, res) => {
		handler(req, res).catch((error) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: `Emulator error: ${(error as Error)?.message}` }));
			} else {
				res.destroy();
			}
		});
	});
}

export function close(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}
