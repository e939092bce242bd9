import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniSession } from '../../transport';

export function paymentRequestIdField(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Payment Request ID',
		name: 'paymentRequestId',
		type: 'string',
		default: '',
		required: true,
		description: 'The ID of the payment request (the last part of its URL)',
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	};
}

/** An ID, or the URL of a payment request or of its payment (gini-api.md §4.11 `_links`); nothing else. */
const PAYMENT_REQUEST = /^(?:\S*\/paymentRequests\/)?([A-Za-z0-9-]{1,100})(?:\/payment)?\/?$/;

export function paymentRequestUrl(ctx: IExecuteFunctions, session: GiniSession, itemIndex: number): string {
	const raw = (ctx.getNodeParameter('paymentRequestId', itemIndex) as string).trim();
	const id = PAYMENT_REQUEST.exec(raw.replace(/[?#].*$/, ''))?.[1];
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), 'The payment request ID is empty or malformed', { itemIndex });
	}
	return `${session.payApiUrl}/paymentRequests/${id}`;
}
