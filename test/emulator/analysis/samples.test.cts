import { loadFixture, SAMPLE_INVOICES } from '../../fixtures/invoices.cts';
import { analyzeContent, extractPaymentData, sniffMediaType } from './index.cts';

/** Labels whose values come from the document's content (docType and paymentState classify it). */
const PAYMENT_FIELDS = [
	'iban',
	'bic',
	'amountToPay',
	'paymentRecipient',
	'paymentReference',
	'paymentPurpose',
	'paymentDueDate',
	'instantPayment',
	'businessDocType',
];

/** A compound extraction's first row as label → value. */
function rowValues(
	rows: Array<Record<string, { value: string }>> | undefined,
): Record<string, string> | undefined {
	if (!rows?.[0]) return undefined;
	return Object.fromEntries(
		Object.entries(rows[0]).map(([label, extraction]) => [label, extraction.value]),
	);
}

async function process(file: string) {
	const bytes = loadFixture(file);
	const type = sniffMediaType(bytes);
	const analysis = type ? await analyzeContent(bytes, type) : undefined;
	const result = analysis?.readable ? extractPaymentData(analysis.text) : undefined;
	const values = Object.fromEntries(
		Object.entries(result?.extractions ?? {}).map(([label, extraction]) => [
			label,
			extraction.value,
		]),
	);
	return { type, analysis, result, values };
}

const byOutcome = (outcome: string) =>
	SAMPLE_INVOICES.filter((sample) => sample.outcome === outcome);

describe.each(byOutcome('COMPLETED'))('$file', (sample) => {
	let processed: Awaited<ReturnType<typeof process>>;
	beforeAll(async () => {
		processed = await process(sample.file);
	});

	test('is sniffed as its media type and is readable', () => {
		expect(processed.type).toBe(sample.mediaType);
		expect(processed.analysis?.readable).toBe(true);
	});

	test('yields exactly the expected payment fields, and no others', () => {
		const { values } = processed;
		const found = Object.fromEntries(
			PAYMENT_FIELDS.filter((label) => label in values).map((l) => [l, values[l]]),
		);
		const { docType, crossBorderPayment, skontoDiscounts, ...expectedFields } = sample.expected;
		expect(found).toEqual(expectedFields);
		expect(values.docType).toBe(docType);
	});

	test('yields the expected compound extractions (cross-border payee, skonto), and no others', () => {
		const compound = processed.result?.compoundExtractions;
		const { crossBorderPayment, skontoDiscounts } = sample.expected;
		expect(Object.keys(compound ?? {}).sort()).toEqual(
			[crossBorderPayment && 'crossBorderPayment', skontoDiscounts && 'skontoDiscounts']
				.filter(Boolean)
				.sort(),
		);
		expect(rowValues(compound?.crossBorderPayment)).toEqual(crossBorderPayment);
		if (skontoDiscounts)
			expect(rowValues(compound?.skontoDiscounts)).toMatchObject(skontoDiscounts);
	});
});

describe('what the samples are', () => {
	test('the two-page invoice has two pages, the others one', async () => {
		for (const sample of byOutcome('COMPLETED')) {
			const pages = sample.file.includes('2pages') ? 2 : 1;
			const { analysis } = await process(sample.file);
			expect({ file: sample.file, pages: analysis?.pageCount }).toEqual({
				file: sample.file,
				pages,
			});
		}
	});

	test('source classification: PDFs NATIVE, images SCANNED, plain text TEXT', async () => {
		const classes: Record<string, string | undefined> = {};
		for (const sample of byOutcome('COMPLETED')) {
			classes[sample.mediaType] = (await process(sample.file)).analysis?.sourceClassification;
		}
		expect(classes).toEqual({
			'application/pdf': 'NATIVE',
			'text/plain': 'TEXT',
			'image/png': 'SCANNED',
			'image/jpeg': 'SCANNED',
		});
	});

	test('the no-payment letter is a readable text PDF from which nothing is extracted', async () => {
		const { analysis, result } = await process('letter-no-payment-data.pdf');
		expect(analysis?.text).toContain('Terminbestätigung');
		expect(result).toEqual({ extractions: {}, candidates: {} });
	});

	test('the images have no text, so nothing is extracted', async () => {
		for (const file of ['invoice-thumbnail.png', 'receipt-photo.jpg']) {
			expect((await process(file)).analysis?.text).toBe('');
		}
	});

	test('the utility statement lists both of its IBANs as candidates', async () => {
		const { result } = await process('invoice-stadtwerke-neustadt.pdf');
		expect(result?.candidates.ibans?.map((candidate) => candidate.value)).toEqual([
			'DE73546512400004455667',
			'DE26546912000001122334',
		]);
	});

	test('the reminder is still to be paid despite its "if you have already paid" sentence', async () => {
		expect((await process('reminder-fitwerk.pdf')).values.paymentState).toBe('ToBePaid');
	});

	test('every extracted value is in the document (IBANs with their spaces removed)', async () => {
		for (const sample of byOutcome('COMPLETED')) {
			const { analysis, values } = await process(sample.file);
			const compact = (analysis?.text ?? '').replace(/\s/g, '');
			for (const label of ['iban', 'bic', 'paymentRecipient', 'paymentReference']) {
				if (values[label]) expect(compact).toContain(values[label].replace(/\s/g, ''));
			}
		}
	});
});

describe.each(byOutcome('ERROR'))('$file', (sample) => {
	test('is sniffed as its type but is unreadable, so processing ends in ERROR', async () => {
		const { type, analysis } = await process(sample.file);
		expect(type).toBe(sample.mediaType);
		expect(analysis).toMatchObject({ readable: false, text: '' });
	});
});

describe.each(byOutcome('UNSUPPORTED'))('$file', (sample) => {
	test('is not a supported type (415)', async () => {
		expect((await process(sample.file)).type).toBeUndefined();
	});
});
