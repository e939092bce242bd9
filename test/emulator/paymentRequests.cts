// Payment requests and payments, the bank side (docs/gini-api.md §4.11): read, resolve, read the payment.
// Requests are created by the Health API in reality; here tests seed them with seedPaymentRequest.
import { randomUUID } from 'node:crypto';

import type { EmulatorState, Handler, RequestContext } from './context.cts';
import { HttpError, isPlainObject, readJson } from './http.cts';
import { isoWithoutZone } from './store.cts';
import type { PaymentRequest } from './store.cts';
import type { PaymentRequestSeed } from './types.cts';

/** `"<decimal>:<ISO 4217>"`, e.g. "335.50:EUR" (docs/gini-api.md §1.5). */
const AMOUNT = /^\d+(\.\d{1,2})?:[A-Z]{3}$/;

export function seedPaymentRequest(state: EmulatorState, seed: PaymentRequestSeed): string {
	const id = seed.id ?? randomUUID();
	state.store.paymentRequests.set(id, {
		id,
		recipient: seed.recipient,
		iban: seed.iban,
		bic: seed.bic,
		amount: seed.amount,
		purpose: seed.purpose,
		status: seed.status ?? 'open',
		createdAt: isoWithoutZone(Date.now()),
		payment:
			seed.status === 'paid'
				? {
						paidAt: isoWithoutZone(Date.now()),
						recipient: seed.recipient,
						iban: seed.iban,
						bic: seed.bic,
						amount: seed.amount,
						purpose: seed.purpose,
					}
				: undefined,
	});
	return id;
}

function requestUrl(state: EmulatorState, id: string): string {
	return `${state.publicPayApiUrl}/paymentRequests/${id}`;
}

/** The self link is `_self` in the docs and `self` in SDK fixtures: emit both (§4.11). */
function requestJson(state: EmulatorState, request: PaymentRequest): Record<string, unknown> {
	const self = requestUrl(state, request.id);
	return {
		// The SDK models require requesterUri on resolved requests; Gini's is app-specific.
		requesterUri: `ginipay-emulator://payment-requester?paymentRequestId=${request.id}`,
		recipient: request.recipient,
		iban: request.iban,
		...(request.bic ? { bic: request.bic } : {}),
		amount: request.amount,
		purpose: request.purpose,
		status: request.status,
		createdAt: request.createdAt,
		_links: { payment: `${self}/payment`, _self: self, self },
	};
}

function requirePaymentRequest(ctx: RequestContext): PaymentRequest {
	const request = ctx.state.store.paymentRequests.get(ctx.params.id);
	if (!request) throw new HttpError(404, `No payment request with id ${ctx.params.id}`);
	return request;
}

export const listPaymentRequests: Handler = async (ctx) => ({
	status: 200,
	json: [...ctx.state.store.paymentRequests.values()].map((r) => requestJson(ctx.state, r)),
});

export const getPaymentRequest: Handler = async (ctx) => ({
	status: 200,
	json: requestJson(ctx.state, requirePaymentRequest(ctx)),
});

function requiredString(body: Record<string, unknown>, field: string): string {
	const value = body[field];
	if (typeof value !== 'string' || value.trim() === '')
		throw new HttpError(400, `${field} is required`);
	return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new HttpError(400, `${field} must be a string`);
	return value;
}

/**
 * Resolve: the bank reports the request paid. 201 with the resolved request (W-ResolvePR). Strict fidelity
 * resolves again a request that is already paid or invalid (the last payment wins): the docs name no refusal.
 */
export const resolvePaymentRequest: Handler = async (ctx) => {
	const request = requirePaymentRequest(ctx);
	const body = await readJson(ctx.req);
	if (!isPlainObject(body)) throw new HttpError(400, 'Body must be a JSON object');
	const payment = {
		recipient: optionalString(body, 'recipient') ?? request.recipient,
		iban: requiredString(body, 'iban'),
		bic: optionalString(body, 'bic'),
		amount: requiredString(body, 'amount'),
		purpose: requiredString(body, 'purpose'),
	};
	if (!AMOUNT.test(payment.amount)) {
		throw new HttpError(400, 'amount must look like "12.34:EUR"');
	}
	const lenient = ctx.state.fidelity === 'lenient';
	// Gini documents no answer for resolving a request that is not open; only lenient fidelity refuses it.
	if (lenient && request.status !== 'open') {
		throw new HttpError(409, `Payment request ${request.id} is ${request.status}, not open`);
	}
	request.status = 'paid';
	request.payment = { paidAt: isoWithoutZone(Date.now()), ...payment };
	return {
		status: 201,
		// W-ResolvePR shows 201 with the resolved request and X-Request-Id, no Location: only lenient adds one.
		headers: lenient ? { Location: `${requestUrl(ctx.state, request.id)}/payment` } : undefined,
		json: requestJson(ctx.state, request),
	};
};

export const getPayment: Handler = async (ctx) => {
	const request = requirePaymentRequest(ctx);
	const payment = request.payment;
	if (!payment) throw new HttpError(404, `Payment request ${request.id} has not been paid`);
	const self = requestUrl(ctx.state, request.id);
	return {
		status: 200,
		json: {
			paidAt: payment.paidAt,
			recipient: payment.recipient,
			iban: payment.iban,
			...(payment.bic ? { bic: payment.bic } : {}),
			amount: payment.amount,
			purpose: payment.purpose,
			_links: { paymentRequest: self, _self: `${self}/payment`, self: `${self}/payment` },
		},
	};
};
