import { extractPaymentData } from './index.cts';

const values = (text: string) =>
	Object.fromEntries(
		Object.entries(extractPaymentData(text).extractions).map(([label, extraction]) => [
			label,
			extraction.value,
		]),
	);
const text = (...lines: string[]) => lines.join('\n');

describe('extractPaymentData: nothing to find', () => {
	test('an empty text gives empty extractions and candidates', () => {
		expect(extractPaymentData('')).toEqual({ extractions: {}, candidates: {} });
	});

	test('a letter without payment data gives nothing, not even docType or paymentState', () => {
		const letter = text(
			'Terminbestätigung',
			'Ihr Termin: Dienstag, 09.07.2024, 08:30 Uhr',
			'Tel. 0341 1234567',
		);
		expect(extractPaymentData(letter)).toEqual({ extractions: {}, candidates: {} });
	});
});

describe('extractPaymentData: entities', () => {
	test("every extraction carries Gini's entity name (docs/gini-api.md §4.5)", () => {
		const result = extractPaymentData(
			text(
				'Muster GmbH',
				'Rechnung',
				'Rechnungsnummer: R-1',
				'Gesamtbetrag: 10,00 €',
				'IBAN: DE89 3704 0044 0532 0130 00',
				'BIC: COBADEFFXXX',
			),
		);
		const entities = Object.fromEntries(
			Object.entries(result.extractions).map(([label, extraction]) => [label, extraction.entity]),
		);
		expect(entities).toEqual({
			iban: 'iban',
			bic: 'bic',
			amountToPay: 'amount',
			paymentRecipient: 'companyname',
			paymentReference: 'text',
			paymentPurpose: 'text',
			docType: 'doctype',
			paymentState: 'paymentstate',
		});
	});
});

describe('extractPaymentData: iban', () => {
	test('is normalised without spaces', () => {
		expect(values('IBAN: DE89 3704 0044 0532 0130 00').iban).toBe('DE89370400440532013000');
	});

	test('an IBAN with a wrong checksum is not extracted', () => {
		expect(values('IBAN: DE88 3704 0044 0532 0130 00').iban).toBeUndefined();
	});

	test('a printed IBAN ends at its country length, so the BIC after it is not swallowed', () => {
		expect(values('IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX')).toMatchObject({
			iban: 'DE89370400440532013000',
			bic: 'COBADEFFXXX',
		});
	});

	test('an IBAN that runs on into more characters without a space is a different number', () => {
		expect(values('IBAN DE8937040044053201300012').iban).toBeUndefined();
		expect(values('IBAN XDE89370400440532013000').iban).toBeUndefined();
	});

	test('several IBANs: the first is the value, all are in the "ibans" candidates', () => {
		const result = extractPaymentData(
			text('IBAN DE73 5465 1240 0004 4556 67', 'IBAN DE26 5469 1200 0001 1223 34'),
		);
		expect(result.extractions.iban).toEqual({
			entity: 'iban',
			value: 'DE73546512400004455667',
			candidates: 'ibans',
		});
		expect(result.candidates.ibans).toEqual([
			{ entity: 'iban', value: 'DE73546512400004455667' },
			{ entity: 'iban', value: 'DE26546912000001122334' },
		]);
	});

	test('a single IBAN names no candidate list', () => {
		const result = extractPaymentData('IBAN DE73 5465 1240 0004 4556 67');
		expect(result.extractions.iban.candidates).toBeUndefined();
		expect(result.candidates.ibans).toBeUndefined();
	});

	test("the customer's own account (direct debit) is not the payee's IBAN", () => {
		const result = values(
			text(
				'Der Betrag wird von Ihrem Konto DE26 5469 1200 0001 1223 34 abgebucht.',
				'Unser Konto: DE73 5465 1240 0004 4556 67',
			),
		);
		expect(result.iban).toBe('DE73546512400004455667');
	});

	test('the same IBAN printed twice is one candidate', () => {
		const result = extractPaymentData(
			text('IBAN DE89370400440532013000', 'IBAN: DE89 3704 0044 0532 0130 00'),
		);
		expect(result.candidates.ibans).toBeUndefined();
	});
});

