/**
 * Payment File > Create SEPA Credit Transfer and Create GiroCode in n8n's engine: items as the node outputs them
 * become one pain.001 file (validated with xmllint against test/fixtures/iso20022/) and per item an EPC069-12 QR code
 * (decoded with zbarimg); items that must not be paid fail alone or are left out and listed; no request reaches Gini
 * and no credential is needed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import { epcPayload } from '../../nodes/GiniPay/shared/payments/epcQr';
import { runNode, type WorkflowRunResult } from '../harness/index.cts';
import { renderSvg, toolsAvailable, zbarDecode } from '../unit/paymentOracles.cts';
import { SCHEMAS, ensureXmllint, validate } from '../unit/payments/xmllint.cts';
import { credentialTypes, useGini } from './gini.cts';

const gini = useGini();

const DEBTOR = {
	debtorName: 'Gärtnerei Grünwald GmbH',
	debtorIban: 'DE89370400440532013000',
	debtorBic: 'COBADEFFXXX',
	executionDate: '2026-12-07',
};

/** Items as Upload or Get Extractions output them (Simplify on). */
const invoice = (json: IDataObject): INodeExecutionData => ({
	json: {
		iban: 'DE02120300000000202051',
		amount: '123.45',
		currency: 'EUR',
		recipient: 'Bäckerei Köhler',
		payable: true,
		note: '',
		reference: 'Rechnung 2026-17',
		dueDate: '2026-12-20',
		fileName: 'invoice.pdf',
		documentId: 'doc-1',
		...json,
	},
});

const INVOICES = [
	invoice({}),
	invoice({ iban: 'AT611904300234573201', amount: '0.1', recipient: 'Müller & Söhne' }),
	invoice({ amount: '999999.99', reference: 'RF18 5390 0754 7034', bic: 'BYLADEM1001' }),
];

/** Runs the node with no credential at all: the Payment File operations need none. */
async function runPaymentFile(
	parameters: IDataObject,
	items: INodeExecutionData[],
	continueOnFail = false,
): Promise<WorkflowRunResult> {
	return await runNode({
		nodeTypes: [new GiniPay()],
		credentialTypes,
		node: {
			name: 'Gini Pay',
			type: 'n8n-nodes-gini-pay.giniPay',
			parameters: { resource: 'paymentFile', ...parameters },
			continueOnFail,
		},
		inputItems: items,
	});
}

const output = (result: WorkflowRunResult): INodeExecutionData[] => {
	if (result.error) throw result.error;
	return result.output('Gini Pay');
};

const binaryOf = (item: INodeExecutionData): Buffer =>
	Buffer.from(item.binary?.data?.data ?? '', 'base64');

const sepa = (options: IDataObject = {}) => ({
	operation: 'createSepaCreditTransfer',
	...DEBTOR,
	options,
});

beforeAll(() => ensureXmllint());

