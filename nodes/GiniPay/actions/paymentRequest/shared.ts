import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';

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

/**
 * An ID, or the URL of a payment request or of its payment (docs/gini-api.md §4.11 `_links`), rebased on the configured
 * Pay API by its path whatever host it names (shared/links.ts); nothing else.
 */
export function paymentRequestUrl(
	ctx: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): string {
	const raw = ctx.getNodeParameter('paymentRequestId', itemIndex) as string;
	const url = gini.paymentRequests.url(raw);
	if (url === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'The payment request ID is empty or malformed', {
			itemIndex,
		});
	}
	return url;
}
