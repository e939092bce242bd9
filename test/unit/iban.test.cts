/**
 * IBAN and BIC checks (nodes/GiniPay/shared/payments/iban.ts), against examples of the registries and against
 * ibantools, an established IBAN library, as the oracle.
 */
import fc from 'fast-check';

import {
	checkBic,
	checkIban,
	mod97,
	SEPA_IBAN_LENGTHS,
} from '../../nodes/GiniPay/shared/payments/iban';

import { arbitraryIban, ibanOf, ibantools, SEPA_COUNTRIES } from './paymentOracles.cts';

const { getCountrySpecifications, isValidBIC, validateIBAN, ValidationErrorsIBAN } = ibantools;

/** ibantools finds nothing wrong but (maybe) the national check digits, or `alsoAllowed`. */
function nationalOnly(iban: string, alsoAllowed?: number): boolean {
	return validateIBAN(iban).errorCodes.every(
		(code) => code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum || code === alsoAllowed,
	);
}

describe('checkIban', () => {
	it.each([
		['DE89370400440532013000', 'DE89370400440532013000'],
		['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
		['de89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
		['AT611904300234573201', 'AT611904300234573201'],
		['FR14 2004 1010 0505 0001 3M02 606', 'FR1420041010050500013M02606'],
		['NL91ABNA0417164300', 'NL91ABNA0417164300'],
		['NO9386011117947', 'NO9386011117947'],
		['MT84MALT011000012345MTLCAST001S', 'MT84MALT011000012345MTLCAST001S'],
	])('accepts %s as %s', (text, iban) => {
		expect(checkIban(text)).toEqual({ iban });
	});

	it.each([
		['', 'The IBAN is empty'],
		['DE89-3704-0044-0532-0130-00', 'may hold only letters A to Z and digits'],
		['8937040044053201300DE0', 'must start with two letters (the country) and two check digits'],
		['US89370400440532013000', 'country US is not in the SEPA schemes'],
		['BR1500000000000010932840814P2', 'country BR is not in the SEPA schemes'],
		['DE8937040044053201300', 'An IBAN of DE has 22 characters, this one has 21'],
		['DE893704004405320130000', 'An IBAN of DE has 22 characters, this one has 23'],
		['DE88370400440532013000', 'check digits do not match'],
		['DE89370400440532013001', 'check digits do not match'],
	])('refuses %j: %s', (text, message) => {
		const result = checkIban(text);
		expect(result).toHaveProperty('error');
		expect((result as { error: string }).error).toContain(message);
	});

	it('has the IBAN length ibantools gives every SEPA country, and the SEPA countries ibantools knows', () => {
		const specs = getCountrySpecifications();
		for (const country of SEPA_COUNTRIES)
			expect([country, specs[country]?.chars]).toEqual([country, SEPA_IBAN_LENGTHS[country]]);
		const ibantoolsSepa = Object.keys(specs).filter(
			(country) => specs[country].SEPA && specs[country].IBANRegistry,
		);
		expect(SEPA_COUNTRIES).toEqual(expect.arrayContaining(ibantoolsSepa));
		// The EPC admitted Albania, Montenegro, Moldova and North Macedonia in 2024/2025, after that ibantools release.
		expect(SEPA_COUNTRIES.filter((country) => !ibantoolsSepa.includes(country)).sort()).toEqual([
			'AL',
			'MD',
			'ME',
			'MK',
		]);
	});

	it('accepts every random valid IBAN of a SEPA country, as ibantools does', () => {
		fc.assert(
			fc.property(arbitraryIban, (iban) => {
				// ibantools also checks the national check digits of some countries (Belgium, Spain, …), which the
				// random national parts do not have; everything else must pass.
				expect(nationalOnly(iban)).toBe(true);
				expect(checkIban(iban)).toEqual({ iban });
				const printed = iban
					.replace(/(.{4})/g, '$1 ')
					.trim()
					.toLowerCase();
				expect(checkIban(printed)).toEqual({ iban });
			}),
			{ numRuns: 2000, seed: 21 },
		);
	});

	it('agrees with ibantools on IBANs with one character changed or two swapped', () => {
		const changed = fc
			.tuple(arbitraryIban, fc.nat(), fc.nat(), fc.boolean())
			.map(([iban, at, digit, swap]) => {
				const i = at % iban.length;
				if (swap) {
					const j = i + 1 < iban.length ? i + 1 : i - 1;
					const characters = [...iban];
					[characters[i], characters[j]] = [characters[j], characters[i]];
					return characters.join('');
				}
				return iban.slice(0, i) + String(digit % 10) + iban.slice(i + 1);
			});
		let refused = 0;
		fc.assert(
			fc.property(changed, (iban) => {
				const mine = 'iban' in checkIban(iban);
				// Refused here: refused by ibantools. Accepted here: ibantools finds at most the national part's
				// form or its national check digits wrong, which this module leaves to the bank.
				if (mine) expect(nationalOnly(iban, ValidationErrorsIBAN.WrongBBANFormat)).toBe(true);
				else expect(validateIBAN(iban).valid).toBe(false);
				if (!mine) refused++;
			}),
			{ numRuns: 2000, seed: 97 },
		);
		expect(refused).toBeGreaterThan(1500);
	});

	it('computes the check digits of the registries’ examples', () => {
		expect(ibanOf('DE', '370400440532013000')).toBe('DE89370400440532013000');
		expect(ibanOf('GB', 'WEST12345698765432')).toBe('GB82WEST12345698765432');
		expect(mod97('3214282912345698765432161182')).toBe(1); // GB82WEST… rearranged, letters as numbers
	});
});

describe('checkBic', () => {
	it.each([
		['DEUTDEFF', 'DEUTDEFF'],
		['DEUTDEFF500', 'DEUTDEFF500'],
		['deut de ff 500', 'DEUTDEFF500'],
		['COBADEFFXXX', 'COBADEFFXXX'],
		['1234DEFF', '1234DEFF'], // ISO 9362:2014 lets the party prefix hold digits; the EPC's schemas too
	])('accepts %s as %s', (text, bic) => {
		expect(checkBic(text)).toEqual({ bic });
	});

	it.each([
		'',
		'DEUTDEF',
		'DEUTDEFF5',
		'DEUTDEFF50',
		'DEUTDEFF5000',
		'DEUT1EFF',
		'DEUTDEFF-00',
		'DEUTDÄFF',
	])('refuses %j', (text) => {
		expect(checkBic(text)).toHaveProperty('error');
	});

	it('agrees with ibantools where ibantools applies (letters in the bank code, a known country)', () => {
		const characters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
		const candidate = fc
			.tuple(
				fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 4, maxLength: 4 }),
				fc.constantFrom('DE', 'AT', 'FR', 'NL', 'IT', 'ES', 'Q1', '12'),
				fc.array(characters, { minLength: 2, maxLength: 6 }),
			)
			.map(([bank, country, rest]) => bank.join('') + country + rest.join(''));
		fc.assert(
			fc.property(candidate, (bic) => {
				expect('bic' in checkBic(bic)).toBe(isValidBIC(bic));
			}),
			{ numRuns: 2000, seed: 9362 },
		);
	});
});
