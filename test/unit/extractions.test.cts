import fc from 'fast-check';

import {
	formatGiniAmount,
	parseGiniAmount,
	simplifyExtractions,
	transferSummaryBody,
	type GiniExtractionsBody,
	type TransferSummary,
} from '../../nodes/GiniPay/shared/extractions';

/** The example answer of GET /documents/{id}/extractions in gini-api.md §4.5, with the labels of Gini's fixture. */
const DOCUMENTED: GiniExtractionsBody = {
	extractions: {
		amountToPay: {
			box: { height: 9.0, left: 516.0, page: 1, top: 588.0, width: 42.0 },
			entity: 'amount',
			value: '24.99:EUR',
			candidates: 'amounts',
		},
		iban: { entity: 'iban', value: 'DE02120300000000202051' },
		paymentRecipient: { entity: 'companyname', value: 'Fahrrad Rückenwind' },
		paymentState: { entity: 'paymentstate', value: 'ToBePaid' },
		docType: { entity: 'doctype', value: 'Invoice' },
	},
	compoundExtractions: { lineItems: [] },
	candidates: { amounts: [{ entity: 'amount', value: '24.99:EUR' }] },
};

describe('parseGiniAmount', () => {
	it.each([
		['24.99:EUR', 24.99, 'EUR'],
		['335.50:EUR', 335.5, 'EUR'],
		['12:CHF', 12, 'CHF'],
		['-5.00:EUR', -5, 'EUR'],
		[' 1.5 : USD ', 1.5, 'USD'],
	])('reads %j as an amount and a currency', (value, amount, currency) => {
		expect(parseGiniAmount(value)).toEqual({ amount, currency });
	});

	it.each(['24,99:EUR', 'EUR 24.99', '24.99', '24.99:eur', '24.99:EURO', ':EUR', '', undefined])(
		'gives nulls for %j, which is not Gini’s "<decimal>:<ISO 4217>" form',
		(value) => {
			expect(parseGiniAmount(value)).toEqual({ amount: null, currency: null });
		},
	);
});

describe('formatGiniAmount', () => {
	it('writes two decimals and the currency (gini-api.md §1.5)', () => {
		expect(formatGiniAmount(1234.5, 'EUR')).toBe('1234.50:EUR');
		expect(formatGiniAmount(0, 'EUR')).toBe('0.00:EUR');
		expect(formatGiniAmount(24.99, 'CHF')).toBe('24.99:CHF');
	});

	it.each([-0.01, Number.NaN, Number.POSITIVE_INFINITY, 1e13, 1e21])('refuses the amount %p', (amount) => {
		expect(() => formatGiniAmount(amount, 'EUR')).toThrow(RangeError);
	});

	it.each(['eur', 'EURO', '', '€'])('refuses the currency %j', (currency) => {
		expect(() => formatGiniAmount(10, currency)).toThrow('ISO 4217');
	});

	it('gives what parseGiniAmount reads back, for any amount it accepts', () => {
		fc.assert(
			fc.property(fc.double({ min: 0, max: 1e300, noNaN: true }), (amount) => {
				let formatted: string;
				try {
					formatted = formatGiniAmount(amount, 'EUR');
				} catch (error) {
					expect(error).toBeInstanceOf(RangeError);
					return;
				}
				expect(formatted).toMatch(/^\d+\.\d\d:EUR$/);
				expect(parseGiniAmount(formatted)).toEqual({ amount: Number(amount.toFixed(2)), currency: 'EUR' });
			}),
		);
	});

	it('accepts every amount in cents up to a billion', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (cents) => {
				expect(parseGiniAmount(formatGiniAmount(cents / 100, 'EUR')).amount).toBe(cents / 100);
			}),
		);
	});
});

