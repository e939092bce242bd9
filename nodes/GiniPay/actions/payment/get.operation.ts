import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getPayment } from '../../api/payments';
import { resolveUser, userOverride, type GiniSession } from '../../transport';
import { paymentRequestIdField, paymentRequestUrl } from '../paymentRequest/shared';

export const description: INodeProperties[] = [paymentRequestIdField('payment', 'get')];

/** The payment of a resolved payment request (docs/gini-api.md §4.11, "Get Payment"). */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	return [
		{ json: await getPayment(this, session, user, paymentRequestUrl(this, session, itemIndex)) },
	];
}
