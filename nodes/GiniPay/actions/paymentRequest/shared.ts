import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import { idFields, idParameter } from '../locators';

/**
 * The payment request an operation works on: version 1's text field, from version 1.1 a Resource Locator (By ID, By
 * URL). No From List: Gini documents no listing of payment requests on the Pay API (docs/gini-api.md §4.11).
 */
export function paymentRequestIdFields(resource: string, operation: string): INodeProperties[] {
	return idFields(
		{
			name: 'paymentRequestId',
			thing: 'Payment Request',
			legacy: {
				displayName: 'Payment Request ID',
				description: 'The ID of the payment request (the last part of its URL)',
			},
			description:
				"The payment request, by ID or by URL (its own or its payment's). Not offered from a list: Gini documents no listing of payment requests.",
			collection: 'paymentRequests',
			exampleUrl: 'https://pay-api.gini.net/paymentRequests/626626a0-749f-11e2-bfd6-000000000000',
			suffixes: ['payment'],
		},
		{ resource: [resource], operation: [operation] },
	);
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
	const raw = idParameter(ctx, 'paymentRequestId', 'Payment Request ID', itemIndex);
	const url = gini.paymentRequests.url(raw);
	if (url === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'The payment request ID is empty or malformed', {
			itemIndex,
		});
	}
	return url;
}
