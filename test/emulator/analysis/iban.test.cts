import fc from 'fast-check';

import { isValidIban } from './iban.cts';

/** Builds an IBAN with correct check digits, the way a bank computes them (ISO 13616). */
function withCheckDigits(country: string, bban: string): string {
	const digits = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
	const remainder = Number(BigInt(digits) % 97n);
	return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

describe('isValidIban', () => {
	test.each([
		'DE89370400440532013000',
		'AT611904300234573201',
		'CH9300762011623852957',
		'GB29NWBK60161331926819',
		'NL91ABNA0417164300',
		'NO9386011117947',
		'FR1420041010050500013M02606',
	])('%s is valid', (iban) => {
		expect(isValidIban(iban)).toBe(true);
	});

	test('the printed form with single spaces between groups is valid', () => {
		expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
	});

	test('two swapped digits are invalid', () => {
		expect(isValidIban('DE89370400440532031000')).toBe(false);
	});

	test('a checksum-valid number of the wrong length for its country is invalid', () => {
		const short = withCheckDigits('DE', '37040044053201300');
		expect(isValidIban(short)).toBe(false);
	});

	test('an unknown country code is invalid even with a matching checksum', () => {
		expect(isValidIban(withCheckDigits('ZZ', '370400440532013000'))).toBe(false);
	});

	test('lower case, punctuation and other junk are invalid', () => {
		expect(isValidIban('de89370400440532013000')).toBe(false);
		expect(isValidIban('DE89-3704-0044-0532-0130-00')).toBe(false);
		expect(isValidIban('')).toBe(false);
		expect(isValidIban('DE')).toBe(false);
	});

	test('every generated German IBAN is valid, and changing any one digit makes it invalid', () => {
		fc.assert(
			fc.property(
				fc.stringMatching(/^\d{18}$/),
				fc.integer({ min: 2, max: 21 }),
				fc.integer({ min: 1, max: 9 }),
				(bban, position, delta) => {
					const iban = withCheckDigits('DE', bban);
					const digit = (Number(iban[position]) + delta) % 10;
					const changed = iban.slice(0, position) + digit + iban.slice(position + 1);
					return isValidIban(iban) && !isValidIban(changed);
				},
			),
		);
	});
});