describe('Create SEPA Credit Transfer', () => {
	it.each(['pain.001.001.09', 'pain.001.001.03'] as const)(
		'makes one %s file of all items, valid against its schema, with the exact sum',
		async (version) => {
			const before = gini.counters().requests.total;
			const [file, ...rest] = output(await runPaymentFile(sepa({ version }), INVOICES));
			expect(rest).toEqual([]);
			expect(file.json).toEqual({
				messageId: expect.stringMatching(/^GP[0-9A-F]{32}$/),
				numberOfTransactions: 3,
				controlSum: '1000123.54',
				executionDate: '2026-12-07',
				version,
				leftOut: [],
			});
			expect(file.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(file.binary?.data).toMatchObject({
				fileName: `sepa-credit-transfer-${String(file.json.messageId)}.xml`,
				mimeType: 'application/xml',
			});
			const xml = binaryOf(file).toString('utf8');
			const validation = validate(SCHEMAS[version], xml);
			expect(validation.output).toBe('');
			expect(validation.ok).toBe(true);
			expect(xml).toContain('<CtrlSum>1000123.54</CtrlSum>');
			expect(xml).toContain('<Nm>Baeckerei Koehler</Nm>');
			expect(xml).toContain('<Ref>RF18539007547034</Ref>');
			// Nothing was sent to Gini.
			expect(gini.counters().requests.total).toBe(before);
		},
	);

	it('makes the same file for the same items', async () => {
		const first = output(await runPaymentFile(sepa(), INVOICES))[0];
		const second = output(await runPaymentFile(sepa(), INVOICES))[0];
		expect(binaryOf(second).equals(binaryOf(first))).toBe(true);
	});

	const unpayable = [
		invoice({}),
		invoice({ payable: false, note: 'Credit note: nothing to pay' }),
		invoice({ currency: 'USD' }),
		invoice({ iban: 'DE02120300000000202052' }),
		invoice({ amount: '5.00' }),
	];

	it('fails with the first item that cannot be paid, naming it', async () => {
		const result = await runPaymentFile(sepa(), unpayable);
		expect(result.error?.message).toBe(
			'Item 1 cannot be paid: the invoice is not payable (Credit note: nothing to pay)',
		);
	});

	it('under Continue On Fail, each such item fails alone and the others make the file', async () => {
		const items = output(await runPaymentFile(sepa(), unpayable, true));
		expect(items).toHaveLength(4);
		const [file, ...errors] = items;
		expect(file.json).toMatchObject({ numberOfTransactions: 2, controlSum: '128.45' });
		expect(file.pairedItem).toEqual([{ item: 0 }, { item: 4 }]);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		expect(errors.map((item) => item.json.error)).toEqual([
			'Item 1 cannot be paid: the invoice is not payable (Credit note: nothing to pay)',
			expect.stringMatching(/^Item 2 cannot be paid: the currency is USD/),
			expect.stringMatching(/^Item 3 cannot be paid: .*IBAN/),
		]);
	});

	it('with Leave Out Items That Cannot Be Paid, leaves them out and lists them', async () => {
		const [file, ...rest] = output(
			await runPaymentFile(sepa({ leaveOutUnpayable: true }), unpayable),
		);
		expect(rest).toEqual([]);
		expect(file.json).toMatchObject({ numberOfTransactions: 2, controlSum: '128.45' });
		expect(file.json.leftOut).toEqual([
			{ item: 1, reason: 'the invoice is not payable (Credit note: nothing to pay)' },
			{ item: 2, reason: expect.stringMatching(/^the currency is USD/) },
			{ item: 3, reason: expect.stringMatching(/IBAN/) },
		]);
		expect(file.pairedItem).toEqual([{ item: 0 }, { item: 4 }]);
		expect(validate(SCHEMAS['pain.001.001.09'], binaryOf(file).toString('utf8')).ok).toBe(true);
	});

	it('refuses a wrong debtor IBAN for the whole file', async () => {
		const result = await runPaymentFile(
			{ ...sepa(), debtorIban: 'DE89370400440532013001' },
			INVOICES,
		);
		expect(result.error?.message).toMatch(/IBAN/);
	});

	it('maps other fields by expression', async () => {
		const [file] = output(
			await runPaymentFile(
				{
					...sepa(),
					paymentIban: '={{ $json.konto }}',
					paymentAmount: '={{ $json.betrag }}',
					paymentCurrency: 'EUR',
					paymentRecipient: '={{ $json.name }}',
					paymentReference: '={{ $json.zweck }}',
					paymentBic: '',
					paymentEndToEndId: '={{ "E2E-" + $json.zweck }}',
				},
				[
					{ json: { konto: 'DE02120300000000202051', betrag: 12.3, name: 'A', zweck: 'x' } },
					{ json: { konto: 'DE02120300000000202051', betrag: '0.01', name: 'B', zweck: 'y' } },
				],
			),
		);
		expect(file.json).toMatchObject({ numberOfTransactions: 2, controlSum: '12.31' });
		const xml = binaryOf(file).toString('utf8');
		expect(xml).toContain('<EndToEndId>E2E-x</EndToEndId>');
		expect(xml).toContain('<InstdAmt Ccy="EUR">12.30</InstdAmt>');
	});

	it('fails for all items when none can be paid, one error item paired with all under Continue On Fail', async () => {
		const items = [invoice({ payable: false }), invoice({ currency: 'CHF' })];
		const parameters = sepa({ leaveOutUnpayable: true });
		const failed = await runPaymentFile(parameters, items);
		expect(failed.error?.message).toBe('No item can be paid, so no SEPA file was written');
		const [only, ...rest] = output(await runPaymentFile(parameters, items, true));
		expect(rest).toEqual([]);
		expect(only.json.error).toBe('No item can be paid, so no SEPA file was written');
		expect(only.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Create GiroCode', () => {
	const tools = toolsAvailable();
	let directory = '';
	beforeAll(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'girocode-'));
	});
	afterAll(async () => {
		await rm(directory, { recursive: true, force: true });
	});

	it('gives each item its payload and a PNG that zbarimg decodes to it', async () => {
		if (tools) throw new Error(tools);
		const before = gini.counters().requests.total;
		const items = output(
			await runPaymentFile({ operation: 'createGiroCode', imageFormat: 'png' }, INVOICES),
		);
		expect(items).toHaveLength(3);
		for (const [index, item] of items.entries()) {
			const source = INVOICES[index].json;
			const reference = String(source.reference);
			const expected = epcPayload({
				name: String(source.recipient),
				iban: String(source.iban),
				bic: (source.bic as string | undefined) ?? null,
				amount: String(source.amount),
				...(reference.startsWith('RF')
					? { creditorReference: reference }
					: { remittanceText: reference }),
			});
			expect(item.json.girocodePayload).toBe(expected);
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.binary?.data?.mimeType).toBe('image/png');
			const file = path.join(directory, `code-${index}.png`);
			await writeFile(file, binaryOf(item));
			expect((await zbarDecode([file])).toString('utf8')).toBe(expected);
		}
		// The creditor reference is sent structured (line 10), the other references as text (line 11).
		expect(String(items[2].json.girocodePayload).split('\n')[9]).toBe('RF18539007547034');
		expect(String(items[0].json.girocodePayload).split('\n')[10]).toBe('Rechnung 2026-17');
		expect(items[0].binary?.data?.fileName).toBe('girocode-Backerei-Kohler-Rechnung-2026-17.png');
		expect(gini.counters().requests.total).toBe(before);
	});

	it('makes an SVG by default', async () => {
		if (tools) throw new Error(tools);
		const [item] = output(await runPaymentFile({ operation: 'createGiroCode' }, [INVOICES[0]]));
		expect(item.binary?.data?.mimeType).toBe('image/svg+xml');
		const png = await renderSvg(binaryOf(item).toString('utf8'), directory, 'default');
		expect((await zbarDecode([png])).toString('utf8')).toBe(item.json.girocodePayload);
	});

	it('refuses an item that must not be paid, alone', async () => {
		const items = output(
			await runPaymentFile(
				{ operation: 'createGiroCode' },
				[invoice({ payable: false, note: 'Paid already' }), invoice({})],
				true,
			),
		);
		expect(items[0]).toMatchObject({
			json: { error: 'Item 0 cannot be paid: the invoice is not payable (Paid already)' },
			pairedItem: { item: 0 },
		});
		expect(items[1].json.girocodePayload).toEqual(expect.any(String));
	});
});

describe('credentials', () => {
	const description = new GiniPay().description;
	const node = (parameters: IDataObject) => ({
		id: 'n',
		name: 'Gini Pay',
		type: 'n8n-nodes-gini-pay.giniPay',
		typeVersion: 1.1,
		position: [0, 0] as [number, number],
		parameters: { authentication: 'basic', ...parameters },
	});

	it('asks for none with Payment File, and for the Authentication one elsewhere', () => {
		expect(
			NodeHelpers.getActiveCredentialTypes(
				node({ resource: 'paymentFile', operation: 'createGiroCode' }),
				description,
			),
		).toEqual(new Set());
		expect(
			NodeHelpers.getActiveCredentialTypes(
				node({ resource: 'document', operation: 'upload' }),
				description,
			),
		).toEqual(new Set(['giniPayBasicApi']));
	});
});
