/**
 * Gini's extractions (docs/gini-api.md §4.5) turned into the payment view most workflows want, and the feedback body
 * ("transfer summary", §4.6) built from the values the user finally paid. Pure: no n8n imports.
 */

export interface GiniExtraction {
	entity?: string;
	value?: string;
	box?: unknown;
	candidates?: string;
}

export interface GiniExtractionsBody {
	extractions?: Record<string, GiniExtraction>;
	compoundExtractions?: Record<string, unknown>;
	candidates?: Record<string, unknown>;
	returnReasons?: unknown;
	[key: string]: unknown;
}

/**
 * The flat view of one document's extractions. Field by field (the Simplify field's description says the same to
 * users):
 * - documentType: Gini's business document type when it gives one ("CreditNote"), else its docType ("Invoice",
 *   "Reminder", "RemittanceSlip", ...); "CreditNote" whenever the document is a credit note.
 * - isCreditNote: Gini says it is a credit note (businessDocType or docType "CreditNote", or creditNote "true").
 * - payable: true only when something is to be paid: not a credit note, not already paid, an amount above 0 and
 *   an IBAN, and labels this node knows.
 * - iban, bic, recipient: the payee, from the flat extractions or, when Gini put it there, from the first row of the
 *   `crossBorderPayment` compound extraction (then crossBorder is true).
 * - amount, currency: what is to be paid; amount is null for a credit note (its amount is creditAmount, and note
 *   names it).
 * - reference, purpose: paymentReference and paymentPurpose.
 * - dueDate: paymentDueDate (YYYY-MM-DD). skontoAmountToPay, skontoPercentage, skontoDueDate: the first row of
 *   `skontoDiscounts` (the amount to pay with the discount, the discount in percent, the last day for it).
 * - instantPayment: Gini's instantPayment as a boolean. paymentState: "ToBePaid", "Paid", ...; null for a credit
 *   note, which has nothing to pay whatever state Gini reads (Gini answers "ToBePaid" for credit notes too).
 * - unrecognizedLabels: Gini's answer has extractions but in labels this node does not read (for example the snake_case
 *   labels of Gini's Health API); every payment field is then null rather than half-filled.
 * - note: why nothing is to be paid, in a sentence, or what to check before paying: a reminder (docType or
 *   businessDocType "Reminder", a Mahnung) may be about an invoice that is paid already; else null.
 */
export interface PaymentView {
	documentType: string | null;
	isCreditNote: boolean;
	payable: boolean;
	iban: string | null;
	bic: string | null;
	amount: number | null;
	currency: string | null;
	creditAmount: number | null;
	recipient: string | null;
	reference: string | null;
	purpose: string | null;
	dueDate: string | null;
	skontoAmountToPay: number | null;
	skontoPercentage: number | null;
	skontoDueDate: string | null;
	instantPayment: boolean | null;
	paymentState: string | null;
	crossBorder: boolean;
	unrecognizedLabels: boolean;
	note: string | null;
}

/** "1234.56:EUR" → { amount: 1234.56, currency: 'EUR' } (docs/gini-api.md §1.5). */
export function parseGiniAmount(value: string | undefined): {
	amount: number | null;
	currency: string | null;
} {
	const match = /^\s*(-?\d+(?:\.\d+)?)\s*:\s*([A-Z]{3})\s*$/.exec(value ?? '');
	if (!match) return { amount: null, currency: null };
	return { amount: Number(match[1]), currency: match[2] };
}

/**
 * Above this a double no longer holds every cent, and from 1e21 `toFixed` writes exponents ("1e+21"), which is not
 * Gini's amount form.
 */
const MAX_AMOUNT = 1e13;

/** 1234.5 and 'EUR' → "1234.50:EUR". */
export function formatGiniAmount(amount: number, currency: string): string {
	if (!Number.isFinite(amount) || amount < 0 || amount >= MAX_AMOUNT) {
		throw new RangeError('The amount must be a number of at least 0 and below 10,000,000,000,000');
	}
	if (!/^[A-Z]{3}$/.test(currency))
		throw new RangeError('The currency must be an ISO 4217 code such as EUR');
	return `${amount.toFixed(2)}:${currency}`;
}

