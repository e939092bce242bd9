// The batch example's "each file once" relies on the order n8n runs the branches of one output in (execution order
// v1): n8n-core's WorkflowExecute sorts the destinations of an output by canvas position and puts them on its
// execution stack so that the top-most runs first (then the left-most). A node moved on the canvas changes that
// order; these checks keep the claim before the upload and the bookkeeping before the next batch.
//
// The example's own logic (its Code nodes, its IF and Edit Fields expressions) runs below as n8n runs it
// (exampleKit.cts): identical files in one run, payable and note kept, only payable amounts added up.
import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import {
	EXAMPLE_FILES,
	destinations,
	ifConditionHolds,
	loadExample,
	nodeOf,
	resolveParameter,
	runCodeNode,
	runSetNode,
	type Item,
} from './exampleKit.cts';

const example = loadExample(EXAMPLE_FILES.batch);
const node = (name: string) => nodeOf(example, name);

/** The order in which n8n v1 runs the destinations of one output: top first, then left first. */
function runOrder(source: string, output: number): string[] {
	const targets = example.connections[source].main[output].map((connection) =>
		node(connection.node),
	);
	return [...targets]
		.sort((a, b) => a.position[1] - b.position[1] || a.position[0] - b.position[0])
		.map((destination) => destination.name);
}

describe('examples/02-scheduled-batch-upload.json', () => {
	it('runs in execution order v1', () => {
		expect(example.settings.executionOrder).toBe('v1');
	});

	it('claims a batch in the data table before it is sent to Gini', () => {
		expect(runOrder('Five at a time', 1)).toEqual(['Claim before upload', 'Gini Pay upload']);
	});

	it('records what Gini took before the next batch starts', () => {
		expect(runOrder('Gini Pay upload', 0)).toEqual(['Keep its row?', 'Five at a time']);
	});

	it('confirms what Gini took and forgets what it refused', () => {
		expect(
			example.connections['Keep its row?'].main.map((output) => output.map((c) => c.node)),
		).toEqual([['Remember upload'], ['Forget claim (try again next run)']]);
	});

	it('keeps every row in one data table, keyed by the file content hash', () => {
		const tables = example.nodes.filter(
			(candidate) => candidate.type === 'n8n-nodes-base.dataTable',
		);
		expect(tables.map((table) => table.name).sort()).toEqual(
			[
				'Claim before upload',
				'Forget claim (try again next run)',
				'Not uploaded yet',
				'Remember upload',
				'Unconfirmed uploads',
				'Uploads table',
			].sort(),
		);
		for (const table of tables) {
			if (table.parameters.resource === 'table')
				expect(table.parameters.tableName).toBe('gini_pay_uploads');
			else
				expect(table.parameters.dataTableId).toEqual({
					__rl: true,
					mode: 'name',
					value: 'gini_pay_uploads',
				});
		}
		expect(node('Fingerprint').parameters).toMatchObject({
			action: 'hash',
			type: 'SHA256',
			binaryData: true,
		});
		expect(JSON.stringify(node('Not uploaded yet').parameters.filters)).toContain(
			'"keyName":"sha256"',
		);
	});
});

/** Upload answers as the node gives them with Simplify on (the fields the example reads). */
function paymentItem(file: string, fields: IDataObject): Item {
	return {
		json: {
			documentId: `doc-${file}`,
			fileName: file,
			iban: 'DE89370400440532013000',
			amount: null,
			currency: 'EUR',
			recipient: `Recipient of ${file}`,
			payable: false,
			note: null,
			...fields,
		},
	};
}

/** Amounts of the sample invoices the end-to-end batch uploads: their float sum is 24632.129999999997. */
const PAYABLE = [3896.66, 12566.4, 87.4, 88.17, 64.9, 2380, 4500, 1048.6];

function uploadAnswers(): Item[] {
	return [
		...PAYABLE.map((amount, index) =>
			paymentItem(`invoice-${index}.pdf`, { amount, payable: true }),
		),
		paymentItem('credit-note.pdf', {
			amount: null,
			note: 'This is a credit note of 12.75 EUR: the money is owed to you, nothing is to be paid.',
		}),
		paymentItem('paid.pdf', {
			amount: 250,
			note: 'Gini reads this document as already paid.',
		}),
		paymentItem('no-iban.pdf', { amount: 99.99, iban: null, note: 'Gini found no IBAN.' }),
		{
			json: {
				skipped: 'uploadedBefore',
				fileName: 'again.pdf',
				contentSha256: 'a'.repeat(64),
				note: 'This workflow uploaded a file with the same content before: not uploaded again.',
			},
		},
		{ json: { error: 'Gini refused the file (HTTP 415)', fileName: 'archive.pdf' } },
	];
}

