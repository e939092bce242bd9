import { inflateSync } from 'node:zlib';

import { buildCii, buildUbl, LINGUA_CII, WEBER_UBL } from '../../fixtures/eInvoices.cts';
import { loadFixture, SAMPLE_E_INVOICES } from '../../fixtures/invoices.cts';
import { analyzeContent, isXml } from './index.cts';
import { readEInvoice } from './xml/eInvoice.cts';

function values(result: ReturnType<typeof readEInvoice>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(result?.extractions ?? {}).map(([label, { value }]) => [label, value]),
	);
}

describe('XML e-invoices in the emulator', () => {
	const xmlSamples = SAMPLE_E_INVOICES.filter((sample) => sample.file.endsWith('.xml'));

	test.each(xmlSamples.map((sample) => [sample.file, sample]))(
		'%s: Gini-shaped payment extractions',
		async (_, sample) => {
			const analysis = await analyzeContent(loadFixture(sample.file), 'application/xml');
			expect(analysis).toMatchObject({ readable: true, pageCount: 1, text: '' });
			const { paymentState, ...found } = values(analysis.eInvoice);
			expect(found).toEqual(sample.expected);
			expect(paymentState).toBe(sample.expected.creditNote === 'true' ? undefined : 'ToBePaid');
			expect(analysis.eInvoice?.extractions.amountToPay).toMatchObject({
				entity: 'amount',
				candidates: 'amounts',
			});
			expect(analysis.eInvoice?.extractions.paymentDueDate?.entity).toBe('date');
		},
	);

	test('the ZUGFeRD fixture embeds the same data as XML that its page shows', () => {
		const pdf = loadFixture('zugferd-mehlwerk.pdf');
		const text = pdf.toString('latin1');
		const start = text.indexOf('/Type /EmbeddedFile');
		const length = Number(/\/Length (\d+)/.exec(text.slice(start))![1]);
		const data = text.indexOf('stream\n', start) + 'stream\n'.length;
		const xml = inflateSync(pdf.subarray(data, data + length)).toString('utf8');
		const sample = SAMPLE_E_INVOICES.find(
			(candidate) => candidate.file === 'zugferd-mehlwerk.pdf',
		)!;
		const embedded = values(readEInvoice(xml));
		for (const label of [
			'iban',
			'bic',
			'amountToPay',
			'paymentRecipient',
			'paymentReference',
		] as const) {
			expect({ label, value: embedded[label] }).toEqual({ label, value: sample.expected[label] });
		}
	});

	test('IBANs with bad check digits and direct-debit accounts are not payees; several payee IBANs are candidates', () => {
		const xml = buildUbl(WEBER_UBL)
			.toString('utf8')
			.replace(
				'<cac:PaymentMeans>',
				'<cac:PaymentMeans><cbc:PaymentMeansCode>59</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>DE89370400440532013000</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>\n' +
					'<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>DE00 1234 5678 9012 3456 78</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>\n' +
					'<cac:PaymentMeans>',
			)
			.replace(
				'</cac:PaymentTerms>',
				'</cac:PaymentTerms><cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>AT61 1904 3002 3457 3201</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>',
			);
		const result = readEInvoice(xml)!;
		expect(result.extractions.iban).toEqual({
			entity: 'iban',
			value: 'DE75512108001245126199',
			candidates: 'ibans',
		});
		expect(result.candidates.ibans.map((iban) => iban.value)).toEqual([
			'DE75512108001245126199',
			'AT611904300234573201',
		]);
	});

	test('a UBL Invoice with type code 381 is a credit note; a CII invoice without remittance uses its number', () => {
		const ubl = buildUbl(WEBER_UBL).toString('utf8').replace('>380<', '>381<');
		expect(values(readEInvoice(ubl)).creditNote).toBe('true');
		const cii = buildCii(LINGUA_CII)
			.toString('utf8')
			.replace(/<ram:PaymentReference>.*<\/ram:PaymentReference>/, '');
		expect(values(readEInvoice(cii))).toMatchObject({
			paymentReference: 'LS-25-0097',
			paymentPurpose: 'Rechnung LS-25-0097',
		});
	});

	test('other XML, malformed XML and DTDs end in ERROR', async () => {
		for (const xml of [
			'<?xml version="1.0"?><note><to>Tove</to></note>',
			buildUbl(WEBER_UBL).toString('utf8').replace('</ubl:Invoice>', ''),
			'<!DOCTYPE x [<!ENTITY a "b">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&a;</Invoice>',
		]) {
			expect(await analyzeContent(Buffer.from(xml), 'application/xml')).toMatchObject({
				readable: false,
			});
		}
	});

	test('isXml sees XML past the prolog, a comment and a byte order mark', () => {
		expect(isXml(loadFixture('xrechnung-cii-lingua.xml'))).toBe(true);
		expect(isXml(Buffer.from('\ufeff<!-- x --><Invoice/>'))).toBe(true);
		expect(isXml(Buffer.from('Rechnung <b>fett</b>'))).toBe(false);
	});
});
