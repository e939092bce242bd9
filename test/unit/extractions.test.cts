import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import {
	formatGiniAmount,
	parseGiniAmount,
	simplifyExtractions,
	transferSummaryBody,
	type GiniExtraction,
	type GiniExtractionsBody,
	type TransferSummary,
} from '../../nodes/GiniPay/shared/extractions';

/** An answer under test/fixtures/gini-answers (shaped after Gini's SDK fixtures; see the README there). */
function answer(name: string): GiniExtractionsBody {
	return JSON.parse(
		readFileSync(join(__dirname, '..', 'fixtures', 'gini-answers', `${name}.json`), 'utf8'),
	);
}

/** The example answer of GET /documents/{id}/extractions in docs/gini-api.md §4.5, with the labels of Gini's fixture. */
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
	it('writes two decimals and the currency (docs/gini-api.md §1.5)', () => {
		expect(formatGiniAmount(1234.5, 'EUR')).toBe('1234.50:EUR');
		expect(formatGiniAmount(0, 'EUR')).toBe('0.00:EUR');
		expect(formatGiniAmount(24.99, 'CHF')).toBe('24.99:CHF');
	});

	it.each([-0.01, Number.NaN, Number.POSITIVE_INFINITY, 1e13, 1e21])(
		'refuses the amount %p',
		(amount) => {
			expect(() => formatGiniAmount(amount, 'EUR')).toThrow(RangeError);
		},
	);

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
				expect(parseGiniAmount(formatted)).toEqual({
					amount: Number(amount.toFixed(2)),
					currency: 'EUR',
				});
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
			documentType: 'Invoice',
			isCreditNote: false,
			payable: true,
			iban: 'DE02120300000000202051',
			bic: null,
			amount: 24.99,
			currency: 'EUR',
			creditAmount: null,
			recipient: 'Fahrrad Rückenwind',
			reference: null,
			purpose: null,
			dueDate: null,
			skontoAmountToPay: null,
			skontoPercentage: null,
			skontoDueDate: null,
			instantPayment: null,
			paymentState: 'ToBePaid',
			crossBorder: false,
			unrecognizedLabels: false,
			note: null,
		});
	});

	it('reads a SEPA invoice with every flat label, instantPayment as a boolean', () => {
		expect(simplifyExtractions(answer('invoice-sepa'))).toMatchObject({
			documentType: 'Invoice',
			isCreditNote: false,
			payable: true,
			iban: 'DE89370400440532013000',
			bic: 'COBADEFFXXX',
			amount: 995,
			currency: 'EUR',
			recipient: 'Fahrradhaus Seewind GmbH',
			purpose: 'RE-2025-0512-02',
			instantPayment: false,
			paymentState: 'ToBePaid',
			unrecognizedLabels: false,
			note: null,
		});
	});

	it('reads paymentReference with the entity text, and the doc type of a remittance slip', () => {
		expect(simplifyExtractions(answer('remittance-return-reasons'))).toMatchObject({
			documentType: 'RemittanceSlip',
			reference: '7512300998811',
			purpose: '7 512300998811',
			amount: 42.85,
			payable: true,
		});
	});

	it('never shows a credit note as payable: no amount to pay, its amount as creditAmount', () => {
		const view = simplifyExtractions(answer('credit-note'));
		expect(view).toMatchObject({
			documentType: 'CreditNote',
			isCreditNote: true,
			payable: false,
			amount: null,
			creditAmount: 12.75,
			currency: 'EUR',
			iban: 'DE89370400440532013000',
			recipient: 'Funknetz Deutschland GmbH',
		});
		expect(view.note).toMatch(/credit note/);
	});

	it.each([
		[{ creditNote: { entity: 'text', value: 'true' } }, true],
		[{ creditNote: { entity: 'text', value: 'True' } }, true],
		[{ creditNote: { entity: 'text', value: 'false' } }, false],
		[{ docType: { entity: 'doctype', value: 'CreditNote' } }, true],
		[{ businessDocType: { entity: 'businessdoctype', value: 'Invoice' } }, false],
	])('takes %j as a credit note: %p', (labels, creditNote) => {
		const view = simplifyExtractions({
			extractions: {
				docType: { entity: 'doctype', value: 'Invoice' },
				amountToPay: { entity: 'amount', value: '50.00:EUR' },
				iban: { entity: 'iban', value: 'DE89370400440532013000' },
				...labels,
			},
		});
		expect(view).toMatchObject({
			isCreditNote: creditNote,
			payable: !creditNote,
			amount: creditNote ? null : 50,
		});
	});

	it('gives a credit note no payment state, whatever Gini reads, and names its sum in note', () => {
		const view = simplifyExtractions({
			extractions: {
				businessDocType: { entity: 'businessdoctype', value: 'CreditNote' },
				paymentState: { entity: 'paymentstate', value: 'ToBePaid' },
				amountToPay: { entity: 'amount', value: '12.75:EUR' },
			},
		});
		expect(view).toMatchObject({ paymentState: null, payable: false, creditAmount: 12.75 });
		expect(view.note).toBe(
			'This is a credit note of 12.75 EUR: the money is owed to you, nothing is to be paid.',
		);
	});

	it.each([
		['docType', 'Reminder', true],
		['businessDocType', 'reminder', true],
		['docType', 'Invoice', false],
	])('a %s of %s says to check that the invoice is not paid already: %p', (label, value, says) => {
		const view = simplifyExtractions({
			extractions: {
				[label]: { entity: 'doctype', value },
				amountToPay: { entity: 'amount', value: '64.90:EUR' },
				iban: { entity: 'iban', value: 'DE34200505501234567890' },
				paymentState: { entity: 'paymentstate', value: 'ToBePaid' },
			},
		});
		expect(view.payable).toBe(true);
		expect(view.note).toBe(
			says
				? 'This is a reminder (Mahnung): check that the invoice is not paid already before paying it.'
				: null,
		);
	});

	it('drops skonto for a credit note', () => {
		const body = answer('skonto');
		body.extractions!.businessDocType = { entity: 'businessdoctype', value: 'CreditNote' };
		expect(simplifyExtractions(body)).toMatchObject({
			isCreditNote: true,
			skontoAmountToPay: null,
			skontoDueDate: null,
		});
	});

	it('takes the payee from crossBorderPayment when Gini put it only there', () => {
		expect(simplifyExtractions(answer('cross-border'))).toMatchObject({
			crossBorder: true,
			iban: 'GB29NWBK60161331926819',
			bic: 'NWBKGB2L',
			recipient: 'Thames Tools Ltd',
			amount: 1200,
			currency: 'EUR',
			payable: true,
			note: null,
		});
	});

	it('reads the creditor labels of a cross-border row, amount and currency included', () => {
		expect(simplifyExtractions(answer('cross-border-creditor'))).toMatchObject({
			crossBorder: true,
			iban: 'GB29NWBK60161331926819',
			bic: 'NWBKGB2L',
			recipient: 'Thames Tools Ltd',
			amount: 100,
			currency: 'GBP',
			payable: true,
			unrecognizedLabels: false,
		});
	});

	it('does not call a cross-border account number that is not an IBAN an IBAN', () => {
		const body = answer('cross-border-creditor');
		const row = (
			body.compoundExtractions!.crossBorderPayment as Array<Record<string, GiniExtraction>>
		)[0];
		row.creditorAccountNumber = { entity: 'creditorAccountNumber', value: '000123456789' };
		const view = simplifyExtractions(body);
		expect(view).toMatchObject({ crossBorder: true, iban: null, payable: false });
		expect(view.note).toContain('000123456789');
	});

	it('keeps the flat payee when there is one, rather than mixing in the cross-border row', () => {
		const body = answer('cross-border');
		body.extractions!.iban = { entity: 'iban', value: 'DE89370400440532013000' };
		expect(simplifyExtractions(body)).toMatchObject({
			crossBorder: false,
			iban: 'DE89370400440532013000',
			bic: null,
			recipient: null,
		});
	});

	it('shows the due date and the skonto (discounted amount, percentage, last day)', () => {
		expect(simplifyExtractions(answer('skonto'))).toMatchObject({
			dueDate: '2026-12-15',
			amount: 2380,
			skontoAmountToPay: 2332.4,
			skontoPercentage: 2,
			skontoDueDate: '2026-12-08',
			payable: true,
		});
	});

	it('prefers the skonto values read from the document over the calculated ones', () => {
		const body = answer('skonto');
		const row = (
			body.compoundExtractions!.skontoDiscounts as Array<Record<string, GiniExtraction>>
		)[0];
		row.skontoAmountToPay = { entity: 'amount', value: '2330.00:EUR' };
		row.skontoDueDate = { entity: 'date', value: '2026-12-07' };
		expect(simplifyExtractions(body)).toMatchObject({
			skontoAmountToPay: 2330,
			skontoDueDate: '2026-12-07',
		});
	});

	it('flags an answer in Health API labels instead of filling IBAN and BIC only', () => {
		const view = simplifyExtractions(answer('health-api'));
		expect(view).toMatchObject({
			unrecognizedLabels: true,
			payable: false,
			iban: null,
			bic: null,
			amount: null,
			recipient: null,
		});
		expect(view.note).toContain('amount_to_pay');
	});

	it('flags extractions without any payment label it knows, but not an empty answer', () => {
		const view = simplifyExtractions({
			extractions: { totalSum: { entity: 'amount', value: '9.00:EUR' } },
			candidates: {},
		});
		expect(view).toMatchObject({ unrecognizedLabels: true, payable: false, amount: null });
		expect(view.note).toContain('totalSum');
		expect(simplifyExtractions({ extractions: {}, candidates: {} }).unrecognizedLabels).toBe(false);
	});

	it('gives nulls and nothing to pay for an empty answer (a PENDING or ERROR document)', () => {
		for (const body of [{}, { extractions: {}, candidates: {} }]) {
			const { isCreditNote, payable, crossBorder, unrecognizedLabels, note, ...fields } =
				simplifyExtractions(body);
			expect({ isCreditNote, payable, crossBorder, unrecognizedLabels }).toEqual({
				isCreditNote: false,
				payable: false,
				crossBorder: false,
				unrecognizedLabels: false,
			});
			expect(Object.values(fields).every((value) => value === null)).toBe(true);
			expect(note).toEqual(expect.any(String));
		}
	});

	it.each([
		['already paid', { paymentState: { entity: 'paymentstate', value: 'Paid' } }, /already paid/],
		['without an IBAN', { iban: { entity: 'iban', value: ' ' } }, /no IBAN/],
		['without an amount', { amountToPay: { entity: 'amount', value: '24,99 EUR' } }, /no amount/],
		[
			'with an amount of 0',
			{ amountToPay: { entity: 'amount', value: '0.00:EUR' } },
			/not above 0/,
		],
	])('is not payable %s, and says why', (_case, labels, why) => {
		const view = simplifyExtractions({
			...DOCUMENTED,
			extractions: { ...DOCUMENTED.extractions, ...labels },
		});
		expect(view.payable).toBe(false);
		expect(view.note).toMatch(why);
	});

	it('trims values and treats blank ones as absent', () => {
		const view = simplifyExtractions({
			extractions: {
				paymentReference: { entity: 'text', value: '  RE-1  ' },
				paymentPurpose: { entity: 'text', value: '   ' },
				bic: { entity: 'bic' },
			},
		});
		expect(view).toMatchObject({ reference: 'RE-1', purpose: null, bic: null });
	});

	it('gives no amount and no currency for an amount it cannot read', () => {
		const view = simplifyExtractions({
			extractions: { amountToPay: { entity: 'amount', value: '24,99 EUR' } },
		});
		expect(view).toMatchObject({ amount: null, currency: null });
	});
});

describe('transferSummaryBody', () => {
	it('sends only the fields given, under the labels and entities of Gini’s transfer summary (docs/gini-api.md §4.6)', () => {
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
		expect(transferSummaryBody({ amount: 0 })).toEqual({
			extractions: { amountToPay: { value: '0.00:EUR', entity: 'amount' } },
		});
		expect(transferSummaryBody({ currency: 'USD', iban: '  ', recipient: '' })).toEqual({
			extractions: {},
		});
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
					expect(view.currency).toBe(
						summary.amount === undefined ? null : (summary.currency ?? 'EUR'),
					);
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
