/**
 * The one output shape of a document, the same for Upload (with or without waiting), Get Extractions and the
 * trigger. With Simplify on (n8n's UX guidelines: at most ten fields, the most useful first, flat), the ten fields a
 * payer needs, in SIMPLIFIED_FIELDS' order; with Simplify off every field: all of the payment view (shared/extractions.ts
 * PaymentView), the document's status, Gini's extractions answer as it came (extractions, compoundExtractions,
 * candidates, returnReasons, ...) and its document JSON under `document`. A document without extractions (an upload
 * that did not wait, the trigger without extractions) is its head: documentId, fileName, status. Pure: no n8n
 * imports.
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

/**
 * The ten fields of the simplified item, in this order: what a payer checks first comes first, so that it shows
 * without scrolling in n8n's table view.
 * - iban, amount, currency, recipient: the transfer itself.
 * - payable, note: whether to pay at all, and why not (a credit note, paid already, no IBAN or amount) or what to
 *   check first (a reminder). Coming right after the transfer, they are not read past.
 * - reference: Gini's paymentReference, the invoice or customer number the payee matches the transfer by; Gini's
 *   paymentPurpose is mostly a sentence around it, so it stays in the raw output.
 * - dueDate: when to pay.
 * - fileName, documentId: which document it is, for a person and for the next node (Get, Send Feedback, Delete).
 * Left to the raw output: status (always COMPLETED once there are payment fields), bic (not needed for a SEPA
 * transfer to an IBAN), purpose, documentType and isCreditNote (note says what matters), creditAmount (note names a
 * credit note's sum), paymentState (payable and note say it), the skonto fields, crossBorder, instantPayment and
 * unrecognizedLabels (note explains an answer in labels the node does not read).
 */
export const SIMPLIFIED_FIELDS = [
	'iban',
	'amount',
	'currency',
	'recipient',
	'payable',
	'note',
	'reference',
	'dueDate',
	'fileName',
	'documentId',
] as const;

/** Every field of the raw output before Gini's own keys: the simplified ten first, then the rest of the view. */
export const ALL_FIELDS = [
	...SIMPLIFIED_FIELDS,
	'status',
	'purpose',
	'bic',
	'documentType',
	'isCreditNote',
	'creditAmount',
	'paymentState',
	'skontoAmountToPay',
	'skontoPercentage',
	'skontoDueDate',
	'crossBorder',
	'instantPayment',
	'unrecognizedLabels',
] as const satisfies ReadonlyArray<keyof PaymentView | keyof DocumentHead>;

/** The keys of Gini's own answers in the raw output: the extractions answer's (docs/gini-api.md §4.5), `document`. */
export const GINI_ANSWER_FIELDS = [
	'extractions',
	'compoundExtractions',
	'candidates',
	'returnReasons',
	'document',
] as const;

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

/** The head and the payment view as one item, its fields in `names`' order. */
function fieldsOf(head: DocumentHead, view: PaymentView, names: readonly string[]): Json {
	const all: Json = { ...view, ...head };
	const fields: Json = {};
	for (const name of names) fields[name] = all[name];
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
	 * Selected Fields (the tool's Output option): the raw item cut to `documentId`, the fields named here and the
	 * guard's fields, in the raw item's order. Overrides `simplify`.
	 */
	fields?: readonly string[];
	/**
	 * The double-payment guard's fields (`possibleDuplicate`, `duplicateMatch`), when it ran (an option the user
	 * turns on): after the ten fields with Simplify on, after Gini's keys with it off.
	 */
	guard?: Json;
}

/** One document as an output item's json (see the module comment). */
export function paymentItem(input: PaymentItemInput): Json {
	if (!input.fields) return shapedItem(input);
	const kept = new Set(['documentId', ...input.fields, ...Object.keys(input.guard ?? {})]);
	const raw = shapedItem({ ...input, simplify: false });
	return Object.fromEntries(Object.entries(raw).filter(([name]) => kept.has(name)));
}

function shapedItem({ head, document, extractions, simplify, guard }: PaymentItemInput): Json {
	if (!extractions) {
		const json: Json = { ...head };
		if (simplify) return json;
		Object.assign(json, guard);
		if (document) json.document = document;
		return json;
	}
	const view = simplifyExtractions(extractions);
	if (head.status === 'PENDING') {
		// Get Extractions without waiting: the simplified item has no status, so its note says it.
		view.payable = false;
		view.note =
			"Gini is still processing this document, so its payment data is not read yet: get its extractions again later, or with 'Wait for Processing' on.";
	}
	if (simplify) return { ...fieldsOf(head, view, SIMPLIFIED_FIELDS), ...guard };
	const json = fieldsOf(head, view, ALL_FIELDS);
	for (const [key, value] of Object.entries(extractions)) {
		if (!(key in json)) json[key] = value;
	}
	Object.assign(json, guard);
	if (document) json.document = document;
	return json;
}
