import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import { transferSummaryBody, type TransferSummary } from '../../shared/extractions';
import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';
import { documentIdFields } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Send Feedback',
	action: 'Send feedback on a document',
	description:
		'Send the transfer summary: the values a person reviewed, approved and paid with. Gini learns from it, so never send values nobody reviewed.',
};

const show = { resource: ['document'], operation: ['sendFeedback'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Gini wants feedback only on values a person reviewed and approved (the values finally paid with). Do not send extracted values back unchecked: Gini learns from them.',
		name: 'reviewedOnlyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...documentIdFields('sendFeedback'),
	{
		displayName: 'Send As',
		name: 'feedbackSource',
		type: 'options',
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: 'The values a person reviewed and finally paid with',
			},
			{ name: 'JSON', value: 'json', description: 'A raw feedback body as Gini documents it' },
		],
		default: 'fields',
		displayOptions: { show },
	},
	{
		displayName: 'Transfer Summary',
		name: 'summary',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields given are sent. Give only values a person reviewed and approved.',
		displayOptions: { show: { ...show, feedbackSource: ['fields'] } },
		options: [
			{
				displayName: 'Amount to Pay',
				name: 'amount',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
			},
			{ displayName: 'BIC', name: 'bic', type: 'string', default: '' },
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: 'EUR',
				description: 'ISO 4217 code of the amount',
			},
			{ displayName: 'IBAN', name: 'iban', type: 'string', default: '' },
			{ displayName: 'Payment Purpose', name: 'purpose', type: 'string', default: '' },
			{ displayName: 'Payment Recipient', name: 'recipient', type: 'string', default: '' },
			{ displayName: 'Payment Reference', name: 'reference', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Feedback (JSON)',
		name: 'feedbackJson',
		type: 'json',
		default: '{\n  "extractions": {\n    "amountToPay": { "value": "24.99:EUR" }\n  }\n}',
		description:
			'Body with "extractions" and/or "compoundExtractions" (or the legacy "feedback"), each label as {"value", "entity"}. Only values a person reviewed and approved.',
		displayOptions: { show: { ...show, feedbackSource: ['json'] } },
	},
];

function feedbackBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	if ((ctx.getNodeParameter('feedbackSource', itemIndex) as string) === 'json') {
		const raw = ctx.getNodeParameter('feedbackJson', itemIndex) as string | IDataObject;
		const body =
			typeof raw === 'string'
				? jsonParse<IDataObject>(raw, { errorMessage: "'Feedback (JSON)' is not valid JSON" })
				: raw;
		if (!body.extractions && !body.compoundExtractions && !body.feedback) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The feedback JSON needs "extractions", "compoundExtractions" or "feedback"',
				{ itemIndex },
			);
		}
		return body;
	}
	const summary = ctx.getNodeParameter('summary', itemIndex, {}) as TransferSummary;
	let body: IDataObject;
	try {
		body = transferSummaryBody(summary);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
	if (Object.keys(body.extractions as IDataObject).length === 0) {
		throw new NodeOperationError(ctx.getNode(), "'Transfer Summary' is empty", {
			itemIndex,
			description: "Add at least one field, e.g. 'Amount to Pay'.",
		});
	}
	return body;
}

export const onDocument = true;

/** Sends the transfer summary the item gives (api/extractions.ts sendTransferSummary). */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = feedbackBody(this, itemIndex);
	await gini.documents.sendFeedback(gini.document.url, body);
	return [{ json: { documentId: gini.document.id, feedbackSent: true, ...body } }];
}
