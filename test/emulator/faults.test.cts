// Fault injection, counters and the admin routes.
import { startEmulator } from './emulator.cts';
import { TEXT_INVOICE, bearer, derivedHeaders, json, upload, useEmulator } from './testkit.cts';
import type { Emulator, FaultOptions } from './types.cts';

type Outcome = number | 'reset';

async function outcome(request: Promise<Response>): Promise<Outcome> {
	try {
		return (await request).status;
	} catch {
		return 'reset';
	}
}

async function run(emulator: Emulator, count: number): Promise<Outcome[]> {
	const outcomes: Outcome[] = [];
	for (let i = 0; i < count; i++) {
		outcomes.push(
			await outcome(fetch(`${emulator.payApiUrl}/documents`, { headers: derivedHeaders() })),
		);
	}
	return outcomes;
}

describe('faults', () => {
	const faults: FaultOptions = {
		share503: 0.2,
		share429: 0.2,
		shareReset: 0.1,
		retryAfterSeconds: 7,
	};

	test('the same seed replays the same faults; counters add up', async () => {
		const results: Outcome[][] = [];
		for (let round = 0; round < 2; round++) {
			const emulator = await startEmulator({ faults, seed: 42 });
			try {
				results.push(await run(emulator, 40));
				const counted = emulator.counters().faults;
				expect(counted['503']).toBe(results[round].filter((o) => o === 503).length);
				expect(counted['429']).toBe(results[round].filter((o) => o === 429).length);
				expect(counted.reset).toBe(results[round].filter((o) => o === 'reset').length);
			} finally {
				await emulator.stop();
			}
		}
		expect(results[1]).toEqual(results[0]);
		expect(new Set(results[0])).toEqual(new Set([200, 503, 429, 'reset']));
	});

	const emulator = useEmulator({ seed: 7 });

	test('429 and 503 follow the error shape; 429 carries Retry-After', async () => {
		emulator().setFaults({ share429: 1 });
		const tooMany = await fetch(`${emulator().payApiUrl}/documents`, { headers: derivedHeaders() });
		expect(tooMany.status).toBe(429);
		expect(tooMany.headers.get('retry-after')).toBe('1');
		expect(await json(tooMany)).toEqual({
			message: expect.any(String),
			requestId: expect.any(String),
		});
		emulator().setFaults({ share503: 1, retryAfterSeconds: 3 });
		const unavailable = await fetch(`${emulator().payApiUrl}/documents`, {
			headers: derivedHeaders(),
		});
		expect(unavailable.status).toBe(503);
		expect(unavailable.headers.get('retry-after')).toBe('3');
		emulator().setFaults({});
	});

	test('a reset before handling has no effect; a reset after commit stores the document', async () => {
		const before = emulator().documents().length;
		emulator().setFaults({ shareReset: 1 });
		expect(await outcome(upload(emulator(), TEXT_INVOICE))).toBe('reset');
		expect(emulator().documents()).toHaveLength(before);
		emulator().setFaults({ shareResetAfterCommit: 1 });
		expect(await outcome(upload(emulator(), TEXT_INVOICE))).toBe('reset');
		expect(emulator().documents()).toHaveLength(before + 1);
		emulator().setFaults({});
	});

	test('faults can be limited to some routes; the User Center is out of scope by default', async () => {
		emulator().setFaults({ share503: 1, routes: ['POST /documents'] });
		expect(
			(await fetch(`${emulator().payApiUrl}/documents`, { headers: derivedHeaders() })).status,
		).toBe(200);
		expect((await upload(emulator(), TEXT_INVOICE)).status).toBe(503);
		emulator().setFaults({ share503: 1 });
		const token = await fetch(`${emulator().userCenterUrl}/oauth/token?grant_type=nope`);
		expect(token.status).not.toBe(503);
		emulator().setFaults({ share503: 1, routes: ['GET /oauth/token'] });
		const faulted = await fetch(`${emulator().userCenterUrl}/oauth/token?grant_type=nope`);
		expect(faulted.status).toBe(503);
		expect(await json(faulted)).toMatchObject({ error: 'temporarily_unavailable' });
		emulator().setFaults({});
	});

	test('every N-th request revokes all live tokens first', async () => {
		const login = await fetch(`${emulator().payApiUrl}/login`, {
			method: 'POST',
			headers: derivedHeaders(),
		});
		const token = (await json(login)).access_token;
		emulator().setFaults({ revokeTokensEveryNRequests: 3 });
		const list = () => fetch(`${emulator().payApiUrl}/documents`, { headers: bearer(token) });
		expect((await list()).status).toBe(200);
		expect((await list()).status).toBe(200);
		expect((await list()).status).toBe(401);
		expect(emulator().counters().faults.revocations).toBe(1);
		emulator().setFaults({});
	});

	test('latency delays answers without changing them', async () => {
		emulator().setFaults({ latencyMs: 50 });
		expect(
			(await fetch(`${emulator().payApiUrl}/documents`, { headers: derivedHeaders() })).status,
		).toBe(200);
		emulator().setFaults({});
	});
});

