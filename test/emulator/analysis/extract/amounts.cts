import type { Line } from './lines.cts';

/**
 * Money amounts in German (and English) notation, turned into Gini's `"<decimal>:<ISO 4217>"` form with two
 * decimal places (docs/gini-api.md §1.5, §4.5), e.g. `1.234,56 €` → `1234.56:EUR`.
 */

const NUMBER = [
	String.raw`\d{1,3}(?:[.'’]\d{3})+(?:,\d{1,2}|,-{1,2})?`, // 1.234,56  1.234  1'234,56  1.234,-
	String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{2})?`, // 1,234.56 (English)
	String.raw`\d{1,3}(?:['’]\d{3})+\.\d{2}`, // 1'234.50 (Swiss)
	String.raw`\d+(?:[,.]\d{1,2}|,-{1,2})?`, // 1234,56  12.50  12,-
].join('|');

const CURRENCY_BEFORE = String.raw`(EUR|CHF|USD|GBP|€|\$|£)`;
const CURRENCY_AFTER = String.raw`(EUR|EURO|Euro|CHF|USD|GBP|€|\$|£)`;

/** An amount with a currency right before or after it; digits around it must not continue the number. */
const AMOUNT = new RegExp(
	String.raw`(?<![\w.,'])(?:${CURRENCY_BEFORE}\s?)?([-−]\s?)?(${NUMBER})(?![\d])(?![.,]\d)` +
		String.raw`(?:\s?${CURRENCY_AFTER}(?![A-Za-z]))?`,
	'g',
);

// prettier-ignore
const CURRENCY_CODES: Record<string, string> = {
	EUR: 'EUR', EURO: 'EUR', Euro: 'EUR', '€': 'EUR', CHF: 'CHF', USD: 'USD', $: 'USD', GBP: 'GBP', '£': 'GBP',
};

interface AmountMatch {
	/** Gini form, e.g. `1234.56:EUR`. */
	value: string;
	negative: boolean;
	/** For comparisons; the value string stays exact. */
	number: number;
	start: number;
	end: number;
}

/** Every amount with a currency in one line of text. */
function amountsIn(text: string): AmountMatch[] {
	const found: AmountMatch[] = [];
	for (const match of text.matchAll(AMOUNT)) {
		const currency = match[1] ?? match[4];
		if (!currency) continue;
		const decimal = toDecimal(match[3]);
		if (decimal === undefined) continue;
		found.push({
			value: `${decimal}:${CURRENCY_CODES[currency]}`,
			negative: match[2] !== undefined,
			number: Number(decimal),
			start: match.index,
			end: match.index + match[0].length,
		});
	}
	return found;
}

function toDecimal(raw: string): string | undefined {
	let integer: string;
	let fraction = '';
	const dash = /^(.*),-{1,2}$/.exec(raw);
	if (dash) integer = dash[1];
	else {
		const decimal = /^(.*)[,.](\d{1,2})$/.exec(raw);
		if (decimal) {
			integer = decimal[1];
			fraction = decimal[2];
		} else integer = raw;
	}
	const digits = integer.replace(/[.,'’]/g, '');
	// Beyond a trillion it is a serial number or a run of digits, not money.
	if (!/^\d{1,13}$/.test(digits.replace(/^0+(?=\d)/, ''))) return undefined;
	return `${BigInt(digits).toString()}.${fraction.padEnd(2, '0')}`;
}

/** Labels that mark the amount to pay, strongest first; a line's weight is its strongest label. */
const PAY_LABELS: Array<[RegExp, number]> = [
	[
		/zu\s+zahlen|zahlbetrag|zahlungsbetrag|offene[nr]?\s+(?:betrag|saldo|forderung)|noch\s+offen|fällige[nr]?\s+betrag|gesamtforderung|forderungsbetrag|zu\s+überweisen|amount\s+due|balance\s+due/i,
		10,
	],
	[
		/gesamtbetrag|rechnungsbetrag|endbetrag|gesamtsumme|rechnungssumme|bruttobetrag|grand\s+total|total|gesamt/i,
		8,
	],
	[/summe|betrag|brutto|amount/i, 5],
];

/** Amounts that are parts, taxes, deductions or fees rather than what is to be paid. */
const NOT_TO_PAY =
	/netto|\bnet\b|mwst|\bust\b|umsatzsteuer|mehrwertsteuer|steuer|\bvat\b|\btax\b|zwischensumme|subtotal|rabatt|skonto|nachlass|gutschrift|abzügl|abzug|abschl[aä]g|anzahlung|bereits\s+(?:bezahlt|gezahlt)|geleistet|mahngebühr|gebühr|zinsen|einzelpreis|stückpreis|übertrag|(?:^|\s)(?:à|je|pro|@)(?=\s)/i;

/** "inkl. 19 % MwSt." praises the total, it does not make it a tax amount. */
const INCLUDED_TAX =
	/\b(?:inkl\.?|inklusive|incl\.?|einschl\.?|einschließlich)\s*(?:\d+(?:,\d+)?\s*%\s*)?(?:gesetzl\.?\s*)?(?:mwst|ust|umsatzsteuer|mehrwertsteuer|vat)\.?/gi;

interface ScoredAmount extends AmountMatch {
	line: number;
	score: number;
}

/** All positive amounts of a document with how strongly their labels say "this is what you pay". */
export function scoreAmounts(lines: Line[]): ScoredAmount[] {
	const scored: ScoredAmount[] = [];
	for (const line of lines) {
		const amounts = amountsIn(line.text);
		const valuesOnly = !hasWords(
			amounts.reduce((rest, a) => rest.replace(line.text.slice(a.start, a.end), ''), line.text),
		);
		let previousEnd = 0;
		for (const amount of amounts) {
			// The label is the text since the previous amount, or the whole line before it when that is only a gap.
			let context = line.text.slice(previousEnd, amount.start);
			if (!hasWords(context)) context = line.text.slice(0, amount.start);
			if (valuesOnly) context = labelAbove(lines, line.index);
			previousEnd = amount.end;
			if (amount.negative || amount.number <= 0) continue;
			scored.push({ ...amount, line: line.index, score: labelScore(context) });
		}
	}
	return scored;
}

function hasWords(text: string): boolean {
	return /\p{L}{2,}/u.test(text);
}

/** A value alone on its line takes its label from a short, amount-free line right above it. */
function labelAbove(lines: Line[], index: number): string {
	const above = lines[index - 1];
	if (!above || above.text.length > 40 || amountsIn(above.text).length > 0) return '';
	return above.text;
}

function labelScore(context: string): number {
	const cleaned = context.replace(INCLUDED_TAX, ' ');
	const weight = PAY_LABELS.find(([pattern]) => pattern.test(cleaned))?.[1] ?? 0;
	return NOT_TO_PAY.test(cleaned) ? weight - 6 : weight;
}

/**
 * The amount to pay: the best-labelled one, the later one on a tie (totals close a document); without any
 * positive label, the largest amount, which on an invoice is the total.
 */
export function pickAmountToPay(amounts: ScoredAmount[]): ScoredAmount | undefined {
	let best: ScoredAmount | undefined;
	for (const amount of amounts) {
		if (!best || amount.score >= best.score) best = amount;
	}
	if (!best || best.score > 0) return best;
	return amounts.reduce<ScoredAmount | undefined>(
		(largest, amount) => (!largest || amount.number > largest.number ? amount : largest),
		undefined,
	);
}
