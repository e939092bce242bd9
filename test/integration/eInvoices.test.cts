/**
 * XML e-invoices and ZUGFeRD PDFs through the node in n8n's engine against the emulator: XML goes out as Gini's
 * capture SDKs send it (partial+xml with the product tag, then a composite of it), PDFs as before; each yields its
 * payment fields; other XML is refused before anything is sent.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { loadFixture, SAMPLE_E_INVOICES } from '../fixtures/invoices.cts';
import { MODES, ROUTE, expectedView, sampleItem, LIFECYCLE } from './lifecycleKit.cts';
import { useGini } from './gini.cts';

const lifecycle = useGini(LIFECYCLE);
const upload = {
	resource: 'document',
	operation: 'upload',
	binaryPropertyName: 'data',
	waitForExtractions: true,
};

async function uploadFile(file: string, parameters: IDataObject = {}, mode = MODES[0]) {
	const before = new Set(lifecycle.documents().map((document) => document.id));
	const [output] = await lifecycle.json(mode, { ...upload, ...parameters }, [
		await sampleItem(file),
	]);
	const created = lifecycle.documents().filter((document) => !before.has(document.id));
	return { output, created };
}

describe('e-invoices uploaded with Wait for Extractions', () => {
	it.each(SAMPLE_E_INVOICES.map((sample) => [sample.file, sample]))(
		'%s yields its payment fields, raw and simplified',
		async (file, sample) => {
			const raw = await uploadFile(file, { simplify: false });
			const extractions = raw.output.extractions as Record<string, { value: string }>;
			const values = Object.fromEntries(
				Object.keys(sample.expected).map((label) => [label, extractions[label]?.value]),
			);
			expect(values).toEqual(sample.expected);
			const view = expectedView(file, false);
			// A credit note is money owed to the user: never presented as an amount to pay.
			const creditNote = sample.expected.creditNote === 'true';
			const payment = {
				iban: view.iban,
				amount: creditNote ? null : view.amount,
				currency: view.currency,
				recipient: view.recipient,
				reference: view.reference,
				payable: !creditNote,
			};
			expect(raw.output).toMatchObject({
				...payment,
				bic: view.bic,
				isCreditNote: creditNote,
				...(creditNote ? { creditAmount: view.amount } : {}),
			});
			const simplified = await uploadFile(file);
			expect(simplified.output).toMatchObject(payment);
		},
	);

	it('XML goes out as partial+xml then a composite, both with the SDK’s default product tag', async () => {
		const { output, created } = await uploadFile('xrechnung-cii-lingua.xml');
		expect(created.map((document) => [document.kind, document.mediaType])).toEqual([
			['partial', 'application/xml'],
			['composite', 'application/vnd.gini.v1.composite+json'],
		]);
		expect(created.map((document) => document.metadata['product-tag'])).toEqual([
			'sepaExtractions',
			'sepaExtractions',
		]);
		expect(created[1].partialDocuments).toEqual([created[0].id]);
		expect(output.documentId).toBe(created[1].id);
		expect(created.map((document) => document.name)).toEqual([
			'xrechnung-cii-lingua.xml',
			'xrechnung-cii-lingua.xml',
		]);
	});

	it('the Product Tag option goes with every request of the upload, and replaces one given as metadata', async () => {
		const { created } = await uploadFile('xrechnung-ubl-weber.xml', {
			options: {
				productTag: 'cxExtractions',
				metadata: {
					entry: [
						{ name: 'Product-Tag', value: 'other' },
						{ name: 'BranchId', value: 'B1' },
					],
				},
			},
		});
		expect(created.map((document) => document.metadata)).toEqual([
			{ 'product-tag': 'cxExtractions', branchid: 'B1' },
			{ 'product-tag': 'cxExtractions', branchid: 'B1' },
		]);
	});

	it('a ZUGFeRD PDF is uploaded as a PDF, unchanged: one document, no product tag unless set', async () => {
		const { created } = await uploadFile('zugferd-mehlwerk.pdf');
		expect(
			created.map((document) => [document.kind, document.mediaType, document.metadata]),
		).toEqual([['single', 'application/pdf', {}]]);
		const tagged = await uploadFile('zugferd-mehlwerk.pdf', {
			options: { productTag: 'sepaExtractions' },
		});
		expect(tagged.created[0].metadata).toEqual({ 'product-tag': 'sepaExtractions' });
	});

	it('a credit note is recognisable as such in the raw output', async () => {
		for (const file of [
			'xrechnung-cii-creditnote-weber.xml',
			'xrechnung-ubl-creditnote-weber.xml',
		]) {
			const { output } = await uploadFile(file, { simplify: false });
			const raw = output.extractions as Record<string, IDataObject>;
			expect({ file, creditNote: raw.creditNote }).toEqual({
				file,
				creditNote: { entity: 'text', value: 'true' },
			});
		}
	});

	it('works in every auth mode', async () => {
		for (const mode of MODES) {
			const { output } = await uploadFile('xrechnung-ubl-weber.xml', {}, mode);
			expect({ mode, iban: output.iban }).toEqual({ mode, iban: 'DE75512108001245126199' });
		}
	});
});

describe('XML refused before sending', () => {
	async function refused(
		item: Awaited<ReturnType<typeof binaryItem>>,
		parameters: IDataObject = {},
	) {
		lifecycle.resetCounters();
		const result = await lifecycle.run('basic', { ...upload, ...parameters }, [item]);
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(0);
		const error = result.error as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		return error;
	}

	it('other XML gets a plain message naming its root element', async () => {
		const xml = Buffer.from(
			'<?xml version="1.0"?>\n<order xmlns="urn:example"><id>1</id></order>\n',
		);
		const error = await refused(await binaryItem(xml, 'order.xml', 'application/xml'));
		expect(error.message).toBe(
			'The XML file is not an e-invoice (its root element is <order>) (binary field "data")',
		);
		expect(error.description).toContain('XRechnung');
	});

	it('a text/xml file that is not XML, and an e-invoice among the pages of a multi-page upload', async () => {
		const notXml = await refused(await binaryItem(Buffer.from('Rechnung 1'), 'r.xml', 'text/xml'));
		expect(notXml.message).toContain('its content is not XML');
		const item = await sampleItem('xrechnung-ubl-weber.xml');
		item.binary!.page2 = (await sampleItem('invoice-mueller-haustechnik.pdf')).binary!.data;
		const mixed = await refused(item, { pages: 'all' });
		expect(mixed.message).toBe('An XML e-invoice cannot be a page of a multi-page document');
	});

	it('a product tag that is not printable ASCII', async () => {
		const error = await refused(await sampleItem('xrechnung-ubl-weber.xml'), {
			options: { productTag: 'sepa extractions' },
		});
		expect(error.message).toBe('Product tag "sepa extractions" is not valid');
	});
});

test('the fixtures are loaded as the bytes the node sends', () => {
	expect(loadFixture('xrechnung-ubl-weber.xml').subarray(0, 5).toString()).toBe('<?xml');
});
