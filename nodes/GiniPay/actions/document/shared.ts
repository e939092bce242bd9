import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { idFields } from '../locators';
import { ALL_FIELDS, GINI_ANSWER_FIELDS, SIMPLIFIED_FIELDS } from '../../shared/paymentItem';

/** The item's Timeout (seconds): an expression can bypass the field's bounds, so they are checked here. */
export function waitTimeoutOf(ctx: IExecuteFunctions, itemIndex: number): number {
	const timeout = ctx.getNodeParameter('timeout', itemIndex, 60) as number;
	if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 3600) {
		throw new NodeOperationError(
			ctx.getNode(),
			"'Timeout (Seconds)' must be more than 0 and at most 3600",
			{
				itemIndex,
			},
		);
	}
	return timeout;
}

/**
 * The document an operation works on: version 1's "Document ID or URL" text, and from version 1.1 a Resource Locator
 * (From List: the user's documents, searched by file name; By ID; By URL). The router reads it.
 */
export function documentIdFields(operation: string): INodeProperties[] {
	return idFields(
		{
			name: 'documentId',
			thing: 'Document',
			legacy: {
				displayName: 'Document ID or URL',
				placeholder: 'e.g. 626626a0-749f-11e2-bfd6-000000000000',
				description:
					'The ID of a Gini document, or its URL (e.g. the Location Gini returned for an upload)',
			},
			description:
				"The Gini document: from the list of the credential's default user (newest first, searched by file name), by ID, or by URL (e.g. the Location Gini returned for an upload)",
			collection: 'documents',
			exampleUrl: 'https://pay-api.gini.net/documents/626626a0-749f-11e2-bfd6-000000000000',
			searchListMethod: 'searchDocuments',
		},
		{ resource: ['document'], operation: [operation] },
	);
}

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

function timeoutField(show: Show, name: string): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600 },
		default: 60,
		description:
			'How long to wait for processing before the item fails with a hint on how to fetch the result later',
		displayOptions: { show: { ...show, [name]: [true] } },
	};
}

/** Get Extractions: "Wait for Processing" (on by default) with its timeout. */
export function waitForProcessingFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Processing',
			name: 'waitForProcessing',
			type: 'boolean',
			default: true,
			description:
				"Whether to wait until Gini has processed the document (looking about once a second, as Gini's SDKs do) before reading the extractions",
			displayOptions: { show },
		},
		timeoutField(show, 'waitForProcessing'),
	];
}

/**
 * Upload: "Wait for Payment Data" (on by default, so that the first run shows the IBAN and amount) with its timeout.
 * Off, the upload outputs the document at once: for batches, with the payment data fetched later.
 */
export function waitForExtractionsFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Payment Data',
			name: 'waitForExtractions',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until Gini has read the document and output its payment data (IBAN, amount, recipient, ...). Turn off for large batches: the node then outputs the document ID at once, and Document > Get Extractions or the Gini Pay Trigger gets the payment data later.',
			displayOptions: { show },
		},
		timeoutField(show, 'waitForExtractions'),
	];
}

/**
 * Simplify, with n8n's standard description (UX guidelines): on, the ten fields a payer needs
 * (shared/paymentItem.ts SIMPLIFIED_FIELDS); off, every field and Gini's answers as they came.
 */
export function simplifyField(show?: Show): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		...(show ? { displayOptions: { show } } : {}),
	};
}

/** The names a person reads for the fields of the raw output (shared/paymentItem.ts), but `documentId`. */
const FIELD_NAMES: Record<Exclude<RawField, 'documentId'>, string> = {
	iban: 'IBAN',
	amount: 'Amount',
	currency: 'Currency',
	recipient: 'Recipient',
	payable: 'Payable',
	note: 'Note',
	reference: 'Reference',
	dueDate: 'Due Date',
	fileName: 'File Name',
	status: 'Status',
	purpose: 'Purpose',
	bic: 'BIC',
	documentType: 'Document Type',
	isCreditNote: 'Is Credit Note',
	creditAmount: 'Credit Amount',
	paymentState: 'Payment State',
	skontoAmountToPay: 'Skonto Amount to Pay',
	skontoPercentage: 'Skonto Percentage',
	skontoDueDate: 'Skonto Due Date',
	crossBorder: 'Cross Border',
	instantPayment: 'Instant Payment',
	unrecognizedLabels: 'Unrecognized Labels',
	extractions: "Gini's Extractions",
	compoundExtractions: "Gini's Compound Extractions",
	candidates: "Gini's Candidates",
	returnReasons: "Gini's Return Reasons",
	document: "Gini's Document",
};

type RawField = (typeof ALL_FIELDS)[number] | (typeof GINI_ANSWER_FIELDS)[number];

/**
 * The output of a document's payment data when the node is an AI agent's tool (n8n's UX guidelines for tool nodes):
 * Output (Simplified, Raw, Selected Fields) instead of Simplify, so that a model gets only the fields it needs. From
 * node version 1.1; a tool of version 1 keeps Simplify, so that a saved tool keeps its output.
 */
export function toolOutputFields(show: Show): INodeProperties[] {
	const forTool = { ...show, '@tool': [true], '@version': [{ _cnd: { gte: 1.1 } }] };
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			noDataExpression: true,
			default: 'simple',
			options: [
				{
					name: 'Simplified',
					value: 'simple',
					description: `The ten fields a payer needs: ${SIMPLIFIED_FIELDS.join(', ')}`,
				},
				{
					name: 'Raw',
					value: 'raw',
					description: "Every payment field, and Gini's extractions and document as they came",
				},
				{
					name: 'Selected Fields',
					value: 'fields',
					description: 'The fields you select, and always documentId',
				},
			],
			displayOptions: { show: forTool },
		},
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'multiOptions',
			default: [],
			description:
				'The fields to output and send to the AI agent; documentId always comes with them',
			options: Object.entries(FIELD_NAMES)
				.map(([value, name]) => ({ name, value }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			displayOptions: { show: { ...forTool, output: ['fields'] } },
		},
	];
}

/** Simplify and, for the tool, Output, as the item's output reads them (shared/paymentItem.ts PaymentItemInput). */
export function outputOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { simplify: boolean; fields?: string[] } {
	// Output is a parameter of the tool only; n8n drops it from a node that does not show it.
	const output = ctx.getNodeParameter('output', itemIndex, '') as string;
	if (output === 'raw') return { simplify: false };
	if (output === 'simple') return { simplify: true };
	if (output === 'fields') {
		const fields = ctx.getNodeParameter('fields', itemIndex, []) as string[];
		return { simplify: false, fields: Array.isArray(fields) ? fields : [] };
	}
	return { simplify: ctx.getNodeParameter('simplify', itemIndex, true) as boolean };
}
