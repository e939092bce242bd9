import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	locationOf,
	payApiRequest,
	type GiniContext,
	type GiniResponse,
	type GiniSession,
	type GiniUser,
} from '../../transport';

const DOCUMENT_ID = /^[A-Za-z0-9-]{1,100}$/;

/** The absolute URL of one document, from its ID or from a `Location`/`_links.document` URL Gini returned. */
export function documentUrl(
	ctx: GiniContext,
	session: GiniSession,
	idOrUrl: string,
): string {
	const value = idOrUrl.trim();
	const prefix = `${session.payApiUrl}/documents/`;
	if (/^https?:\/\//i.test(value)) {
		// Only follow URLs of documents on the configured Pay API: the request will carry the user's credentials,
		// and a sub-resource such as `<document>/extractions` would be read as if it were the document.
		const id = value.replace(/[?#].*$/, '').slice(prefix.length).replace(/\/$/, '');
		if (!value.startsWith(prefix) || !DOCUMENT_ID.test(id)) {
			throw new NodeOperationError(ctx.getNode(), `The URL is not a document of the configured Pay API`, {
				itemIndex: session.itemIndex,
				description: `Expected a URL of the form ${prefix}<document ID>`,
			});
		}
		return `${prefix}${id}`;
	}
	if (!DOCUMENT_ID.test(value)) {
		throw new NodeOperationError(ctx.getNode(), 'The document ID is empty or malformed', {
			itemIndex: session.itemIndex,
			description: 'Give the ID of a Gini document (a UUID) or its URL.',
		});
	}
	return `${prefix}${value}`;
}

export function createdLocation(
	ctx: GiniContext,
	session: GiniSession,
	response: GiniResponse,
): string {
	const location = locationOf(response, session.payApiUrl);
	if (!location) {
		throw new NodeOperationError(ctx.getNode(), 'Gini created the document but sent no Location header', {
			itemIndex: session.itemIndex,
		});
	}
	return documentUrl(ctx, session, location);
}

export async function fetchDocument(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
): Promise<IDataObject> {
	const response = await payApiRequest(ctx, session, user, { method: 'GET', url, expect: 'document' }, 'Reading the document');
	return response.body as IDataObject;
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
