/**
 * Payment Request > Get and Resolve, Payment > Get (docs/gini-api.md §4.11) and User > Get (§3.5) in n8n's engine
 * against the emulator: every auth mode each supports, with requests seeded in the emulator.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PaymentRequestSeed } from '../emulator/index.cts';
import { userCenterCredential, outputJson, runGini, useGini } from './gini.cts';
import { MODES, LIFECYCLE } from './lifecycleKit.cts';

const lifecycle = useGini(LIFECYCLE);

const REQUEST: PaymentRequestSeed = {
	iban: 'DE02300209000106531065',
	bic: 'CMCIDEDDXXX',
	amount: '335.50:EUR',
	purpose: 'ReNr AZ356789Z',
	recipient: 'Dr. med. Hackler',
};

const getRequest = { resource: 'paymentRequest', operation: 'get' };
const getPayment = { resource: 'payment', operation: 'get' };
const resolve = {
	resource: 'paymentRequest',
	operation: 'resolve',
	iban: 'de02 3002 0900 0106 5310 65',
	amount: 335.5,
	purpose: 'ReNr AZ356789Z',
	additionalFields: { bic: 'cmcideddxxx', currency: 'EUR', recipient: 'Praxis Dr. Hackler' },
};

function requestUrl(id: string): string {
	return `${lifecycle.payApiUrl}/paymentRequests/${id}`;
}

describe.each(MODES)('in %s mode', (mode) => {
	it('gets a payment request, resolves it, and gets its payment', async () => {
		const id = lifecycle.seedPaymentRequest(REQUEST);
		const [open] = await lifecycle.json(mode, { ...getRequest, paymentRequestId: id });
		expect(open).toMatchObject({
			...REQUEST,
			status: 'open',
			_links: { payment: `${requestUrl(id)}/payment` },
		});

		const [resolved] = await lifecycle.json(mode, { ...resolve, paymentRequestId: id });
		expect(resolved).toMatchObject({ status: 'paid', requesterUri: expect.any(String) });

		const [payment] = await lifecycle.json(mode, { ...getPayment, paymentRequestId: id });
		expect(payment).toMatchObject({
			paidAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
			iban: REQUEST.iban,
			bic: REQUEST.bic,
			amount: '335.50:EUR',
			purpose: REQUEST.purpose,
			recipient: 'Praxis Dr. Hackler',
		});
		const [paid] = await lifecycle.json(mode, { ...getRequest, paymentRequestId: id });
		expect(paid.status).toBe('paid');
	});
});

describe('payment requests', () => {
	it('are found by their URL too, the request’s and its payment’s', async () => {
		const id = lifecycle.seedPaymentRequest({ ...REQUEST, status: 'paid' });
		const [request] = await lifecycle.json('basic', {
			...getRequest,
			paymentRequestId: requestUrl(id),
		});
		expect(request).toMatchObject({ status: 'paid', iban: REQUEST.iban });
		const [payment] = await lifecycle.json('basic', {
			...getPayment,
			paymentRequestId: `${requestUrl(id)}/payment`,
		});
		expect(payment).toMatchObject({ amount: REQUEST.amount, purpose: REQUEST.purpose });
	});

	it('keep their recipient when the bank does not name one', async () => {
		const id = lifecycle.seedPaymentRequest(REQUEST);
		await lifecycle.json('jwt', { ...resolve, paymentRequestId: id, additionalFields: {} });
		const [payment] = await lifecycle.json('jwt', { ...getPayment, paymentRequestId: id });
		expect(payment).toMatchObject({ recipient: REQUEST.recipient, amount: '335.50:EUR' });
		expect(payment).not.toHaveProperty('bic');
	});

	it('resolved twice are resolved twice when Gini does not refuse it (strict), the last payment counting', async () => {
		const id = lifecycle.seedPaymentRequest(REQUEST);
		await lifecycle.json('basic', { ...resolve, paymentRequestId: id });
		const [again] = await lifecycle.json('basic', {
			...resolve,
			paymentRequestId: id,
			purpose: 'Zweite Zahlung',
		});
		expect(again).toMatchObject({ status: 'paid', iban: REQUEST.iban });
		const [payment] = await lifecycle.json('basic', { ...getPayment, paymentRequestId: id });
		expect(payment).toMatchObject({ purpose: 'Zweite Zahlung' });
	});

	it('resolve with or without a Location in Gini’s answer', async () => {
		for (const fidelity of ['strict', 'lenient'] as const) {
			lifecycle.setFidelity(fidelity);
			const id = lifecycle.seedPaymentRequest(REQUEST);
			const [resolved] = await lifecycle.json('basic', { ...resolve, paymentRequestId: id });
			expect(resolved).toMatchObject({ status: 'paid', iban: REQUEST.iban });
		}
	});

	it('resolved twice give Gini’s 409 as a NodeApiError where Gini refuses it (lenient)', async () => {
		lifecycle.setFidelity('lenient');
		const id = lifecycle.seedPaymentRequest(REQUEST);
		await lifecycle.json('basic', { ...resolve, paymentRequestId: id });
		const result = await lifecycle.run('basic', { ...resolve, paymentRequestId: id });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error).toMatchObject({ httpCode: '409' });
		expect(result.error?.message).toContain('Resolving the payment request failed');
	});

	it('unknown, or not paid yet, give Gini’s 404', async () => {
		const open = lifecycle.seedPaymentRequest(REQUEST);
		for (const parameters of [
			{ ...getRequest, paymentRequestId: '00000000-0000-0000-0000-000000000000' },
			{ ...resolve, paymentRequestId: '00000000-0000-0000-0000-000000000000' },
			{ ...getPayment, paymentRequestId: open },
		]) {
			const result = await lifecycle.run('userCenter', parameters);
			expect(result.error).toMatchObject({ httpCode: '404' });
		}
	});

	it('become error items under Continue On Fail, and later items still run', async () => {
		lifecycle.setFidelity('lenient');
		const paid = lifecycle.seedPaymentRequest({ ...REQUEST, status: 'paid' });
		const open = lifecycle.seedPaymentRequest(REQUEST);
		const items = [{ json: { id: paid } }, { json: { id: open } }];
		const resolved = await lifecycle.run(
			'basic',
			{ ...resolve, paymentRequestId: '={{ $json.id }}' },
			items,
			true,
		);
		expect(
			resolved.output('Gini Pay').map((item) => item.json.httpCode ?? item.json.status),
		).toEqual(['409', 'paid']);

		const unpaid = lifecycle.seedPaymentRequest(REQUEST);
		const payments = await lifecycle.run(
			'basic',
			{ ...getPayment, paymentRequestId: '={{ $json.id }}' },
			[{ json: { id: unpaid } }, { json: { id: open } }],
			true,
		);
		const out = payments.output('Gini Pay');
		expect(out[0]).toMatchObject({ json: { httpCode: '404' }, pairedItem: { item: 0 } });
		expect(out[1]).toMatchObject({ json: { amount: '335.50:EUR' }, pairedItem: { item: 1 } });

		const requests = await lifecycle.run(
			'basic',
			{ ...getRequest, paymentRequestId: '={{ $json.id }}' },
			[{ json: { id: 'unknown-request' } }, { json: { id: open } }],
			true,
		);
		expect(
			requests.output('Gini Pay').map((item) => item.json.httpCode ?? item.json.status),
		).toEqual(['404', 'paid']);
	});

	it('are not resolved with a currency that is not an ISO 4217 code; nothing is sent', async () => {
		const id = lifecycle.seedPaymentRequest(REQUEST);
		const result = await lifecycle.run('basic', {
			...resolve,
			paymentRequestId: id,
			additionalFields: { currency: 'eur' },
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain('ISO 4217');
		expect(lifecycle.counters().requests.total).toBe(0);
	});

	it('are not looked up with a malformed ID or a URL of something else; nothing is sent', async () => {
		const document = `${lifecycle.payApiUrl}/documents/626626a0-749f-11e2-bfd6-000000000000`;
		for (const paymentRequestId of [' ', '../documents', document, 'a b']) {
			const result = await lifecycle.run('basic', { ...getRequest, paymentRequestId });
			expect({ paymentRequestId, message: result.error?.message }).toEqual({
				paymentRequestId,
				message: 'The payment request ID is empty or malformed',
			});
		}
		expect(lifecycle.counters().requests.total).toBe(0);
	});
});

describe('user / get', () => {
	async function createUser(email: string) {
		const [created] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(lifecycle),
				parameters: { resource: 'user', operation: 'create', email, password: 'secret-123' },
			}),
		);
		return created;
	}

	it('gets an anonymous user by ID and by Location URL', async () => {
		const created = await createUser('reader@app.example.org');
		for (const userId of [String(created.id), String(created.location)]) {
			const [user] = await lifecycle.json('userCenter', {
				resource: 'user',
				operation: 'get',
				userId,
			});
			expect(user).toEqual({ id: created.id, email: 'reader@app.example.org' });
		}
	});

	it('reports an unknown user as the User Center’s 404, an error item under Continue On Fail', async () => {
		const created = await createUser('second@app.example.org');
		const result = await lifecycle.run(
			'userCenter',
			{ resource: 'user', operation: 'get', userId: '={{ $json.id }}' },
			[{ json: { id: '00000000-0000-0000-0000-000000000000' } }, { json: { id: created.id } }],
			true,
		);
		const out = result.output('Gini Pay');
		expect(out[0].json).toMatchObject({ httpCode: '404' });
		expect(out[1].json).toEqual({ id: created.id, email: 'second@app.example.org' });
	});

	it.each(['basic', 'jwt'] as const)(
		'is refused in %s mode before anything is sent',
		async (mode) => {
			const result = await lifecycle.run(mode, {
				resource: 'user',
				operation: 'get',
				userId: 'c1e60c6b',
			});
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toBe('Reading users needs the Gini User Center credential');
			expect(lifecycle.counters().requests.total).toBe(0);
		},
	);
});
