import type { GiniExtraction } from '../types.cts';
import type { Line } from './lines.cts';

/**
 * Payment terms and hints a document states, with the labels and value forms of Gini's Bank SDK fixtures:
 * `paymentDueDate` (YYYY-MM-DD), the `skontoDiscounts` compound extraction (gini/gini-mobile-ios
 * BankSDK/GiniBankSDK/Tests/GiniBankSDKTests/Resources/skontoDiscounts.json), `businessDocType` "CreditNote"
 * (gini/gini-mobile-ios BankAPILibrary/.../Resources/extractionsContainerCreditNote.json) and `instantPayment`.
 */

const DATE = String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)`;

function isoDate(day: string, month: string, year: string): string | undefined {
	const fullYear = year.length === 2 ? `20${year}` : year;
	const [d, m] = [Number(day), Number(month)];
	if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
	return `${fullYear}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** "Zahlbar (ohne Abzug) bis 15.12.2026", "fällig am ...", "Zahlungsziel: ...", "überweisen Sie ... bis zum ...". */
const DUE = new RegExp(
	String.raw`(?<!\p{L})(?:zahlbar|fällig|zahlungsziel|überweisen|payable|due)(?!\p{L})[^\d\n]{0,60}?(?:(?<!\p{L})(?:bis|am|zum|by|on)(?!\p{L})|:)\s*(?:zum\s+)?${DATE}`,
	'iu',
);

/** The payment due date, from a line that is not about skonto (whose date is the discount's last day). */
export function findDueDate(lines: Line[]): string | undefined {
	for (const line of lines) {
		if (/skonto/i.test(line.text)) continue;
		const match = DUE.exec(line.text);
		const date = match ? isoDate(match[1], match[2], match[3]) : undefined;
		if (date) return date;
	}
	return undefined;
}

const PERCENT = String.raw`(\d{1,2}(?:[,.]\d{1,2})?)\s?%`;
/** "2 % Skonto bei Zahlung bis 08.12.2026", "Bei Zahlung bis 08.12.2026 gewähren wir 2 % Skonto". */
const SKONTO = [
	new RegExp(
		String.raw`${PERCENT}\s+Skonto\b[^\d\n]{0,40}?\b(?:bis|am|zum)\s+(?:zum\s+)?${DATE}`,
		'i',
	),
	new RegExp(
		String.raw`\b(?:bis|am|zum)\s+(?:zum\s+)?${DATE}[^\d\n]{0,40}?${PERCENT}\s+Skonto\b`,
		'i',
	),
];

/** Days from today (UTC) to a YYYY-MM-DD date, as Gini's skontoRemainingDays counts them. */
function daysUntil(date: string): number {
	const today = new Date();
	const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
	return Math.round((Date.parse(`${date}T00:00:00Z`) - start) / 86_400_000);
}

function cents(amount: string): number {
	const [units, fraction] = amount.split(':')[0].split('.');
	return Number(units) * 100 + Number((fraction ?? '0').padEnd(2, '0').slice(0, 2));
}

function money(amountInCents: number, currency: string): string {
	return `${(amountInCents / 100).toFixed(2)}:${currency}`;
}

/**
 * The skonto row a document states, with the discounted amount to pay calculated from `amountToPay` (Gini's Bank SDK
 * needs the amount to pay next to a skonto; without one there is no row).
 */
export function findSkonto(
	lines: Line[],
	amountToPay: string | undefined,
): Record<string, GiniExtraction> | undefined {
	if (!amountToPay) return undefined;
	for (const line of lines) {
		for (const [index, pattern] of SKONTO.entries()) {
			const match = pattern.exec(line.text);
			if (!match) continue;
			const [percentText, day, month, year] =
				index === 0 ? match.slice(1, 5) : [match[4], ...match.slice(1, 4)];
			const dueDate = isoDate(day, month, year);
			const percent = Number(percentText.replace(',', '.'));
			if (!dueDate || !(percent > 0 && percent < 100)) continue;
			const currency = amountToPay.split(':')[1];
			const full = cents(amountToPay);
			const discount = Math.round((full * percent) / 100);
			const percentage = Number.isInteger(percent) ? percent.toFixed(1) : String(percent);
			return {
				skontoPercentageDiscounted: { entity: 'numeric', value: percentage },
				skontoDueDate: { entity: 'date', value: dueDate },
				skontoRemainingDaysCalculated: { entity: 'numeric', value: String(daysUntil(dueDate)) },
				skontoPaymentMethod: { entity: 'text', value: 'Unspecified' },
				skontoAmountDiscountedCalculated: { entity: 'amount', value: money(discount, currency) },
				skontoAmountToPayCalculated: { entity: 'amount', value: money(full - discount, currency) },
			};
		}
	}
	return undefined;
}

/** A credit note names itself in a heading: "Gutschrift", "Gutschrift Nr. GS-17", "Credit note". */
const CREDIT_NOTE_HEADING =
	/^(?:Gutschrift|Credit\s+note)(?:\s+(?:Nr\.?|Nummer|No\.?)\s*\S+)?\s*$/i;

export function isCreditNote(lines: Line[]): boolean {
	return lines.some((line) => CREDIT_NOTE_HEADING.test(line.text));
}

/** The document asks for (or offers) an instant transfer. */
const INSTANT = /echtzeitüberweisung|echtzeit-überweisung|sepa\s+instant|instant\s+payment/i;

export function statesInstantPayment(lines: Line[]): boolean {
	return lines.some((line) => INSTANT.test(line.text));
}