type Row = Record<string, GiniExtraction | undefined>;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueOf(extractions: Row, ...labels: string[]): string | null {
	for (const label of labels) {
		const extraction = extractions[label];
		const value = isObject(extraction) ? extraction.value : undefined;
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return null;
}

/** The first row of a compound extraction (docs/gini-api.md §4.5: a list of label → extraction maps), or undefined. */
function firstRow(body: GiniExtractionsBody, name: string): Row | undefined {
	const rows = isObject(body.compoundExtractions) ? body.compoundExtractions[name] : undefined;
	const row: unknown = Array.isArray(rows) ? rows[0] : undefined;
	return isObject(row) ? (row as Row) : undefined;
}

function numberOf(value: string | null): number | null {
	if (value === null || !/^-?\d+(?:\.\d+)?$/.test(value)) return null;
	return Number(value);
}

function booleanOf(value: string | null): boolean | null {
	if (value === null) return null;
	const lower = value.toLowerCase();
	return lower === 'true' ? true : lower === 'false' ? false : null;
}

/** Shape of an IBAN (ISO 13616): country, check digits, 11 to 30 letters and digits. Not a checksum test. */
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/**
 * The payment labels of the Pay API (Gini's Bank SDK fixtures, docs/gini-api.md §4.5, and the hints in Gini's Bank SDK
 * `CxExtractionsFilter.kt`): an answer with extractions but none of these is not one this node can read.
 */
const KNOWN_LABELS = new Set([
	'iban',
	'bic',
	'amountToPay',
	'paymentRecipient',
	'paymentReference',
	'paymentPurpose',
	'docType',
	'businessDocType',
	'creditNote',
	'paymentState',
	'paymentDueDate',
	'instantPayment',
]);
const KNOWN_COMPOUNDS = new Set(['crossBorderPayment', 'skontoDiscounts']);

/**
 * Labels of Gini's Health API (snake_case, with the payment in the compound extraction `payment`: Gini's Health SDK
 * `PaymentDetails.kt`). It shares `iban` and `bic` with the Pay API, so reading it as a Pay answer would fill those
 * two and leave amount and recipient empty.
 */
const HEALTH_LABELS =
	/^(?:amount_to_pay|payment_recipient|payment_purpose|payment_reference|payment_state|payment_due_date)$/;

function unrecognizedLabelsOf(body: GiniExtractionsBody, extractions: Row): string[] {
	const labels = Object.keys(extractions);
	const compounds = isObject(body.compoundExtractions) ? Object.keys(body.compoundExtractions) : [];
	const health = labels.filter((label) => HEALTH_LABELS.test(label));
	if (compounds.includes('payment')) health.push('payment');
	if (health.length > 0) return health;
	if (
		labels.some((label) => KNOWN_LABELS.has(label)) ||
		compounds.some((name) => KNOWN_COMPOUNDS.has(name))
	) {
		return [];
	}
	return labels;
}

const CREDIT_NOTE = /^credit\s*note$/i;
/** Gini's document type of a payment reminder (docs/gini-api.md §4.1: the doctype values). */
const REMINDER = /^reminder$/i;

function emptyView(): PaymentView {
	return {
		documentType: null,
		isCreditNote: false,
		payable: false,
		iban: null,
		bic: null,
		amount: null,
		currency: null,
		creditAmount: null,
		recipient: null,
		reference: null,
		purpose: null,
		dueDate: null,
		skontoAmountToPay: null,
		skontoPercentage: null,
		skontoDueDate: null,
		instantPayment: null,
		paymentState: null,
		crossBorder: false,
		unrecognizedLabels: false,
		note: null,
	};
}

/**
 * Gini's extractions as one flat payment view (see PaymentView). Never presents a credit note, an already paid
 * document or an answer in unknown labels as something to pay.
 */
export function simplifyExtractions(body: GiniExtractionsBody): PaymentView {
	const extractions: Row = isObject(body.extractions) ? (body.extractions as Row) : {};
	const view = emptyView();

	const unknown = unrecognizedLabelsOf(body, extractions);
	if (unknown.length > 0) {
		const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ', ...' : '');
		view.unrecognizedLabels = true;
		view.note = `Gini answered with labels this node does not read (${shown}): no payment field is filled from them and nothing is shown as payable. Turn 'Simplify' off to get Gini's whole answer.`;
		return view;
	}

	const docType = valueOf(extractions, 'docType');
	const businessDocType = valueOf(extractions, 'businessDocType');
	view.isCreditNote =
		[docType, businessDocType].some((type) => type !== null && CREDIT_NOTE.test(type)) ||
		booleanOf(valueOf(extractions, 'creditNote')) === true;
	view.documentType = view.isCreditNote ? 'CreditNote' : (businessDocType ?? docType);

	// The payee as a whole: the flat labels when Gini gave an IBAN there, else the cross-border row.
	const crossBorder = firstRow(body, 'crossBorderPayment');
	let accountNumber: string | null = null;
	if (valueOf(extractions, 'iban') === null && crossBorder) {
		view.crossBorder = true;
		accountNumber = valueOf(crossBorder, 'iban', 'creditorAccountNumber');
		view.iban =
			accountNumber !== null && IBAN_SHAPE.test(accountNumber.replace(/\s+/g, ''))
				? accountNumber
				: null;
		view.bic = valueOf(crossBorder, 'bic', 'creditorAgentBIC');
		view.recipient = valueOf(crossBorder, 'paymentRecipient', 'creditorName');
	} else {
		view.iban = valueOf(extractions, 'iban');
		view.bic = valueOf(extractions, 'bic');
		view.recipient = valueOf(extractions, 'paymentRecipient');
	}

	let { amount, currency } = parseGiniAmount(valueOf(extractions, 'amountToPay') ?? undefined);
	if (amount === null && crossBorder) {
		({ amount, currency } = parseGiniAmount(
			valueOf(crossBorder, 'instructedAmount', 'amountToPay') ?? undefined,
		));
	}
	view.currency = currency;
	if (view.isCreditNote) view.creditAmount = amount;
	else view.amount = amount;

	view.reference = valueOf(extractions, 'paymentReference');
	view.purpose = valueOf(extractions, 'paymentPurpose');
	view.dueDate = valueOf(extractions, 'paymentDueDate');
	view.instantPayment = booleanOf(valueOf(extractions, 'instantPayment'));
	// A credit note has nothing to pay: Gini's "ToBePaid" beside payable false would read as a bill.
	view.paymentState = view.isCreditNote ? null : valueOf(extractions, 'paymentState');

	const skonto = view.isCreditNote ? undefined : firstRow(body, 'skontoDiscounts');
	if (skonto) {
		view.skontoAmountToPay = parseGiniAmount(
			valueOf(skonto, 'skontoAmountToPay', 'skontoAmountToPayCalculated') ?? undefined,
		).amount;
		view.skontoPercentage = numberOf(
			valueOf(skonto, 'skontoPercentageDiscounted', 'skontoPercentageDiscountedCalculated'),
		);
		view.skontoDueDate = valueOf(skonto, 'skontoDueDate', 'skontoDueDateCalculated');
	}

	const reasons: string[] = [];
	if (view.isCreditNote) {
		const sum =
			view.creditAmount !== null
				? ` of ${`${view.creditAmount.toFixed(2)} ${view.currency ?? ''}`.trim()}`
				: '';
		reasons.push(`This is a credit note${sum}: the money is owed to you, nothing is to be paid.`);
	} else {
		if (view.paymentState?.toLowerCase() === 'paid')
			reasons.push('Gini reads this document as already paid.');
		if (view.amount === null) reasons.push('Gini found no amount to pay.');
		else if (!(view.amount > 0)) reasons.push('The amount to pay is not above 0.');
		if (view.iban === null) {
			reasons.push(
				accountNumber !== null
					? `The cross-border payee's account (${accountNumber}) is not an IBAN: see Gini's whole answer with 'Simplify' off.`
					: 'Gini found no IBAN.',
			);
		}
	}
	view.payable = reasons.length === 0;
	if (
		!view.isCreditNote &&
		[docType, businessDocType].some((type) => type !== null && REMINDER.test(type))
	) {
		reasons.push(
			'This is a reminder (Mahnung): check that the invoice is not paid already before paying it.',
		);
	}
	view.note = reasons.length > 0 ? reasons.join(' ') : null;
	return view;
}

