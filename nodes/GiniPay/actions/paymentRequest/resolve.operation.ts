import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatGiniAmount } from '../../shared/extractions';
import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';
import { paymentRequestIdFields, paymentRequestUrl } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Resolve',
	action: 'Resolve a payment request',
	description: 'Report a payment request as paid, with the values it was paid with',
};

const show = { resource: ['paymentRequest'], operation: ['resolve'] };

export const description: INodeProperties[] = [
	...paymentRequestIdFields('paymentRequest', 'resolve'),
	{
		displayName: 'IBAN',
		name: 'iban',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		required: true,
		displayOptions: { show },
	},
	{
		displayName: 'Purpose',
		name: 'purpose',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'BIC', name: 'bic', type: 'string', default: '' },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: 'EUR' },
			{ displayName: 'Recipient', name: 'recipient', type: 'string', default: '' },
		],
	},
];

/** The bank reports the payment request as paid, with the values it paid with (docs/gini-api.md §4.11). */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const url = paymentRequestUrl(this, gini, itemIndex);
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	let amount: string;
	try {
		amount = formatGiniAmount(
			this.getNodeParameter('amount', itemIndex) as number,
			String(extra.currency || 'EUR'),
		);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
	const body: IDataObject = {
		iban: (this.getNodeParameter('iban', itemIndex) as string).replace(/\s+/g, '').toUpperCase(),
		amount,
		purpose: this.getNodeParameter('purpose', itemIndex) as string,
	};
	if (extra.recipient) body.recipient = extra.recipient;
	if (extra.bic) body.bic = String(extra.bic).replace(/\s+/g, '').toUpperCase();
	return [{ json: await gini.paymentRequests.resolve(url, body) }];
}
