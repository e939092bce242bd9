/**
 * IBAN and BIC checks for payments (the SEPA credit transfer file and the payment QR code). Pure: no n8n imports.
 *
 * - IBAN (ISO 13616): two letters of the country, two check digits, the national account number (BBAN); the check
 *   digits follow ISO 7064 MOD 97-10 (move the first four characters to the end, letters to numbers A=10 … Z=35,
 *   the remainder of the number divided by 97 must be 1). Only countries of the SEPA schemes' geographical scope
 *   (EPC409-09, the European Payments Council's list of countries) are accepted, each with its IBAN length.
 * - BIC (ISO 9362): the form the EPC's SEPA XML schemas give it, `[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?`.
 *
 * Both accept the printed form (groups separated by spaces, lowercase letters) and return the electronic form.
 */

/** IBAN length of each country in the SEPA schemes (EU, EEA, and the other countries the EPC admitted). */
export const SEPA_IBAN_LENGTHS: Readonly<Record<string, number>> = {
	AD: 24,
	AL: 28,
	AT: 20,
	BE: 16,
	BG: 22,
	CH: 21,
	CY: 28,
	CZ: 24,
	DE: 22,
	DK: 18,
	EE: 20,
	ES: 24,
	FI: 18,
	FR: 27,
	GB: 22,
	GI: 23,
	GR: 27,
	HR: 21,
	HU: 28,
	IE: 22,
	IS: 26,
	IT: 27,
	LI: 21,
	LT: 20,
	LU: 20,
	LV: 21,
	MC: 27,
	MD: 24,
	ME: 22,
	MK: 19,
	MT: 31,
	NL: 18,
	NO: 15,
	PL: 28,
	PT: 25,
	RO: 24,
	SE: 24,
	SI: 19,
	SK: 24,
	SM: 27,
	VA: 22,
};

/**
 * The remainder of a string of digits and capital letters read as a number (letters as two digits, A=10 … Z=35)
 * divided by 97, as ISO 7064 MOD 97-10 computes it for IBANs and ISO 11649 for creditor references. Computed digit
 * by digit, so the number may be of any length.
 */
export function mod97(text: string): number {
	let remainder = 0;
	for (const character of text) {
		const value = parseInt(character, 36);
		remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
	}
	return remainder;
}

/** The printed form without spaces, in capitals. */
function electronic(text: string): string {
	return text.replace(/[ \u00a0]+/g, '').toUpperCase();
}

/** The IBAN in electronic form when it is a valid IBAN of a SEPA country, or why not. */
export function checkIban(text: string): { iban: string } | { error: string } {
	const iban = electronic(text);
	if (iban === '') return { error: 'The IBAN is empty' };
	if (!/^[A-Z0-9]+$/.test(iban)) {
		return {
			error: 'The IBAN may hold only letters A to Z and digits (and spaces between groups)',
		};
	}
	if (!/^[A-Z]{2}[0-9]{2}/.test(iban)) {
		return { error: 'The IBAN must start with two letters (the country) and two check digits' };
	}
	const country = iban.slice(0, 2);
	const length = SEPA_IBAN_LENGTHS[country];
	if (length === undefined) {
		return { error: `The IBAN's country ${country} is not in the SEPA schemes` };
	}
	if (iban.length !== length) {
		return {
			error: `An IBAN of ${country} has ${length} characters, this one has ${iban.length}`,
		};
	}
	if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
		return { error: 'The IBAN’s check digits do not match (ISO 7064 MOD 97-10): a typing error?' };
	}
	return { iban };
}

/** The BIC in electronic form when it has the form of a BIC (8 or 11 characters), or why not. */
export function checkBic(text: string): { bic: string } | { error: string } {
	const bic = electronic(text);
	if (bic === '') return { error: 'The BIC is empty' };
	if (!/^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
		return {
			error:
				'The BIC must have 8 or 11 letters and digits: bank (4), country (2 letters), location (2), branch (3, optional)',
		};
	}
	return { bic };
}

/**
 * A creditor reference (ISO 11649) in electronic form: `RF`, two check digits, 1 to 21 letters or digits, MOD 97-10
 * giving 1 (spaces of the printed form and lower case allowed); undefined for any other text.
 */
export function creditorReference(text: string): string | undefined {
	const reference = electronic(text.replace(/\s+/g, ''));
	if (!/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(reference)) return undefined;
	return mod97(reference.slice(4) + reference.slice(0, 4)) === 1 ? reference : undefined;
}