export interface TransferSummary {
	amount?: number;
	currency?: string;
	iban?: string;
	bic?: string;
	recipient?: string;
	reference?: string;
	purpose?: string;
}

export interface FeedbackValue {
	value: string;
	entity: string;
}

/**
 * The feedback body in the current shape (`extractions`, docs/gini-api.md §4.6) with the labels and entities Gini's capture
 * SDK sends in its transfer summary (amountToPay/amount, iban/iban, bic/bic, paymentRecipient/companyname,
 * paymentReference/reference, paymentPurpose/reference): Gini's Android SDK sends `{value, entity}` per label, iOS
 * `{value}` alone. Only the fields given are sent.
 */
export function transferSummaryBody(summary: TransferSummary): {
	extractions: Record<string, FeedbackValue>;
} {
	const extractions: Record<string, FeedbackValue> = {};
	if (summary.amount !== undefined) {
		extractions.amountToPay = {
			value: formatGiniAmount(summary.amount, summary.currency || 'EUR'),
			entity: 'amount',
		};
	}
	const text: Array<[keyof TransferSummary, string, string]> = [
		['iban', 'iban', 'iban'],
		['bic', 'bic', 'bic'],
		['recipient', 'paymentRecipient', 'companyname'],
		['reference', 'paymentReference', 'reference'],
		['purpose', 'paymentPurpose', 'reference'],
	];
	for (const [field, label, entity] of text) {
		const value = summary[field];
		if (typeof value === 'string' && value.trim() !== '') {
			const cleaned =
				field === 'iban' || field === 'bic'
					? value.replace(/\s+/g, '').toUpperCase()
					: value.trim();
			extractions[label] = { value: cleaned, entity };
		}
	}
	return { extractions };
}
