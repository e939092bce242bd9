// Document processing, computed lazily (no timers): a document is PENDING until its ready time,
// then COMPLETED, or ERROR when its content is unreadable (docs/gini-api.md §4.3, §6.2). Extractions come
// only from the content analysis, QR payment data the client sent, and feedback: never invented.
import { extractPaymentData } from './analysis/index.cts';
import type { ExtractionResult, GiniExtraction } from './analysis/index.cts';
import type { Store, StoredDocument } from './store.cts';

export type Progress = 'PENDING' | 'COMPLETED' | 'ERROR';

function partialsOf(store: Store, document: StoredDocument): StoredDocument[] {
	return (document.partials ?? [])
		.map((partial) => store.documents.get(partial.id))
		.filter((partial): partial is StoredDocument => partial !== undefined);
}

function readable(store: Store, document: StoredDocument): boolean {
	if (document.kind === 'composite') {
		// One broken page breaks the whole composite.
		return partialsOf(store, document).every((partial) => readable(store, partial));
	}
	return document.analysis?.readable ?? true;
}

export function progressOf(store: Store, document: StoredDocument): Progress {
	if (Date.now() < document.readyAt) return 'PENDING';
	return readable(store, document) ? 'COMPLETED' : 'ERROR';
}

export function pageCountOf(store: Store, document: StoredDocument): number {
	if (document.kind !== 'composite') return document.analysis?.pageCount ?? 1;
	return partialsOf(store, document).reduce((sum, partial) => sum + pageCountOf(store, partial), 0);
}

/** SDK enums add COMPOSITE to the documented four classifications (docs/gini-api.md §4.3). */
export function sourceClassificationOf(document: StoredDocument): string {
	if (document.kind === 'composite') return 'COMPOSITE';
	return document.analysis?.sourceClassification ?? 'TEXT';
}

/** A composite's text is its partials' text in the composite's order, pages split by \f as in PDFs. */
function textOf(store: Store, document: StoredDocument): string {
	if (document.kind !== 'composite') return document.analysis?.text ?? '';
	return partialsOf(store, document)
		.map((partial) => textOf(store, partial))
		.filter((text) => text !== '')
		.join('\f');
}

/** Labels and entities of the QR `paymentdata` keys (docs/gini-api.md §4.1.1, entities from §4.5). */
const QR_ENTITIES: Record<string, string> = {
	iban: 'iban',
	bic: 'bic',
	amountToPay: 'amount',
	paymentRecipient: 'companyname',
	paymentReference: 'text',
};

function qrExtractions(store: Store, document: StoredDocument): Record<string, GiniExtraction> {
	const sources = document.kind === 'composite' ? partialsOf(store, document) : [document];
	const result: Record<string, GiniExtraction> = {};
	for (const source of sources) {
		for (const [label, value] of Object.entries(source.qrPaymentData ?? {})) {
			if (QR_ENTITIES[label] && value !== '') result[label] = { entity: QR_ENTITIES[label], value };
		}
	}
	return result;
}

/** An XML e-invoice's own data (its partial's, for a composite): read from its structure, not from text. */
function eInvoiceOf(store: Store, document: StoredDocument): ExtractionResult | undefined {
	const sources = document.kind === 'composite' ? partialsOf(store, document) : [document];
	return sources.map((source) => source.analysis?.eInvoice).find((found) => found !== undefined);
}

function emptyResult(): ExtractionResult {
	return { extractions: {}, candidates: {} };
}

/** What the analysis found, before feedback; cached because the content never changes. */
function analysedExtractions(store: Store, document: StoredDocument): ExtractionResult {
	if (!document.extractionCache) {
		const text = textOf(store, document);
		const eInvoice = eInvoiceOf(store, document);
		const found = eInvoice
			? structuredClone(eInvoice)
			: text === ''
				? emptyResult()
				: extractPaymentData(text);
		// Payment data the client decoded from a QR code is more reliable than text matching.
		found.extractions = { ...found.extractions, ...qrExtractions(store, document) };
		document.extractionCache = found;
	}
	return structuredClone(document.extractionCache);
}

/** Entities for labels corrected by feedback that the analysis did not find (docs/gini-api.md §4.5). */
const FEEDBACK_ENTITIES: Record<string, string> = {
	...QR_ENTITIES,
	paymentPurpose: 'text',
	paymentState: 'paymentstate',
	instantPayment: 'text',
	docType: 'doctype',
};

export function entityFor(label: string, known?: GiniExtraction): string {
	return known?.entity ?? FEEDBACK_ENTITIES[label] ?? 'text';
}

/** GET /documents/{id}/extractions: empty sets while PENDING or after ERROR, feedback on top. */
export function currentExtractions(store: Store, document: StoredDocument): ExtractionResult {
	const result =
		progressOf(store, document) === 'COMPLETED'
			? analysedExtractions(store, document)
			: emptyResult();
	const { feedback } = document;
	for (const label of feedback.removed) delete result.extractions[label];
	for (const [label, extraction] of feedback.extractions) result.extractions[label] = extraction;
	if (feedback.compound.size > 0) {
		result.compoundExtractions = { ...result.compoundExtractions };
		for (const [name, rows] of feedback.compound) result.compoundExtractions[name] = rows;
	}
	return result;
}
