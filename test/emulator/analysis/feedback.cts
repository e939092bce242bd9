import { isValidIban } from './iban.cts';

/**
 * Entity rules for feedback values (docs/gini-api.md §4.6: 422 when "at least one value [is] invalid for the label's
 * entity rules"). Amounts use Gini's `"<decimal>:<ISO 4217>"` form (§1.5). Labels this table does not know are
 * accepted, as Gini accepts feedback on labels it did not extract.
 */
const RULES: Record<string, (value: string) => string | undefined> = {
	amountToPay: (value) =>
		/^\d+(\.\d{1,2})?:[A-Z]{3}$/.test(value)
			? undefined
			: 'amountToPay must be "<amount>:<currency>" with a dot and at most 2 decimals, e.g. "24.99:EUR"',
	iban: (value) =>
		isValidIban(value) ? undefined : 'iban is not a valid IBAN (ISO 13616 checksum)',
	bic: (value) =>
		/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value)
			? undefined
			: 'bic must be a BIC of 8 or 11 characters',
};

const TEXT_LABELS = [
	'paymentRecipient',
	'paymentReference',
	'paymentPurpose',
	'docType',
	'paymentState',
	'instantPayment',
];
const MAX_TEXT_LENGTH = 200;

/** The reason a feedback value is invalid for its label, or undefined when it is valid. */
export function validateFeedbackValue(label: string, value: string): string | undefined {
	if (typeof value !== 'string') return `${label} must be a string`;
	const rule = RULES[label];
	if (rule) return rule(value);
	if (TEXT_LABELS.includes(label) && value.length > MAX_TEXT_LENGTH) {
		return `${label} must be at most ${MAX_TEXT_LENGTH} characters`;
	}
	return undefined;
}
