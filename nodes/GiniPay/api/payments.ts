import type { IDataObject } from 'n8n-workflow';

import { payApiRequest, type GiniContext, type GiniSession, type GiniUser } from '../transport';
import { readPayApi } from './read';

/** A payment request (docs/gini-api.md §4.11): recipient, IBAN, amount, purpose and status. */
export async function getPaymentRequest(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
): Promise<IDataObject> {
	return await readPayApi(ctx, session, user, url, 'paymentRequest', 'Reading the payment request');
}

/** Reports a payment request as paid with the values in `body` (docs/gini-api.md §4.11, "Resolve"). */
export async function resolvePaymentRequest(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
	body: IDataObject,
): Promise<IDataObject> {
	const response = await payApiRequest(
		ctx,
		session,
		user,
		{
			method: 'POST',
			url: `${url}/payment`,
			headers: { 'Content-Type': 'application/vnd.gini.v1+json' },
			body,
			expect: 'paymentRequest',
		},
		'Resolving the payment request',
	);
	return response.body as IDataObject;
}

/** The payment of a resolved payment request (docs/gini-api.md §4.11, "Get Payment"). */
export async function getPayment(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	paymentRequestUrl: string,
): Promise<IDataObject> {
	const url = `${paymentRequestUrl}/payment`;
	return await readPayApi(ctx, session, user, url, 'payment', 'Reading the payment');
}