describe('extractPaymentData: bic', () => {
	test('is read right after a BIC or SWIFT label, 8 or 11 characters', () => {
		expect(values('BIC: COBADEFFXXX').bic).toBe('COBADEFFXXX');
		expect(values('SWIFT BKAUATWW').bic).toBe('BKAUATWW');
		expect(values('BIC/SWIFT: HASPDEHHXXX').bic).toBe('HASPDEHHXXX');
	});

	test('a value in the next column or on the next line is found', () => {
		expect(values('BIC:\tBELADEBEXXX').bic).toBe('BELADEBEXXX');
		expect(values('BIC\nBELADEBEXXX').bic).toBe('BELADEBEXXX');
	});

	test('a BIC-shaped word without a BIC label is not a BIC', () => {
		expect(values('RECHNUNG COBADEFFXXX\nGesamt 5,00 €').bic).toBeUndefined();
	});

	test('something after the label that is not BIC-shaped is not taken', () => {
		expect(values('BIC: siehe Rückseite').bic).toBeUndefined();
		expect(values('BIC: COBADEFFXX').bic).toBeUndefined();
	});
});

describe('extractPaymentData: paymentRecipient', () => {
	test('the account holder named with the bank details comes first', () => {
		expect(
			values(text('Muster GmbH', 'Kontoinhaber: Dr. Anna Weber, IBAN DE89370400440532013000'))
				.paymentRecipient,
		).toBe('Dr. Anna Weber');
	});

	test('"Empfänger" counts when bank details are near', () => {
		expect(
			values(text('Empfänger: Fahrrad Rückenwind', 'IBAN: DE89370400440532013000'))
				.paymentRecipient,
		).toBe('Fahrrad Rückenwind');
	});

	test('"Empfänger" far from any bank details is an addressee, not the payee', () => {
		const letter = text(
			'Empfänger: Max Mustermann',
			'Betreff: Ihr Termin',
			'',
			'',
			'',
			'Gesamt 5,00 €',
		);
		expect(values(letter).paymentRecipient).toBeUndefined();
	});

	test('"Rechnungsempfänger" is the customer and never the recipient', () => {
		const invoice = text(
			'Rechnungsempfänger: Nordlicht Logistik GmbH',
			'IBAN DE89370400440532013000',
		);
		expect(values(invoice).paymentRecipient).toBeUndefined();
	});

	test('without a holder label, the letterhead company with its legal form is taken', () => {
		expect(
			values(text('Haus & Hof Verwaltung GmbH & Co. KG · Ring 1 · 10115 Berlin', 'Gesamt 5,00 €'))
				.paymentRecipient,
		).toBe('Haus & Hof Verwaltung GmbH & Co. KG');
	});

	test('of two companies the one the document repeats (letterhead and footer) wins over the customer', () => {
		const invoice = text(
			'Nordlicht Logistik GmbH',
			'Hafenstraße 7',
			'Gesamt 5,00 €',
			'Muster Software AG',
			'Muster Software AG · Amtsgericht Köln',
		);
		expect(values(invoice).paymentRecipient).toBe('Muster Software AG');
	});

	test('register lines naming a company are not a company name', () => {
		expect(
			values(text('Amtsgericht München HRB 123456 GmbH', 'Gesamt 5,00 €')).paymentRecipient,
		).toBeUndefined();
	});
});

