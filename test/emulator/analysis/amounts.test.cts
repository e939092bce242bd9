import { extractPaymentData } from './index.cts';

describe('amount notations: German and others, in Gini form', () => {
	const amountToPay = (text: string) =>
		extractPaymentData(`Gesamtbetrag: ${text}`).extractions.amountToPay?.value;

	test.each([
		['1.234,56 €', '1234.56:EUR'],
		['1.234,56 EUR', '1234.56:EUR'],
		['EUR 1.234,56', '1234.56:EUR'],
		['€ 1.234,56', '1234.56:EUR'],
		['€1.234,56', '1234.56:EUR'],
		['1234,56 €', '1234.56:EUR'],
		['1.234.567,89 €', '1234567.89:EUR'],
		['0,99 €', '0.99:EUR'],
		['12,5 EUR', '12.50:EUR'],
		['12,- €', '12.00:EUR'],
		['1.250,-- EUR', '1250.00:EUR'],
		['1.234 €', '1234.00:EUR'],
		['45 Euro', '45.00:EUR'],
		['12.50 €', '12.50:EUR'],
		['1,234.56 USD', '1234.56:USD'],
		['$1,234.56', '1234.56:USD'],
		["CHF 1'234.50", '1234.50:CHF'],
		['£ 99.00', '99.00:GBP'],
		['007,00 €', '7.00:EUR'],
	])('%s → %s', (text, value) => {
		expect(amountToPay(text)).toBe(value);
	});

	test.each([
		['a price with four decimals', '0,3120 €'],
		['a percentage', '19 %'],
		['a malformed group', '1.23,45 €'],
		['a run of digits beyond any invoice total', '12345678901234,00 €'],
	])('%s is not an amount: %s', (_, text) => {
		expect(amountToPay(text)).toBeUndefined();
	});

	test('a no-break space as thousands separator counts like the dot', () => {
		expect(
			extractPaymentData('Gesamtbetrag: 1\u00a0234,56\u00a0€').extractions.amountToPay?.value,
		).toBe('1234.56:EUR');
	});
});

describe('amountToPay: choosing among the amounts of a document', () => {
	const amountToPay = (...lines: string[]) =>
		extractPaymentData(lines.join('\n')).extractions.amountToPay?.value;

	test('"Zu zahlen" wins over the gross total when advance payments were made', () => {
		expect(
			amountToPay(
				'Gesamtbetrag brutto\t1.408,17 €',
				'abzüglich geleisteter Abschläge\t-1.320,00 €',
				'Zu zahlender Betrag\t88,17 €',
			),
		).toBe('88.17:EUR');
	});

	test('net amount and VAT lines are not the amount to pay', () => {
		expect(
			amountToPay('Nettobetrag 100,00 €', 'MwSt. 19 % 19,00 €', 'Rechnungsbetrag 119,00 €'),
		).toBe('119.00:EUR');
		expect(
			amountToPay('Rechnungsbetrag 119,00 €', 'Summe netto 100,00 €', 'Umsatzsteuer 19,00 €'),
		).toBe('119.00:EUR');
	});

	test('"inkl. MwSt." does not disqualify the total it describes', () => {
		expect(amountToPay('Zwischensumme 50,00 €', 'Gesamtbetrag inkl. 19 % MwSt. 59,50 €')).toBe(
			'59.50:EUR',
		);
	});

	test('a label on the line above a lone value labels it', () => {
		expect(amountToPay('Position 1\t30,00 €', 'Zahlbetrag', '45,00 €', 'Position 2\t15,00 €')).toBe(
			'45.00:EUR',
		);
	});

	test('a column header does not label the values of the rows below it', () => {
		expect(
			amountToPay('Menge Artikel\tGesamt', '40 Brezeln à 0,85 €\t34,00 €', 'Summe\t87,40 €'),
		).toBe('87.40:EUR');
	});

	test('on equally strong labels the later amount wins: totals close a document', () => {
		expect(amountToPay('Gesamt 10,00 €', 'Gesamt 20,00 €')).toBe('20.00:EUR');
	});

	test('without any label the largest amount is taken', () => {
		expect(amountToPay('Brot 3,95 €', 'Kuchen 12,00 €', 'Kaffee 2,50 €')).toBe('12.00:EUR');
	});

	test('negative amounts (credits, deductions) are never the amount to pay', () => {
		expect(amountToPay('Gutschrift -50,00 €')).toBeUndefined();
	});

	test('every distinct amount is listed once in the "amounts" candidates, in document order', () => {
		const result = extractPaymentData(
			'Netto 100,00 €\nMwSt 19,00 €\nGesamt 119,00 €\nZu zahlen 119,00 €',
		);
		expect(result.extractions.amountToPay).toEqual({
			entity: 'amount',
			value: '119.00:EUR',
			candidates: 'amounts',
		});
		expect(result.candidates.amounts.map((candidate) => candidate.value)).toEqual([
			'100.00:EUR',
			'19.00:EUR',
			'119.00:EUR',
		]);
	});

	test('numbers without a currency (dates, quantities, phone numbers) are never amounts', () => {
		const result = extractPaymentData(
			'Datum 15.03.2024\n3.412 kWh\nTel. 0341 1234567\nIBAN DE89370400440532013000',
		);
		expect(result.extractions.amountToPay).toBeUndefined();
		expect(result.candidates.amounts).toBeUndefined();
	});
});
