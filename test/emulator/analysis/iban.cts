/**
 * IBANs per ISO 13616: a country code, two check digits and a BBAN whose length the country fixes; valid when the
 * rearranged number is 1 modulo 97. Lengths from the SWIFT IBAN registry.
 */
// prettier-ignore
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
	AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
	CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
	FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
	IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
	LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
	NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
	SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
	UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/**
 * True for an IBAN in electronic form (`DE89370400440532013000`) or printed form (`DE89 3704 0044 ...`): upper
 * case, the registered length for its country, and a mod-97 remainder of 1.
 */
export function isValidIban(iban: string): boolean {
	const compact = iban.replace(/ /g, '');
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
	if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
	return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

function mod97(alphanumeric: string): number {
	let remainder = 0;
	for (const char of alphanumeric) {
		const digits = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
		for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
	}
	return remainder;
}

/**
 * Every checksum-valid IBAN in a text, printed (groups separated by single spaces) or electronic. A candidate is
 * cut at its country's length, so a BIC or a word that follows after a space is not swallowed; an IBAN that goes
 * on without a space is a different number and is rejected.
 */
export function findIbans(text: string): string[] {
	const found: string[] = [];
	const start = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})/g;
	for (let match = start.exec(text); match; match = start.exec(text)) {
		const length = IBAN_LENGTHS[match[1]];
		if (!length) continue;
		const iban = collect(text, match.index, length);
		if (iban && isValidIban(iban)) {
			found.push(iban);
			start.lastIndex = match.index + iban.length;
		}
	}
	return found;
}

function collect(text: string, from: number, length: number): string | undefined {
	let compact = '';
	let position = from;
	while (compact.length < length && position < text.length) {
		const char = text[position];
		if (/[A-Z0-9]/.test(char)) compact += char;
		else if (char !== ' ' || !/[A-Z0-9]/.test(text[position + 1] ?? '')) break;
		position++;
	}
	if (compact.length !== length) return undefined;
	return /[A-Za-z0-9]/.test(text[position] ?? '') ? undefined : compact;
}
