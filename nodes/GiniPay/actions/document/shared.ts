import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DOCUMENT_LINK, idOrLinkedId, linkedId, resourceUrl } from '../../shared/links';
import {
	locationOf,
	payApiRequest,
	type GiniContext,
	type GiniResponse,
	type GiniSession,
	type GiniUser,
} from '../../transport';

/**
 * The URL of one document on the configured Pay API, from its ID or from a link Gini wrote (`Location`,
 * `_links.document`, `partialDocuments[].document`, ...). A link is rebased on the configured base by its path
 * (shared/links.ts), whatever host it names: behind a gateway Gini names its own host, and the request, with the
 * user's credentials, goes to the configured base only. Anything but a document (a sub-resource such as
 * `<document>/extractions`) is refused, before any request.
 */
export function documentUrl(
	ctx: GiniContext,
	session: GiniSession,
	idOrUrl: string,
): string {
	const value = idOrUrl.trim();
	const id = idOrLinkedId(value, DOCUMENT_LINK);
	if (id !== undefined) return resourceUrl(session.payApiUrl, DOCUMENT_LINK, id);
	if (/^([a-z][a-z\d+.-]*:)?\/\//i.test(value) || value.startsWith('/')) {
		throw new NodeOperationError(ctx.getNode(), 'The URL does not name a Gini document', {
			itemIndex: session.itemIndex,
			description:
				'Expected a document URL ending in /documents/<document ID> (the node reads it on the configured Pay API base URL), not a sub-resource such as .../extractions.',
		});
	}
	throw new NodeOperationError(ctx.getNode(), 'The document ID is empty or malformed', {
		itemIndex: session.itemIndex,
		description: 'Give the ID of a Gini document (a UUID) or its URL.',
	});
}

/** A document Gini created: its URL on the configured base, and the link Gini wrote for it (for composites). */
export interface CreatedDocument {
	id: string;
	url: string;
	/** The `Location` as Gini wrote it (absolute), which a composite refers to (docs/gini-api.md §4.1.1). */
	link: string;
}

/**
 * The document a 201 answer to an upload names. Gini's `Location` is rebased on the configured base by its path, as
 * Gini's SDKs do; when it names no document (or is missing), the `id` of the document JSON in the answer, if any.
 * Only when neither names one does the item fail, and then it says a document was created, so that nobody uploads
 * the file again blindly.
 */
export function createdDocument(
	ctx: GiniContext,
	session: GiniSession,
	response: GiniResponse,
): CreatedDocument {
	const location = locationOf(response);
	const fromLocation = location === undefined ? undefined : linkedId(location, DOCUMENT_LINK);
	if (location !== undefined && fromLocation !== undefined) {
		const url = resourceUrl(session.payApiUrl, DOCUMENT_LINK, fromLocation);
		const link = URL.canParse(location) ? location : url;
		return { id: fromLocation, url, link };
	}
	const body = response.body as IDataObject | undefined;
	const fromBody = typeof body?.id === 'string' ? idOrLinkedId(body.id, DOCUMENT_LINK) : undefined;
	if (fromBody !== undefined) {
		const url = resourceUrl(session.payApiUrl, DOCUMENT_LINK, fromBody);
		const links = body?._links as IDataObject | undefined;
		const self = typeof links?.document === 'string' ? links.document : undefined;
		const link = self !== undefined && linkedId(self, DOCUMENT_LINK) === fromBody && URL.canParse(self) ? self : url;
		return { id: fromBody, url, link };
	}
	throw new NodeOperationError(
		ctx.getNode(),
		location === undefined
			? 'Gini created the document but sent no Location header'
			: 'Gini created the document but its Location is not a document URL',
		{
			itemIndex: session.itemIndex,
			description:
				(location === undefined ? '' : `Gini answered with Location "${location}". `) +
				'The document exists at Gini: find it with Document > Get Many before uploading the file again.',
		},
	);
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
