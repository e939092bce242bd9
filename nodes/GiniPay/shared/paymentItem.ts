/**
 * The one output shape of a document, the same for Upload (with or without waiting), Get Extractions and the
 * trigger: `documentId`, `fileName`, `status`, then the payment fields of simplifyExtractions (IBAN and amount first,
 * so that they show in n8n's table view). With Simplify off, Gini's answers as they came instead of the payment
 * fields: the document JSON under `document`, and the extractions answer's own keys (extractions,
 * compoundExtractions, candidates, returnReasons, ...). Pure: no n8n imports.
 */
import { simplifyExtractions, type GiniExtractionsBody, type PaymentView } from './extractions';

export interface DocumentHead {
	/** Gini's document id. */
	documentId: string | null;
	/** The document's name at Gini (the file name it was uploaded with). */
	fileName: string | null;
	/** Gini's progress (PENDING, COMPLETED, ERROR), or "uploaded" when an upload's answer did not say. */
	status: string | null;
}

type Json = Record<string, unknown>;

/** The order of the payment fields in the item: what a person checks first comes first. */
const PAYMENT_FIELDS: Array<keyof PaymentView> = [
	'iban',
	'amount',
	'currency',
	'recipient',
	'bic',
	'reference',
	'purpose',
	'dueDate',
	'skontoAmountToPay',
	'skontoPercentage',
	'skontoDueDate',
	'documentType',
	'isCreditNote',
	'payable',
	'creditAmount',
	'paymentState',
	'crossBorder',
	'instantPayment',
	'unrecognizedLabels',
	'note',
];

function text(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The head of the item from Gini's document JSON; `known` fills what the document does not say (an upload answered
 * with an empty body: the id from its Location, the file name sent, status "uploaded").
 */
export function documentHead(
	document: Json | undefined,
	known: Partial<DocumentHead> = {},
): DocumentHead {
	return {
		documentId: text(document?.id) ?? known.documentId ?? null,
		fileName: text(document?.name) ?? known.fileName ?? null,
		status: text(document?.progress) ?? known.status ?? null,
	};
}

/** The payment view with its fields in the item's order. */
export function orderedPaymentFields(view: PaymentView): Json {
	const fields: Json = {};
	for (const name of PAYMENT_FIELDS) fields[name] = view[name];
	return fields;
}

export interface PaymentItemInput {
	head: DocumentHead;
	/** Gini's document JSON, when the node has it; shown with Simplify off. */
	document?: Json;
	/** Gini's extractions answer, when the node read it. */
	extractions?: GiniExtractionsBody;
	simplify: boolean;
	/**
	 * The double-payment guard's fields (`possibleDuplicate`, `duplicateMatch`), when it ran: after the payment
	 * fields with Simplify on, after Gini's keys with it off.
	 */
	guard?: Json;
}

/** One document as an output item's json (see the module comment). */
export function paymentItem({
	head,
	document,
	extractions,
	simplify,
	guard,
}: PaymentItemInput): Json {
	const json: Json = { ...head };
	if (simplify) {
		if (extractions) Object.assign(json, orderedPaymentFields(simplifyExtractions(extractions)));
		return { ...json, ...guard };
	}
	for (const [key, value] of Object.entries(extractions ?? {})) {
		if (!(key in json)) json[key] = value;
	}
	Object.assign(json, guard);
	if (document) json.document = document;
	return json;
}
