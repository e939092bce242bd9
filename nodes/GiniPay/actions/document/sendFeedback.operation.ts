import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, jsonParse } from 'n8n-workflow';

import { transferSummaryBody, type TransferSummary } from '../../shared/extractions';
import { GINI_JSON } from '../../shared/mediaTypes';
import { resolveUser, payApiRequest, type GiniSession } from '../../transport';
import { userOverride } from '../common.descriptions';
import { asNodeError } from '../errors';
import { documentIdField, documentUrl } from './shared';

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
	documentIdField('sendFeedback'),
	{
		displayName: 'Send As',
		name: 'feedbackSource',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'The values a person reviewed and finally paid with' },
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
			{ displayName: 'Amount to Pay', name: 'amount', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0 },
			{ displayName: 'BIC', name: 'bic', type: 'string', default: '' },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: 'EUR', description: 'ISO 4217 code of the amount' },
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
		const body = typeof raw === 'string' ? jsonParse<IDataObject>(raw, { errorMessage: 'The feedback is not valid JSON' }) : raw;
		if (!body.extractions && !body.compoundExtractions && !body.feedback) {
			throw new NodeOperationError(ctx.getNode(), 'The feedback JSON needs "extractions", "compoundExtractions" or "feedback"', { itemIndex });
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
		throw new NodeOperationError(ctx.getNode(), 'The transfer summary is empty', {
			itemIndex,
			description: 'Add at least one field, e.g. the amount the user paid.',
		});
	}
	return body;
}

/**
 * Tells Gini which values were finally used for the payment (the "transfer summary", docs/gini-api.md §4.6), so that its
 * extraction learns; later reads of the extractions return these values.
 *
 * Gini's docs page writes `PUT /documents/{id}/extractions/feedback`, while both maintained SDKs (gini-mobile-android
 * `BankApiDocumentService.kt`, gini-mobile-ios `APIResource.swift` `.feedback`) and Gini's own transfer summary
 * integration test send POST. So the node sends POST, and PUT only when Gini answers 405 (method not allowed): any
 * other answer, including 422 for an invalid value, is Gini's verdict on the feedback itself.
 */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const url = documentUrl(this, session, this.getNodeParameter('documentId', itemIndex) as string);
	const body = feedbackBody(this, itemIndex);
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const send = async (method: 'POST' | 'PUT') =>
		await payApiRequest(
			this,
			session,
			user,
			{ method, url: `${url}/extractions/feedback`, headers: { 'Content-Type': GINI_JSON }, body, expect: 'done' },
			'Sending feedback',
		);
	try {
		await send('POST');
	} catch (error) {
		if (!(error instanceof NodeApiError && error.httpCode === '405')) throw asNodeError(this, error, itemIndex);
		await send('PUT');
	}
	return [{ json: { documentId: url.split('/').pop(), feedbackSent: true, ...body } }];
}
