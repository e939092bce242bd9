// Payment requests and payments, bank side (docs/gini-api.md §4.11).
import { derivedHeaders, json, useEmulator } from './testkit.cts';

const emulator = useEmulator();
const headers = derivedHeaders('bank-user');
const REQUEST = {
	iban: 'DE02300209000106531065',
	bic: 'CMCIDEDDXXX',
	amount: '335.50:EUR',
	purpose: 'ReNr AZ356789Z',
	recipient: 'Dr. med. Hackler',
};

function url(id: string, suffix = ''): string {
	return `${emulator().payApiUrl}/paymentRequests/${id}${suffix}`;
}

async function resolve(id: string, body: unknown): Promise<Response> {
	return fetch(url(id, '/payment'), {
		method: 'POST',
		headers: { ...headers, 'Content-Type': 'application/vnd.gini.v1+json' },
		body: JSON.stringify(body),
	});
}

test('a seeded request reads back with both _self and self links', async () => {
	const id = emulator().seedPaymentRequest({
		...REQUEST,
		id: 'b4bd3e80-7bd1-11e4-95ab-000000000000',
	});
	expect(id).toBe('b4bd3e80-7bd1-11e4-95ab-000000000000');
	const response = await fetch(url(id), { headers });
	expect(response.status).toBe(200);
	expect(await json(response)).toMatchObject({
		...REQUEST,
		status: 'open',
		createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
		_links: { _self: url(id), self: url(id), payment: url(id, '/payment') },
	});
	expect((await fetch(url('unknown'), { headers })).status).toBe(404);
});

test('resolving answers 201 with X-Request-Id and the paid request; the payment is readable', async () => {
	const id = emulator().seedPaymentRequest(REQUEST);
	expect((await fetch(url(id, '/payment'), { headers })).status).toBe(404);
	const { recipient: _recipient, ...payment } = REQUEST;
	const response = await resolve(id, payment);
	expect(response.status).toBe(201);
	expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
	expect(await json(response)).toMatchObject({
		status: 'paid',
		requesterUri: expect.any(String),
		...REQUEST,
	});
	const paid = await json(await fetch(url(id, '/payment'), { headers }));
	expect(paid).toMatchObject({ ...REQUEST, paidAt: expect.any(String) });
	expect((await json(await fetch(url(id), { headers }))).status).toBe('paid');
});

test('resolving sends no Location when strict (W-ResolvePR shows none)', async () => {
	const id = emulator().seedPaymentRequest(REQUEST);
	const response = await resolve(id, REQUEST);
	expect(response.status).toBe(201);
	expect(response.headers.get('location')).toBeNull();
});

test('resolving a paid request again is 201 when strict: Gini documents no refusal', async () => {
	const id = emulator().seedPaymentRequest({ ...REQUEST, status: 'paid' });
	const response = await resolve(id, { ...REQUEST, amount: '300.00:EUR' });
	expect(response.status).toBe(201);
	expect(await json(response)).toMatchObject({ status: 'paid' });
	expect(await json(await fetch(url(id, '/payment'), { headers }))).toMatchObject({
		amount: '300.00:EUR',
	});
});

test('when lenient, resolving a paid request is 409 and resolving sends a Location', async () => {
	emulator().setFidelity('lenient');
	try {
		const id = emulator().seedPaymentRequest({ ...REQUEST, status: 'paid' });
		expect((await resolve(id, REQUEST)).status).toBe(409);
		const open = emulator().seedPaymentRequest(REQUEST);
		const resolved = await resolve(open, REQUEST);
		expect(resolved.status).toBe(201);
		expect(resolved.headers.get('location')).toBe(url(open, '/payment'));
	} finally {
		emulator().setFidelity('strict');
	}
});

test('missing fields are 400', async () => {
	const open = emulator().seedPaymentRequest(REQUEST);
	for (const field of ['iban', 'amount', 'purpose'] as const) {
		const { [field]: _dropped, ...rest } = REQUEST;
		expect((await resolve(open, rest)).status).toBe(400);
	}
	expect((await resolve(open, { ...REQUEST, amount: '335,50 EUR' })).status).toBe(400);
	expect((await json(await fetch(url(open), { headers }))).status).toBe('open');
});

test('payment requests need authentication like every Pay API route', async () => {
	const id = emulator().seedPaymentRequest(REQUEST);
	expect((await fetch(url(id))).status).toBe(401);
});
