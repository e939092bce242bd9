import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The item's Timeout (seconds): an expression can bypass the field's bounds, so they are checked here. */
export function waitTimeoutOf(ctx: IExecuteFunctions, itemIndex: number): number {
	const timeout = ctx.getNodeParameter('timeout', itemIndex, 60) as number;
	if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 3600) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The timeout must be more than 0 and at most 3600 seconds',
			{
				itemIndex,
			},
		);
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
		description:
			'The ID of a Gini document, or its URL (e.g. the Location Gini returned for an upload)',
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

export function simplifyField(show?: Show): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to return one flat item per document: documentId, fileName, status (Gini's progress: PENDING, COMPLETED, ERROR; \"uploaded\" when an upload's answer did not say), then the payment fields: iban, amount, currency (what is to be paid; amount is empty for a credit note), recipient, bic, reference, purpose, dueDate (YYYY-MM-DD), skontoAmountToPay, skontoPercentage, skontoDueDate (the discounted amount, the discount in percent and the last day for it), documentType (CreditNote for a credit note), isCreditNote, payable (true only when something is to be paid: not a credit note, not already paid, an amount above 0, an IBAN), creditAmount (a credit note's amount, owed to you), paymentState (ToBePaid, Paid), crossBorder, instantPayment, unrecognizedLabels (Gini answered in labels this node does not read: all payment fields stay empty), note (why nothing is to be paid). Off: documentId, fileName, status, then Gini's whole extractions answer (extractions, compoundExtractions, candidates, returnReasons) and its document JSON under document.",
		...(show ? { displayOptions: { show } } : {}),
	};
}
