import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { payApiRequest, resolveUser, type GiniSession } from '../../transport';
import { userOverride } from '../common.descriptions';
import { paymentRequestIdField, paymentRequestUrl } from '../paymentRequest/shared';

export const description: INodeProperties[] = [paymentRequestIdField('payment', 'get')];

/** The payment of a resolved payment request (docs/gini-api.md §4.11, "Get Payment"). */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const url = `${paymentRequestUrl(this, session, itemIndex)}/payment`;
	const response = await payApiRequest(this, session, user, { method: 'GET', url, expect: 'payment' }, 'Reading the payment');
	return [{ json: response.body as IDataObject }];
}
