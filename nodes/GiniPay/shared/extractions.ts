/**
 * Gini's extractions (gini-api.md §4.5) turned into the payment view most workflows want, and the feedback body
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
}

export interface PaymentView {
	iban: string | null;
	bic: string | null;
	amount: number | null;
	currency: string | null;
	recipient: string | null;
	reference: string | null;
	purpose: string | null;
	documentType: string | null;
	paymentState: string | null;
}

/** "1234.56:EUR" → { amount: 1234.56, currency: 'EUR' } (gini-api.md §1.5). */
export function parseGiniAmount(value: string | undefined): { amount: number | null; currency: string | null } {
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
	if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError('The currency must be an ISO 4217 code such as EUR');
	return `${amount.toFixed(2)}:${currency}`;
}

function valueOf(extractions: Record<string, GiniExtraction>, label: string): string | null {
	const value = extractions[label]?.value;
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function simplifyExtractions(body: GiniExtractionsBody): PaymentView {
	const extractions = body.extractions ?? {};
	const { amount, currency } = parseGiniAmount(valueOf(extractions, 'amountToPay') ?? undefined);
	return {
		iban: valueOf(extractions, 'iban'),
		bic: valueOf(extractions, 'bic'),
		amount,
		currency,
		recipient: valueOf(extractions, 'paymentRecipient'),
		reference: valueOf(extractions, 'paymentReference'),
		purpose: valueOf(extractions, 'paymentPurpose'),
		documentType: valueOf(extractions, 'docType'),
		paymentState: valueOf(extractions, 'paymentState'),
	};
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
 * The feedback body in the current shape (`extractions`, gini-api.md §4.6) with the labels and entities Gini's capture
 * SDK sends in its transfer summary (amountToPay/amount, iban/iban, bic/bic, paymentRecipient/companyname,
 * paymentReference/reference, paymentPurpose/reference): Gini's Android SDK sends `{value, entity}` per label, iOS
 * `{value}` alone. Only the fields given are sent.
 */
export function transferSummaryBody(summary: TransferSummary): { extractions: Record<string, FeedbackValue> } {
	const extractions: Record<string, FeedbackValue> = {};
	if (summary.amount !== undefined) {
		extractions.amountToPay = { value: formatGiniAmount(summary.amount, summary.currency || 'EUR'), entity: 'amount' };
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
			const cleaned = field === 'iban' || field === 'bic' ? value.replace(/\s+/g, '').toUpperCase() : value.trim();
			extractions[label] = { value: cleaned, entity };
		}
	}
	return { extractions };
}