/** The run's Payment fields, as the loop's "done" output feeds them to the Summary. */
function paymentFields(answers: Item[]): Item[] {
	return runSetNode(example, 'Payment fields', {
		input: answers.map((answer, index) => ({ ...answer, pairedItem: { item: index } })),
		inputFrom: 'Five at a time',
	});
}

/** Files as Read Files, Fingerprint and File with fingerprint put them out: name, SHA-256, the bytes. */
function fileWithFingerprint(fileName: string, content: string): Item {
	return {
		json: {
			fileName,
			sha256: createHash('sha256').update(content).digest('hex'),
		},
		binary: { data: { data: Buffer.from(content).toString('base64'), fileName } },
	};
}

/**
 * What reaches the upload loop of one run when the data table knows no file yet: the nodes between "File with
 * fingerprint" and "Five at a time" as the example wires them (a data-table check passes every file on).
 */
async function filesToUpload(files: Item[]): Promise<Item[]> {
	let items = files;
	let current = 'File with fingerprint';
	for (;;) {
		const [next, ...more] = destinations(example, current);
		if (more.length > 0) throw new Error(`${current} feeds more than one node`);
		if (next === 'Five at a time') return items;
		const node = nodeOf(example, next);
		if (node.type === 'n8n-nodes-base.code') items = await runCodeNode(node, items);
		else if (
			node.type === 'n8n-nodes-base.dataTable' &&
			node.parameters.operation === 'rowNotExists'
		)
			items = items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
		else throw new Error(`filesToUpload does not know ${node.type} (${next})`);
		current = next;
	}
}

