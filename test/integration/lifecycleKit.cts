/**
 * Shared pieces of the lifecycle tests (lifecycle*.test.cts): their `useGini` options, sample items with one or
 * several binaries, and what the simplified view of a sample must be. No hooks: `useGini(LIFECYCLE)` registers them.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ALL_FIELDS, SIMPLIFIED_FIELDS } from '../../nodes/GiniPay/shared/paymentItem';
import type { Emulator } from '../emulator/index.cts';
import { sample, sampleItem, type Mode, type UseGiniOptions } from './gini.cts';

export { sample, sampleItem, type Uploaded } from './gini.cts';

export const MODES: Mode[] = ['basic', 'jwt', 'userCenter'];

export const ANONYMOUS_USER = {
	userEmail: 'lifecycle@app.example.org',
	userPassword: 'secret-123',
};

/** Route keys of the emulator's counters (`<METHOD> <template>`). */
export const ROUTE = {
	getDocument: 'GET /documents/{id}',
	upload: 'POST /documents',
	/** As both maintained SDKs send it (docs/gini-api.md §4.6). */
	feedback: 'POST /documents/{id}/extractions/feedback',
	/** As Gini's docs page writes it; the node's fallback after a 405. */
	feedbackPut: 'PUT /documents/{id}/extractions/feedback',
	deleteDocument: 'DELETE /documents/{id}',
} as const;

/**
 * The options of the lifecycle tests' `useGini`: documents stay PENDING for 20 ms, and the userCenter credential
 * logs in as ANONYMOUS_USER.
 */
export const LIFECYCLE: UseGiniOptions = { processingMs: 20, user: ANONYMOUS_USER };

export const MUELLER = 'invoice-mueller-haustechnik.pdf';
export const SCHMIDT = 'invoice-schmidt-partner-2pages.pdf';
export const KOEHLER = 'invoice-baeckerei-koehler-compressed.pdf';
export const THUMBNAIL = 'invoice-thumbnail.png';
export const RECEIPT = 'receipt-photo.jpg';
export const CORRUPT = 'corrupt-truncated.pdf';
export const GRUENWALD_TEXT = 'invoice-gaertnerei-gruenwald.txt';

/** One item holding several binaries, in the order given: `[property, sample file]`. */
export async function pagesItem(
	pages: Array<[string, string]>,
	json: IDataObject = {},
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json, binary: {} };
	for (const [property, file] of pages) {
		const single = await sampleItem(file, {}, property);
		item.binary![property] = single.binary![property];
	}
	return item;
}

/**
 * The payment fields a sample's item must hold: Gini's labels renamed, the amount split (docs/gini-api.md §1.5), the
 * payee taken from crossBorderPayment when it is there, a credit note's amount as creditAmount. With Simplify on (the
 * default) only those of the ten simplified fields, with it off all of them.
 */
export function expectedView(file: string, simplify = true): IDataObject {
	const view = fullView(file);
	if (!simplify) return view;
	const simplified = new Set<string>(SIMPLIFIED_FIELDS);
	return Object.fromEntries(Object.entries(view).filter(([name]) => simplified.has(name)));
}

/**
 * The fields the node itself writes into a raw (Simplify off) item with extractions, as the item has them: the rest of
 * the item is Gini's extractions answer and its document, which a test compares with what Gini answered.
 */
export function viewFieldsOf(item: IDataObject): IDataObject {
	expect(Object.keys(item).slice(0, ALL_FIELDS.length)).toEqual([...ALL_FIELDS]);
	return Object.fromEntries(ALL_FIELDS.map((name) => [name, item[name]]));
}

function fullView(file: string): IDataObject {
	const { expected } = sample(file);
	const [amount, currency] = expected.amountToPay ? expected.amountToPay.split(':') : [];
	const creditNote = expected.businessDocType === 'CreditNote';
	const payee = expected.crossBorderPayment ?? expected;
	const skonto = expected.skontoDiscounts;
	return {
		documentType: creditNote ? 'CreditNote' : (expected.docType ?? null),
		isCreditNote: creditNote,
		iban: payee.iban ?? null,
		bic: payee.bic ?? null,
		amount: amount === undefined || creditNote ? null : Number(amount),
		creditAmount: amount !== undefined && creditNote ? Number(amount) : null,
		currency: currency ?? null,
		recipient: payee.paymentRecipient ?? null,
		reference: expected.paymentReference ?? null,
		purpose: expected.paymentPurpose ?? null,
		dueDate: expected.paymentDueDate ?? null,
		instantPayment:
			expected.instantPayment === undefined ? null : expected.instantPayment === 'true',
		skontoAmountToPay: skonto ? Number(skonto.skontoAmountToPayCalculated.split(':')[0]) : null,
		skontoPercentage: skonto ? Number(skonto.skontoPercentageDiscounted) : null,
		skontoDueDate: skonto?.skontoDueDate ?? null,
		crossBorder: expected.crossBorderPayment !== undefined,
	};
}

export function documentUrlOf(gini: Emulator, id: unknown): string {
	return `${gini.payApiUrl}/documents/${String(id)}`;
}