describe('simplifyExtractions', () => {
	it('turns the documented answer into the payment view', () => {
		expect(simplifyExtractions(DOCUMENTED)).toEqual({
			iban: 'DE02120300000000202051',
			bic: null,
			amount: 24.99,
			currency: 'EUR',
			recipient: 'Fahrrad Rückenwind',
			reference: null,
			purpose: null,
			documentType: 'Invoice',
			paymentState: 'ToBePaid',
		});
	});

	it('gives nulls for an empty answer (a PENDING or ERROR document)', () => {
		for (const body of [{}, { extractions: {}, candidates: {} }]) {
			expect(Object.values(simplifyExtractions(body)).every((value) => value === null)).toBe(true);
		}
	});

	it('trims values and treats blank ones as absent', () => {
		const view = simplifyExtractions({
			extractions: {
				paymentReference: { entity: 'reference', value: '  RE-1  ' },
				paymentPurpose: { entity: 'text', value: '   ' },
				bic: { entity: 'bic' },
			},
		});
		expect(view).toMatchObject({ reference: 'RE-1', purpose: null, bic: null });
	});

	it('gives no amount and no currency for an amount it cannot read', () => {
		const view = simplifyExtractions({ extractions: { amountToPay: { entity: 'amount', value: '24,99 EUR' } } });
		expect(view).toMatchObject({ amount: null, currency: null });
	});
});

describe('transferSummaryBody', () => {
	it('sends only the fields given, under the labels and entities of Gini’s transfer summary (gini-api.md §4.6)', () => {
		expect(transferSummaryBody({ amount: 950, iban: 'DE68 1303 0000 0017 8503 60' })).toEqual({
			extractions: {
				amountToPay: { value: '950.00:EUR', entity: 'amount' },
				iban: { value: 'DE68130300000017850360', entity: 'iban' },
			},
		});
		expect(
			transferSummaryBody({
				amount: 12.3,
				currency: 'CHF',
				bic: 'byla dem1 001',
				recipient: ' Fahrrad Rückenwind ',
				reference: 'RE-20170512-02',
				purpose: 'Rechnung RE-20170512-02',
			}),
		).toEqual({
			extractions: {
				amountToPay: { value: '12.30:CHF', entity: 'amount' },
				bic: { value: 'BYLADEM1001', entity: 'bic' },
				paymentRecipient: { value: 'Fahrrad Rückenwind', entity: 'companyname' },
				paymentReference: { value: 'RE-20170512-02', entity: 'reference' },
				paymentPurpose: { value: 'Rechnung RE-20170512-02', entity: 'reference' },
			},
		});
	});

	it('sends an amount of 0, and nothing for blank text or a currency without an amount', () => {
		expect(transferSummaryBody({ amount: 0 })).toEqual({ extractions: { amountToPay: { value: '0.00:EUR', entity: 'amount' } } });
		expect(transferSummaryBody({ currency: 'USD', iban: '  ', recipient: '' })).toEqual({ extractions: {} });
	});

	it('refuses an amount Gini could not read', () => {
		expect(() => transferSummaryBody({ amount: -1 })).toThrow(RangeError);
		expect(() => transferSummaryBody({ amount: 1, currency: 'Euro' })).toThrow('ISO 4217');
	});

	it('reads back through simplifyExtractions as the values the user gave', () => {
		const text = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim() !== '');
		const code = fc.stringMatching(/^[A-Z0-9]{8,22}$/);
		fc.assert(
			fc.property(
				fc.record(
					{
						amount: fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100),
						currency: fc.constantFrom('EUR', 'CHF', 'USD'),
						iban: code,
						bic: code,
						recipient: text,
						reference: text,
						purpose: text,
					},
					{ requiredKeys: [] },
				),
				(summary: TransferSummary) => {
					const view = simplifyExtractions(transferSummaryBody(summary));
					expect(view.amount).toBe(summary.amount ?? null);
					expect(view.currency).toBe(summary.amount === undefined ? null : (summary.currency ?? 'EUR'));
					expect(view.iban).toBe(summary.iban ?? null);
					expect(view.bic).toBe(summary.bic ?? null);
					expect(view.recipient).toBe(summary.recipient?.trim() ?? null);
					expect(view.reference).toBe(summary.reference?.trim() ?? null);
					expect(view.purpose).toBe(summary.purpose?.trim() ?? null);
				},
			),
		);
	});
});
