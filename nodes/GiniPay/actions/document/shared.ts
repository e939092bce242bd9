import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The item's Timeout (seconds): an expression can bypass the field's bounds, so they are checked here. */
export function waitTimeoutOf(ctx: IExecuteFunctions, itemIndex: number): number {
	const timeout = ctx.getNodeParameter('timeout', itemIndex, 60) as number;
	if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 3600) {
		throw new NodeOperationError(ctx.getNode(), 'The timeout must be more than 0 and at most 3600 seconds', {
			itemIndex,
		});
	}
	return timeout;
}

export function documentIdField(operation: string): INodeProperties {
	return {
		displayName: 'Document ID or URL',
		name: 'documentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 626626a0-749f-11e2-bfd6-000000000000',
		description: 'The ID of a Gini document, or its URL (e.g. the Location Gini returned for an upload)',
		displayOptions: { show: { resource: ['document'], operation: [operation] } },
	};
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
				'Whether to wait until Gini has processed the document (polling with backoff) before reading the extractions',
			displayOptions: { show },
		},
		timeoutField(show, 'waitForProcessing'),
	];
}

/** Upload: "Wait for Extractions" (off by default) with its timeout. */
export function waitForExtractionsFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Extractions',
			name: 'waitForExtractions',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until Gini has processed the document and output its extractions with it',
			displayOptions: { show },
		},
		timeoutField(show, 'waitForExtractions'),
	];
}

export function simplifyField(show: Show): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to return one flat set of payment fields instead of Gini's whole answer (extractions, compoundExtractions, candidates, returnReasons). The fields: documentType (Gini's document type, CreditNote for a credit note); isCreditNote; payable (true only when something is to be paid: not a credit note, not already paid, an amount above 0, an IBAN); iban, bic, recipient (the payee, also when Gini gives it only for a cross-border payment); amount, currency (what is to be paid; amount is empty for a credit note); creditAmount (a credit note's amount, owed to you); reference; purpose; dueDate (YYYY-MM-DD); skontoAmountToPay, skontoPercentage, skontoDueDate (the discounted amount, the discount in percent and the last day for it); instantPayment; paymentState (ToBePaid, Paid); crossBorder; unrecognizedLabels (Gini answered in labels this node does not read, e.g. those of its Health API: all payment fields stay empty); note (why nothing is to be paid).",
		displayOptions: { show },
	};
}
