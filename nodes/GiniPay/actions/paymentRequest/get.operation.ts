import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';
import { paymentRequestIdFields, paymentRequestUrl } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get',
	action: 'Get a payment request',
	description: 'Get a payment request by ID',
};

export const description: INodeProperties[] = paymentRequestIdFields('paymentRequest', 'get');

/** A payment request (docs/gini-api.md §4.11): recipient, IBAN, amount, purpose and status. */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return [{ json: await gini.paymentRequests.get(paymentRequestUrl(this, gini, itemIndex)) }];
}
