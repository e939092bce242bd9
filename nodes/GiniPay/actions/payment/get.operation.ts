import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import { paymentRequestIdFields, paymentRequestUrl } from '../paymentRequest/shared';
import type { OperationOption } from '../operation';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get',
	action: 'Get the payment of a payment request',
	description: 'Get how a resolved payment request was paid',
};

export const description: INodeProperties[] = paymentRequestIdFields('payment', 'get');

/** The payment of a resolved payment request (docs/gini-api.md §4.11, "Get Payment"). */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return [{ json: await gini.paymentRequests.payment(paymentRequestUrl(this, gini, itemIndex)) }];
}