describe('examples/02-scheduled-batch-upload.json: each invoice once, only payable amounts added up', () => {
	it('uploads two identical files of one run once (identical content, other names)', async () => {
		const files = [
			fileWithFingerprint('scan-0001.pdf', '%PDF-1.4 invoice A'),
			fileWithFingerprint('scan-0001 (copy).pdf', '%PDF-1.4 invoice A'),
			fileWithFingerprint('scan-0002.pdf', '%PDF-1.4 invoice B'),
			fileWithFingerprint('scan-0001 (2).pdf', '%PDF-1.4 invoice A'),
		];
		const toUpload = await filesToUpload(files);
		expect(toUpload.map((item) => item.json.fileName)).toEqual(['scan-0001.pdf', 'scan-0002.pdf']);
		// The bytes go on with the file, and each item names the file it came from (for $('…').item later on).
		expect(toUpload.map((item) => item.binary)).toEqual([files[0].binary, files[2].binary]);
		expect(toUpload[0].json.sameContentAs).toEqual(['scan-0001 (copy).pdf', 'scan-0001 (2).pdf']);
		const kept = await runCodeNode(node('One file per content'), files);
		expect(kept.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	});

	it('keeps payable, note and what became of each file through to the end', () => {
		const fields = paymentFields(uploadAnswers());
		const byFile = Object.fromEntries(fields.map((item) => [item.json.file, item.json]));
		expect(byFile['invoice-0.pdf']).toMatchObject({
			outcome: 'payable',
			payable: true,
			amount: 3896.66,
			currency: 'EUR',
			note: '',
		});
		expect(byFile['credit-note.pdf']).toMatchObject({
			outcome: 'not payable',
			payable: false,
			note: expect.stringContaining('credit note'),
		});
		expect(byFile['paid.pdf']).toMatchObject({
			outcome: 'not payable',
			payable: false,
			amount: 250,
		});
		expect(byFile['again.pdf']).toMatchObject({
			outcome: 'uploaded before',
			payable: false,
			error: '',
			note: expect.stringContaining('uploaded a file with the same content before'),
		});
		expect(byFile['archive.pdf']).toMatchObject({ outcome: 'error', payable: false });
	});

	it('adds up only the payable amounts, exactly to the cent', async () => {
		expect(PAYABLE.reduce((sum, amount) => sum + amount, 0)).not.toBe(24632.13);
		const [summary] = await runCodeNode(
			nodeOf(example, 'Summary'),
			paymentFields(uploadAnswers()),
			{ 'One file per content': [] },
		);
		expect(summary.json).toMatchObject({
			files: 13,
			documents: 11,
			payable: 8,
			notPayable: 3,
			uploadedBefore: 1,
			errors: 1,
			toPay: { EUR: 24632.13 },
			toPayText: { EUR: '24632.13 EUR' },
			uploadedBeforeFiles: ['again.pdf'],
		});
		expect(summary.json.notPayableFiles).toEqual([
			expect.objectContaining({ file: 'credit-note.pdf' }),
			expect.objectContaining({ file: 'paid.pdf' }),
			expect.objectContaining({ file: 'no-iban.pdf' }),
		]);
	});

	it('lists identical copies once in the summary, and sums per currency', async () => {
		const answers = [
			paymentItem('a.pdf', { amount: 0.1, payable: true }),
			paymentItem('b.pdf', { amount: 0.2, payable: true }),
			paymentItem('c.pdf', { amount: 10, currency: 'CHF', payable: true }),
		];
		const [summary] = await runCodeNode(nodeOf(example, 'Summary'), paymentFields(answers), {
			'One file per content': [
				{ json: { fileName: 'a.pdf', sameContentAs: ['a copy.pdf'] } },
				{ json: { fileName: 'b.pdf', sameContentAs: [] } },
			],
		});
		expect(summary.json.toPay).toEqual({ EUR: 0.3, CHF: 10 });
		expect(summary.json.identicalCopies).toEqual(['a copy.pdf (same as a.pdf)']);
	});

	it('does not add up an invoice flagged as a possible duplicate: it is listed to check', async () => {
		const answers = [
			paymentItem('a.pdf', { amount: 100, payable: true }),
			paymentItem('b.pdf', {
				amount: 100,
				payable: true,
				possibleDuplicate: true,
				duplicateMatch: { documentId: 'doc-earlier' },
			}),
		];
		const [summary] = await runCodeNode(nodeOf(example, 'Summary'), paymentFields(answers), {
			'One file per content': [],
		});
		expect(summary.json).toMatchObject({ payable: 1, possibleDuplicates: 1, toPay: { EUR: 100 } });
		expect(summary.json.toCheck).toEqual([expect.objectContaining({ file: 'b.pdf' })]);
	});

	it('skips files it uploaded before, and remembers them as such instead of trying them again', () => {
		expect(nodeOf(example, 'Gini Pay upload').parameters.options).toMatchObject({
			skipUploadedBefore: true,
		});
		const skipped = uploadAnswers().find((item) => item.json.skipped === 'uploadedBefore') as Item;
		const context = {
			input: [{ ...skipped, pairedItem: { item: 0 } }],
			inputFrom: 'Gini Pay upload',
		};
		expect(ifConditionHolds(example, 'Keep its row?', context)).toBe(true);
		const status = (nodeOf(example, 'Remember upload').parameters.columns as IDataObject)
			.value as IDataObject;
		expect(resolveParameter(example, 'Remember upload', status.status, context)).toBe(
			'uploaded before',
		);
	});

	it('forgets an upload that failed for a passing reason, and keeps one whose answer was lost', () => {
		const check = (json: IDataObject) =>
			ifConditionHolds(example, 'Keep its row?', {
				input: [{ json, pairedItem: { item: 0 } }],
				inputFrom: 'Gini Pay upload',
			});
		expect(check({ error: 'Gini is unavailable (HTTP 503)', httpCode: '503' })).toBe(false);
		expect(check({ error: 'Too many requests (HTTP 429)', httpCode: '429' })).toBe(false);
		expect(check({ error: 'The client secret is wrong (HTTP 401)', httpCode: '401' })).toBe(false);
		expect(check({ error: 'lost', uploadMayExist: true })).toBe(true);
		expect(check({ error: 'lost', candidateDocumentIds: ['d1'] })).toBe(true);
		expect(check({ documentId: 'd1', payable: true })).toBe(true);
	});

	it('does not try a file refused for good again every hour: it keeps its row as refused, with the reason', () => {
		const status = (nodeOf(example, 'Remember upload').parameters.columns as IDataObject)
			.value as IDataObject;
		for (const refused of [
			{
				error: 'The file is empty (0 bytes) (binary field "data")',
				fileName: 'empty.pdf',
				retryable: false,
			},
			{
				error:
					'Uploading the document failed: the Gini Pay API answered 400 (Invalid file format or bad quality: the document cannot be processed)',
				httpCode: '400',
				fileName: 'damaged.pdf',
				retryable: false,
			},
		]) {
			const context = {
				input: [{ json: refused, pairedItem: { item: 0 } }],
				inputFrom: 'Gini Pay upload',
			};
			expect(ifConditionHolds(example, 'Keep its row?', context)).toBe(true);
			expect(resolveParameter(example, 'Remember upload', status.status, context)).toBe(
				`refused: ${refused.error}`,
			);
		}
	});
});
