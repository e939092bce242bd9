// Parts of the example workflows run in n8n's engine against the emulator: their Gini Pay nodes as shipped (the
// parameters of examples/*.json), fed with what the nodes before them put out. The nodes of n8n-nodes-base around
// them (Code, IF, Edit Fields) run through test/unit/exampleKit.cts.
import { createHash } from 'node:crypto';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node.ts';
import { loadFixture } from '../fixtures/invoices.cts';
import { binaryItem, runNode } from '../harness/index.cts';
import {
	EXAMPLE_FILES,
	destinations,
	ifConditionHolds,
	loadExample,
	nodeOf,
	runCodeNode,
	runSetNode,
	type Example,
	type Item,
} from '../unit/exampleKit.cts';
import { SCHEMAS, ensureXmllint, validate } from '../unit/payments/xmllint.cts';
import { basicCredential, credentialTypes, useGini } from './gini.cts';

const gini = useGini({ processingMs: 20 });

/** Runs one Gini Pay node of an example, with its parameters and error setting, on `items`. */
async function runExampleNode(example: Example, name: string, items: INodeExecutionData[]) {
	const node = nodeOf(example, name);
	return await runNode({
		nodeTypes: [new GiniPay()],
		credentialTypes,
		credentials: [
			{
				type: 'giniPayBasicApi',
				id: 'giniPayBasicApi-1',
				name: 'Gini Pay',
				data: basicCredential(gini),
			},
		],
		node: {
			name,
			type: node.type,
			parameters: node.parameters as INodeParameters,
			onError: node.onError as 'continueErrorOutput' | undefined,
			credentials: { giniPayBasicApi: { id: 'giniPayBasicApi-1', name: 'Gini Pay' } },
		},
		inputItems: items,
	});
}

