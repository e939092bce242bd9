import { validateFeedbackValue } from './index.cts';

describe('validateFeedbackValue: amountToPay', () => {
	test.each(['24.99:EUR', '950.00:EUR', '0:EUR', '12.5:CHF', '1234567:USD'])(
		'%s is valid',
		(value) => {
			expect(validateFeedbackValue('amountToPay', value)).toBeUndefined();
		},
	);

	test.each([
		['a German decimal comma', '24,99:EUR'],
		['three decimals', '24.999:EUR'],
		['no currency', '24.99'],
		['a lower-case currency', '24.99:eur'],
		['a currency symbol', '24.99:€'],
		['a sign', '-24.99:EUR'],
		['thousands separators', '1,234.56:EUR'],
		['spaces', '24.99 :EUR'],
		['the legacy loose form', 'EUR 12.3'],
		['an empty value', ''],
	])('%s is rejected: %s', (_, value) => {
		expect(validateFeedbackValue('amountToPay', value)).toEqual(expect.any(String));
	});
});

describe('validateFeedbackValue: iban and bic', () => {
	test('a checksum-valid IBAN is accepted, electronic or printed', () => {
		expect(validateFeedbackValue('iban', 'DE89370400440532013000')).toBeUndefined();
		expect(validateFeedbackValue('iban', 'DE89 3704 0044 0532 0130 00')).toBeUndefined();
	});

	test('an IBAN with a wrong checksum or length is rejected', () => {
		expect(validateFeedbackValue('iban', 'DE88370400440532013000')).toEqual(expect.any(String));
		expect(validateFeedbackValue('iban', 'DE8937040044053201300')).toEqual(expect.any(String));
	});

	test.each(['COBADEFFXXX', 'BKAUATWW', 'BYLADEM1SWU'])('BIC %s is accepted', (bic) => {
		expect(validateFeedbackValue('bic', bic)).toBeUndefined();
	});

	test.each(['COBADEFF1', 'cobadeffxxx', 'COBA DEFF', 'C0BADEFFXXX', 'COBADEFFXXXX'])(
		'BIC %s is rejected',
		(bic) => {
			expect(validateFeedbackValue('bic', bic)).toEqual(expect.any(String));
		},
	);

	test('the reason never repeats more than the label (no value echoed)', () => {
		expect(validateFeedbackValue('iban', 'DE88370400440532013000')).not.toContain('DE88');
	});
});

describe('validateFeedbackValue: text labels and unknown labels', () => {
	test.each(['paymentRecipient', 'paymentReference', 'paymentPurpose'])(
		'%s takes any string up to 200 characters',
		(label) => {
			expect(validateFeedbackValue(label, 'Fahrrad Rückenwind')).toBeUndefined();
			expect(validateFeedbackValue(label, '')).toBeUndefined();
			expect(validateFeedbackValue(label, 'x'.repeat(200))).toBeUndefined();
			expect(validateFeedbackValue(label, 'x'.repeat(201))).toEqual(expect.any(String));
		},
	);

	test('labels without entity rules are accepted as they are', () => {
		expect(validateFeedbackValue('instantPayment', 'false')).toBeUndefined();
		expect(validateFeedbackValue('someFutureLabel', 'y'.repeat(500))).toBeUndefined();
	});
});
