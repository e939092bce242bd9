import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { payApiRequest, resolveUser, type GiniSession } from '../../transport';
import { userOverride } from '../common.descriptions';
import { paymentRequestIdField, paymentRequestUrl } from './shared';

export const description: INodeProperties[] = [paymentRequestIdField('paymentRequest', 'get')];

/** A payment request (docs/gini-api.md §4.11): recipient, IBAN, amount, purpose and status. */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const url = paymentRequestUrl(this, session, itemIndex);
	const response = await payApiRequest(this, session, user, { method: 'GET', url, expect: 'paymentRequest' }, 'Reading the payment request');
	return [{ json: response.body as IDataObject }];
}