describe('examples/03-token-hand-off.json: Gini Pay login', () => {
	const example = loadExample(EXAMPLE_FILES.tokenHandOff);
	const login = 'Gini Pay login';
	const webhookItem = (json: IDataObject): INodeExecutionData => ({
		json: { headers: {}, params: {}, body: {}, ...json },
	});

	it('logs in the user of the verified claim sub, not the one in ?user=', async () => {
		const result = await runExampleNode(example, login, [
			webhookItem({
				query: { user: 'mallory' },
				jwtPayload: { sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 },
			}),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output(login).map((item) => item.json.user)).toEqual(['alice']);
	});

	it('hands out no token for a request that names a user only in ?user=', async () => {
		const result = await runExampleNode(example, login, [
			webhookItem({ query: { user: 'mallory' } }),
		]);
		const [answer] = result.output(login);
		expect(answer.json.accessToken).toBeUndefined();
		expect(answer.json.error).toBe('No user identifier for this item');
		expect(
			ifConditionHolds(example, 'Got a token?', {
				input: [{ json: answer.json, pairedItem: { item: 0 } }],
				inputFrom: login,
			}),
		).toBe(false);
	});
});

describe('examples/02-scheduled-batch-upload.json: one run', () => {
	const example = loadExample(EXAMPLE_FILES.batch);
	const FILES = [
		'invoice-mueller-haustechnik.pdf',
		'invoice-schmidt-partner-2pages.pdf',
		'invoice-mueller-haustechnik.pdf',
		'credit-note-funknetz.pdf',
	];

	/** Read invoices from folder, Fingerprint and File with fingerprint: each file with its SHA-256. */
	async function folder(): Promise<Item[]> {
		return await Promise.all(
			FILES.map(async (file, index) => {
				const bytes = loadFixture(file);
				const name = index === 2 ? `copy of ${file}` : file;
				const item = await binaryItem(bytes, name, 'application/pdf', {
					fileName: name,
					sha256: createHash('sha256').update(bytes).digest('hex'),
				});
				return item as Item;
			}),
		);
	}

	/** The nodes between File with fingerprint and the loop, as wired (an empty uploads table passes every file). */
	async function toUpload(files: Item[]): Promise<Item[]> {
		let items = files;
		for (let current = 'File with fingerprint'; ; ) {
			const next = destinations(example, current)[0];
			if (next === 'Five at a time') return items;
			const node = nodeOf(example, next);
			if (node.type === 'n8n-nodes-base.code') items = await runCodeNode(node, items);
			else if (node.type !== 'n8n-nodes-base.dataTable')
				throw new Error(`toUpload does not know ${node.type}`);
			current = next;
		}
	}

	it('uploads identical files once and adds up the payable amounts only, to the cent', async () => {
		const before = gini.documents().length;
		const files = await folder();
		const deduped = await toUpload(files);
		const result = await runExampleNode(
			example,
			'Gini Pay upload',
			deduped as INodeExecutionData[],
		);
		expect(result.error).toBeUndefined();
		const uploads = result.output('Gini Pay upload');
		expect(gini.documents().length - before).toBe(3);
		expect(uploads.map((item) => item.json.fileName).sort()).toEqual([
			'credit-note-funknetz.pdf',
			'invoice-mueller-haustechnik.pdf',
			'invoice-schmidt-partner-2pages.pdf',
		]);
		const fields = runSetNode(example, 'Payment fields', {
			input: uploads.map((item, index) => ({ json: item.json, pairedItem: { item: index } })),
			inputFrom: 'Five at a time',
		});
		const [summary] = await runCodeNode(nodeOf(example, 'Summary'), fields, {
			'One file per content': deduped,
		});
		expect(summary.json).toMatchObject({
			documents: 3,
			payable: 2,
			notPayable: 1,
			errors: 0,
			toPay: { EUR: 16463.06 },
			identicalCopies: [
				'copy of invoice-mueller-haustechnik.pdf (same as invoice-mueller-haustechnik.pdf)',
			],
		});
	});
});

describe('examples/04-review-and-pay.json: its Gini Pay nodes', () => {
	const example = loadExample(EXAMPLE_FILES.review);
	const MUELLER = 'invoice-mueller-haustechnik.pdf';
	const APPROVE = 'Approve for the weekly transfer';

	/** Invoice mailbox → Gini Pay upload, for an e-mail with the Müller Haustechnik invoice. */
	async function uploaded(): Promise<INodeExecutionData> {
		const mail = await binaryItem(loadFixture(MUELLER), MUELLER, 'application/pdf', {
			subject: 'Invoice',
		});
		const result = await runExampleNode(example, 'Gini Pay upload', [mail]);
		expect(result.error).toBeUndefined();
		const [invoice] = result.output('Gini Pay upload');
		expect(invoice.json).toMatchObject({ payable: true, iban: 'DE89370400440532013000' });
		return invoice;
	}

	it('makes the GiroCode of a payable invoice as a PNG, with its EPC payload', async () => {
		const invoice = await uploaded();
		const result = await runExampleNode(example, 'GiroCode', [invoice]);
		expect(result.error).toBeUndefined();
		const [code] = result.output('GiroCode');
		expect(code.binary?.data?.mimeType).toBe('image/png');
		expect(String(code.json.girocodePayload).split('\n')).toEqual(
			expect.arrayContaining(['BCD', 'DE89370400440532013000', 'EUR3896.66']),
		);
	});

	it('fetches page 1 of the invoice as a JPEG in the binary field page_1, for the review e-mail', async () => {
		const invoice = await uploaded();
		const result = await runExampleNode(example, 'Page 1', [invoice]);
		expect(result.error).toBeUndefined();
		const [page] = result.output('Page 1');
		expect(page.json).toMatchObject({ documentId: invoice.json.documentId, pageCount: 1 });
		expect(page.binary?.page_1?.mimeType).toBe('image/jpeg');
		expect(Object.keys(page.binary ?? {})).toEqual(['page_1']);
	});

	it('sends Gini the values the reviewer corrected, and Gini answers with them afterwards', async () => {
		const invoice = await uploaded();
		const [reviewItem] = await runCodeNode(nodeOf(example, 'Invoice to review'), [invoice as Item]);
		const form = {
			json: {
				Decision: APPROVE,
				IBAN: 'DE89 3704 0044 0532 0130 00',
				Amount: '3800,50',
				Recipient: 'Haustechnik Mueller GmbH',
				Reference: 'RE-2024-0815',
			},
			pairedItem: { item: 0 },
		};
		const [payment] = runSetNode(example, 'Reviewed payment', {
			input: [form],
			inputFrom: 'Wait for review',
			runData: {
				'One invoice at a time': { items: [{ ...reviewItem, pairedItem: { item: 0 } }] },
				'Review e-mail': {
					items: [{ json: {}, pairedItem: { item: 0 } }],
					from: 'One invoice at a time',
				},
				'Wait for review': { items: [form], from: 'Review e-mail' },
			},
		});
		expect(payment.json.corrected).toBe('amount, recipient');
		const sent = await runExampleNode(example, 'Send reviewed values to Gini', [
			payment as INodeExecutionData,
		]);
		expect(sent.error).toBeUndefined();
		expect(sent.output('Send reviewed values to Gini')[0].json).toMatchObject({
			documentId: invoice.json.documentId,
			feedbackSent: true,
		});
		const read = await runNode({
			nodeTypes: [new GiniPay()],
			credentialTypes,
			credentials: [
				{
					type: 'giniPayBasicApi',
					id: 'giniPayBasicApi-1',
					name: 'Gini Pay',
					data: basicCredential(gini),
				},
			],
			node: {
				name: 'Read',
				type: 'n8n-nodes-gini-pay.giniPay',
				parameters: {
					resource: 'document',
					operation: 'getExtractions',
					documentId: String(invoice.json.documentId),
				},
				credentials: { giniPayBasicApi: { id: 'giniPayBasicApi-1', name: 'Gini Pay' } },
			},
			inputItems: [{ json: {} }],
		});
		expect(read.output('Read')[0].json).toMatchObject({
			iban: 'DE89370400440532013000',
			amount: 3800.5,
			recipient: 'Haustechnik Mueller GmbH',
			reference: 'RE-2024-0815',
		});
	});

	it('makes one SEPA file of the approved rows, valid against pain.001.001.09, to the cent', async () => {
		ensureXmllint();
		const row = (id: number, json: IDataObject): INodeExecutionData => ({
			json: {
				id,
				documentId: `doc-${id}`,
				file: `invoice-${id}.pdf`,
				currency: 'EUR',
				reference: `RE-${id}`,
				corrected: '',
				reviewedAt: '2026-12-04T10:00:00.000+01:00',
				status: 'approved',
				sepaMessageId: '',
				createdAt: '2026-12-04T09:00:00.000Z',
				updatedAt: '2026-12-04T09:00:00.000Z',
				...json,
			},
		});
		const rows = [
			row(3, {
				iban: 'DE89370400440532013000',
				amount: 3800.5,
				recipient: 'Müller Haustechnik GmbH',
			}),
			row(4, { iban: 'DE05100500000190123456', amount: 0.1, recipient: 'Schmidt & Partner' }),
			row(7, { iban: 'AT611904300234573201', amount: 0.2, recipient: 'Grünwald' }),
		];
		const result = await runExampleNode(example, 'SEPA credit transfer', rows);
		expect(result.error).toBeUndefined();
		const [file] = result.output('SEPA credit transfer');
		expect(file.json).toMatchObject({ numberOfTransactions: 3, leftOut: [] });
		const xml = Buffer.from(file.binary?.data?.data ?? '', 'base64').toString('utf8');
		const schema = validate(SCHEMAS['pain.001.001.09'], xml);
		expect(schema.output).toBe('');
		expect(schema.ok).toBe(true);
		expect(xml).toContain('<CtrlSum>3800.80</CtrlSum>');
		expect(xml).toContain('<Nm>Mueller Haustechnik GmbH</Nm>');
		expect(file.binary?.data?.fileName).toMatch(/^sepa-credit-transfer-.+\.xml$/);
	});
});