describe('counters and admin routes', () => {
	const emulator = useEmulator();

	test('requests are counted by route template, client and user', async () => {
		emulator().resetCounters();
		const created = await upload(emulator(), TEXT_INVOICE, derivedHeaders('counted'));
		await fetch(created.headers.get('location')!, { headers: derivedHeaders('counted') });
		await fetch(`${emulator().payApiUrl}/documents`, { headers: {} });
		const counters = emulator().counters();
		expect(counters.requests.total).toBe(3);
		expect(counters.requests.byRoute).toEqual({
			'POST /documents': 1,
			'GET /documents/{id}': 1,
			'GET /documents': 1,
		});
		expect(counters.requests.byClient).toEqual({ 'demo-derived-client': 2 });
		expect(counters.requests.byUser).toEqual({ 'derived:demo-derived-client:counted': 2 });
		expect(counters.documentsCreated).toBe(1);
		expect(counters.usersCreated).toBe(1);
	});

	test('the admin routes read and reset counters and revoke tokens, on both listeners', async () => {
		const login = await fetch(`${emulator().payApiUrl}/login`, {
			method: 'POST',
			headers: derivedHeaders(),
		});
		const token = (await json(login)).access_token;
		for (const base of [emulator().payApiUrl, emulator().userCenterUrl]) {
			const counters = await fetch(`${base}/__emulator/counters`);
			expect(counters.status).toBe(200);
			expect(await json(counters)).toEqual(emulator().counters());
		}
		const revoked = await fetch(`${emulator().userCenterUrl}/__emulator/revoke-tokens`, {
			method: 'POST',
		});
		expect(await json(revoked)).toEqual({ revoked: 1 });
		expect(
			(await fetch(`${emulator().payApiUrl}/documents`, { headers: bearer(token) })).status,
		).toBe(401);
		await fetch(`${emulator().payApiUrl}/__emulator/reset-counters`, { method: 'POST' });
		expect(emulator().counters().requests.total).toBe(0);
		expect(emulator().counters().tokenGrants.total).toBe(0);
	});

	test('unknown routes are 404 and wrong methods 405, in the Pay API error shape', async () => {
		const unknown = await fetch(`${emulator().payApiUrl}/nothing`, { headers: derivedHeaders() });
		expect(unknown.status).toBe(404);
		expect(await json(unknown)).toEqual({
			message: expect.any(String),
			requestId: unknown.headers.get('x-request-id'),
		});
		const wrong = await fetch(`${emulator().payApiUrl}/documents`, {
			method: 'PATCH',
			headers: derivedHeaders(),
		});
		expect(wrong.status).toBe(405);
		expect(wrong.headers.get('allow')).toBe('GET, POST');
	});
});