describe('extractPaymentData: paymentReference and paymentPurpose', () => {
	test('the invoice number is the reference; without Verwendungszweck the purpose is "Rechnung <nr>"', () => {
		const result = values(text('Rechnungs-Nr.: 2024/1187', 'Gesamt 5,00 €'));
		expect(result.paymentReference).toBe('2024/1187');
		expect(result.paymentPurpose).toBe('Rechnung 2024/1187');
	});

	test.each([
		['Rechnungsnummer: RE-17', 'RE-17'],
		['Rechnungsnr. 4711', '4711'],
		['Re.-Nr.: A 17', undefined],
		['Rechnung Nr. 2024-01', '2024-01'],
		['Invoice No. INV-99', 'INV-99'],
		['Ihre Rechnungsnummer lautet 55-1.', '55-1'],
	])('label variant "%s" → %s', (line, reference) => {
		expect(values(text(line, 'Gesamt 5,00 €')).paymentReference).toBe(reference);
	});

	test('a sentence mentioning the invoice number without one is not a label', () => {
		const result = values(text('Bitte geben Sie die Rechnungsnummer an.', 'Gesamt 5,00 €'));
		expect(result.paymentReference).toBeUndefined();
	});

	test('a header row over a value row: the value in the same column is taken', () => {
		const result = values(
			text('Rechnungsnr.\tDatum\tKundennr.', 'R-555\t01.02.2024\tK-77', 'Gesamt 5,00 €'),
		);
		expect(result.paymentReference).toBe('R-555');
	});

	test('the Verwendungszweck line is the purpose, the invoice number stays the reference', () => {
		const result = values(
			text(
				'Rechnungsnummer 3100998877',
				'Verwendungszweck: RG 3100998877 KD 7000123456',
				'Gesamt 5,00 €',
			),
		);
		expect(result.paymentReference).toBe('3100998877');
		expect(result.paymentPurpose).toBe('RG 3100998877 KD 7000123456');
	});

	test('without an invoice number the Verwendungszweck, then the customer number, is the reference', () => {
		expect(values(text('Verwendungszweck: Mitglied 4711', 'Gesamt 5,00 €')).paymentReference).toBe(
			'Mitglied 4711',
		);
		const byCustomer = values(text('Kundennummer: K-10442', 'Gesamt 5,00 €'));
		expect(byCustomer.paymentReference).toBe('K-10442');
		expect(byCustomer.paymentPurpose).toBe('Kundennummer K-10442');
	});
});

describe('extractPaymentData: docType and paymentState', () => {
	const amount = 'Gesamt 5,00 €';

	test.each([
		[text('Rechnung', amount), 'Invoice'],
		[text('INVOICE', amount), 'Invoice'],
		[text('Jahresabrechnung Strom', amount), 'Invoice'],
		[text('1. Mahnung', 'zur Rechnung 17', amount), 'Reminder'],
		[text('Zahlungserinnerung', amount), 'Reminder'],
		[text('Betreff: Mahnung', amount), 'Reminder'],
		[text('Rechnung', 'Bei Verzug bedarf es keiner Mahnung.', amount), 'Invoice'],
		[text('Spendenquittung', amount), 'Other'],
	])('%j → %s', (document, docType) => {
		expect(values(document).docType).toBe(docType);
	});

	test.each([
		[text('Rechnung', amount), 'ToBePaid'],
		[text('Rechnung', amount, 'Der Betrag wurde bereits bezahlt.'), 'Paid'],
		[text('Rechnung', amount, 'Betrag dankend erhalten.'), 'Paid'],
		[text('Rechnung', amount, 'Bezahlt per PayPal am 01.03.2024'), 'Paid'],
		[
			text(
				'Mahnung',
				amount,
				'Sollten Sie bereits bezahlt haben, betrachten Sie dieses Schreiben als gegenstandslos.',
			),
			'ToBePaid',
		],
		[text('Mahnung', amount, 'Leider haben wir Ihre Zahlung nicht erhalten.'), 'ToBePaid'],
	])('%j → %s', (document, paymentState) => {
		expect(values(document).paymentState).toBe(paymentState);
	});
});

describe('extractPaymentData: payment terms and hints (labels of Gini’s Bank SDK fixtures)', () => {
	const invoice = (...more: string[]) =>
		text(
			'Muster GmbH',
			'Rechnung',
			'Rechnungsnummer: R-1',
			'Gesamtbetrag: 2.380,00 €',
			...more,
			'IBAN: DE89 3704 0044 0532 0130 00',
			'BIC: COBADEFFXXX',
		);

	test.each([
		['Zahlbar bis 15.12.2026.', '2026-12-15'],
		['Zahlbar ohne Abzug bis 15.12.2026', '2026-12-15'],
		['Fällig am 1.2.2027', '2027-02-01'],
		['Zahlungsziel: 15.12.2026', '2026-12-15'],
		['Bitte überweisen Sie den Betrag bis zum 15.12.2026 auf unser Konto.', '2026-12-15'],
	])('reads the due date of "%s" as paymentDueDate %s', (line, date) => {
		expect(extractPaymentData(invoice(line)).extractions.paymentDueDate).toEqual({
			entity: 'date',
			value: date,
		});
	});

	test('has no due date for "Zahlbar innerhalb von 14 Tagen", nor from a skonto line', () => {
		expect(values(invoice('Zahlbar innerhalb von 14 Tagen ohne Abzug.'))).not.toHaveProperty(
			'paymentDueDate',
		);
		expect(values(invoice('2 % Skonto bei Zahlung bis 08.12.2026'))).not.toHaveProperty(
			'paymentDueDate',
		);
	});

	test.each([
		'2 % Skonto bei Zahlung bis 08.12.2026',
		'Bei Zahlung bis zum 08.12.2026 gewähren wir 2% Skonto.',
	])('reads "%s" as a skontoDiscounts row with the discounted amount calculated', (line) => {
		const result = extractPaymentData(invoice(line, 'Zahlbar bis 15.12.2026'));
		expect(result.compoundExtractions?.skontoDiscounts).toEqual([
			expect.objectContaining({
				skontoPercentageDiscounted: { entity: 'numeric', value: '2.0' },
				skontoDueDate: { entity: 'date', value: '2026-12-08' },
				skontoAmountToPayCalculated: { entity: 'amount', value: '2332.40:EUR' },
				skontoAmountDiscountedCalculated: { entity: 'amount', value: '47.60:EUR' },
				skontoRemainingDaysCalculated: {
					entity: 'numeric',
					value: expect.stringMatching(/^-?\d+$/),
				},
			}),
		]);
		expect(result.extractions.paymentDueDate?.value).toBe('2026-12-15');
		expect(result.extractions.amountToPay?.value).toBe('2380.00:EUR');
	});

	test('marks a "Gutschrift" as businessDocType CreditNote, with no skonto', () => {
		const result = extractPaymentData(
			text(
				'Muster GmbH',
				'Gutschrift Nr. GS-17',
				'zu Rechnung R-1',
				'Gesamtbetrag: 12,75 €',
				'2 % Skonto bei Zahlung bis 08.12.2026',
				'IBAN: DE89 3704 0044 0532 0130 00',
			),
		);
		expect(result.extractions.businessDocType).toEqual({
			entity: 'businessdoctype',
			value: 'CreditNote',
		});
		expect(result.compoundExtractions).toBeUndefined();
		expect(values(invoice('abzgl. Gutschrift vom 01.03.: 10,00 €'))).not.toHaveProperty(
			'businessDocType',
		);
	});

	test('sets instantPayment "true" only when the document asks for an instant transfer', () => {
		expect(values(invoice('Bitte per Echtzeitüberweisung zahlen.')).instantPayment).toBe('true');
		expect(values(invoice())).not.toHaveProperty('instantPayment');
	});

	test('puts a payee with an IBAN outside SEPA into crossBorderPayment, not the flat labels', () => {
		const result = extractPaymentData(
			text(
				'Anadolu Tekstil A.S.',
				'Invoice',
				'Invoice No. EX-2026-77',
				'Total: 4.500,00 EUR',
				'Beneficiary: Anadolu Tekstil A.S.',
				'IBAN: TR33 0006 1005 1978 6457 8413 26',
				'SWIFT: ISBKTRISXXX',
			),
		);
		expect(result.compoundExtractions?.crossBorderPayment).toEqual([
			{
				iban: { entity: 'iban', value: 'TR330006100519786457841326' },
				bic: { entity: 'bic', value: 'ISBKTRISXXX' },
				paymentRecipient: { entity: 'companyname', value: 'Anadolu Tekstil A.S.' },
			},
		]);
		expect(result.extractions).not.toHaveProperty('iban');
		expect(result.extractions).not.toHaveProperty('bic');
		expect(result.extractions.amountToPay?.value).toBe('4500.00:EUR');
		expect(values(invoice())).toHaveProperty('iban');
	});
});
