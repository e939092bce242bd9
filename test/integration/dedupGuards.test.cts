/**
 * The two guards that remember across executions, in n8n's engine against the emulator, with the harness's copy of
 * n8n's deduplication store (test/harness/deduplication.cts), shared by the runs of this file like n8n's database:
 * - Skip Files Uploaded Before: a rerun skips what an earlier run uploaded; a failed answer records nothing; two
 *   items of one run with the same bytes upload once;
 * - Flag Possible Double Payments: a re-sent invoice with other bytes is flagged; re-reading a document is not.
 * Runs of one "workflow" share a node ID (the store is per node); each test has its own.
 */
import { createHash, randomUUID } from 'node:crypto';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { paddedPdf } from '../../scripts/bench/paddedPdf.cts';
import { MUELLER_HAUSTECHNIK } from '../fixtures/documents.cts';
import { loadFixture } from '../fixtures/invoices.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem, harnessDeduplicator } from '../harness/index.cts';
import { basicCredential, runGini, useGini } from './gini.cts';

jest.setTimeout(30_000);

const gini = useGini({ processingMs: 10 });

const MUELLER = 'invoice-mueller-haustechnik.pdf';

function upload(options: INodeParameters, extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'document',
		operation: 'upload',
		binaryPropertyName: 'data',
		waitTimeout: 20,
		requestOptions: { maxRetries: 0 },
		options,
		...extra,
	};
}

/** One "workflow" of one Gini Pay node: its runs share the node ID and so the store. */
function workflow(user: string) {
	const nodeId = randomUUID();
	return {
		nodeId,
		user,
		async run(
			parameters: INodeParameters,
			items: INodeExecutionData[],
			continueOnFail = true,
			binaryMode: 'default' | 'filesystem' = 'default',
		) {
			const result = await runGini({
				binaryMode,
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: user }),
				parameters,
				items,
				continueOnFail,
				nodeId,
			});
			if (result.error) throw result.error;
			return result.output('Gini Pay');
		},
		stored() {
			return gini.documents().filter((document) => document.owner.endsWith(`:${user}`));
		},
	};
}

async function pdfItem(bytes: Buffer, name: string): Promise<INodeExecutionData> {
	return await binaryItem(bytes, name, 'application/pdf');
}

let serial = 0;
/** A distinct small invoice (own number and amount). */
async function smallInvoice(): Promise<Buffer> {
	const n = ++serial;
	return await buildTextPdf([
		[
			`# Rechnung ${n}`,
			`Rechnungsnummer:\tDG-${n}`,
			`Gesamtbetrag\t${n},00 €`,
			'IBAN: DE89 3704 0044 0532 0130 00',
		],
	]);
}

describe('Skip Files Uploaded Before', () => {
	test('a rerun skips the files the first run uploaded, and says so in its items', async () => {
		const flow = workflow('dedup-rerun');
		const files = [await smallInvoice(), await smallInvoice()];
		const items = async () =>
			await Promise.all(files.map((bytes, n) => pdfItem(bytes, `r${n}.pdf`)));
		const parameters = upload({ skipUploadedBefore: true }, { waitForExtractions: false });

		const first = await flow.run(parameters, await items());
		expect(first.map((item) => item.json.skipped)).toEqual([undefined, undefined]);
		expect(flow.stored()).toHaveLength(2);

		const second = await flow.run(parameters, await items());
		expect(flow.stored()).toHaveLength(2);
		expect(second).toHaveLength(2);
		second.forEach((item, index) => {
			expect(item.json).toEqual({
				skipped: 'uploadedBefore',
				fileName: `r${index}.pdf`,
				contentSha256: flow.stored()[index].sha256,
				note: expect.stringMatching(/^Not uploaded again: .*earlier execution\.$/),
			});
			expect(item.pairedItem).toEqual({ item: index });
		});
	});

	test('off (the default), a rerun uploads the same file again', async () => {
		const flow = workflow('dedup-off');
		const bytes = await smallInvoice();
		const parameters = upload({}, { waitForExtractions: false });
		await flow.run(parameters, [await pdfItem(bytes, 'same.pdf')]);
		await flow.run(parameters, [await pdfItem(bytes, 'same.pdf')]);
		expect(flow.stored()).toHaveLength(2);
		expect(harnessDeduplicator().entriesOfNode(flow.nodeId)).toBe(0);
	});

	test('a failed answer records nothing: the next run uploads the file', async () => {
		const flow = workflow('dedup-failed');
		const bytes = await smallInvoice();
		const parameters = upload({ skipUploadedBefore: true }, { waitForExtractions: false });
		// Gini answers every upload with 503: nothing is stored, the item fails.
		gini.setFaults({ share503: 1, retryAfterSeconds: 0, routes: ['POST /documents'] });
		let failed: INodeExecutionData[];
		try {
			failed = await flow.run(parameters, [await pdfItem(bytes, 'fails.pdf')]);
		} finally {
			gini.setFaults({});
		}
		expect(failed[0].json.error).toEqual(expect.any(String));
		expect(flow.stored()).toHaveLength(0);
		expect(harnessDeduplicator().entriesOfNode(flow.nodeId)).toBe(0);

		const next = await flow.run(parameters, [await pdfItem(bytes, 'fails.pdf')]);
		expect(next[0].json).toMatchObject({ documentId: expect.any(String) });
		expect(next[0].json.skipped).toBeUndefined();
		expect(flow.stored()).toHaveLength(1);
		// Recorded once Gini confirmed it: a third run skips it.
		const third = await flow.run(parameters, [await pdfItem(bytes, 'fails.pdf')]);
		expect(third[0].json.skipped).toBe('uploadedBefore');
		expect(flow.stored()).toHaveLength(1);
	});

	test('two items of one run with the same bytes: uploaded once, the second skipped naming the first', async () => {
		const flow = workflow('dedup-same-run');
		const bytes = await smallInvoice();
		const other = await smallInvoice();
		const items = [
			await pdfItem(bytes, 'a.pdf'),
			await pdfItem(other, 'b.pdf'),
			await pdfItem(bytes, 'a-copy.pdf'),
		];
		const out = await flow.run(
			upload(
				{ skipUploadedBefore: true },
				{ waitForExtractions: false, requestOptions: { maxRetries: 0, concurrency: 3 } },
			),
			items,
		);
		expect(flow.stored()).toHaveLength(2);
		const firstId = out[0].json.documentId;
		expect(typeof firstId).toBe('string');
		expect(out[2].json).toMatchObject({
			skipped: 'uploadedBefore',
			fileName: 'a-copy.pdf',
			note: `Not uploaded again: item 1 of this execution uploaded the same file (document ${String(firstId)}).`,
		});
		expect(out[2].pairedItem).toEqual({ item: 2 });
		// The content was recorded once per file, not left half-recorded by the concurrent items.
		const rerun = await flow.run(
			upload({ skipUploadedBefore: true }, { waitForExtractions: false }),
			[await pdfItem(other, 'b.pdf')],
		);
		expect(rerun[0].json.skipped).toBe('uploadedBefore');
	});

	test('items at concurrency 10: every store call of the execution waits for the one before', async () => {
		const flow = workflow('dedup-concurrent');
		const files = await Promise.all(Array.from({ length: 8 }, () => smallInvoice()));
		const items = async () =>
			await Promise.all(files.map((bytes, n) => pdfItem(bytes, `c${n}.pdf`)));
		const parameters = upload(
			{ skipUploadedBefore: true, flagPossibleDuplicates: true },
			{ requestOptions: { maxRetries: 0, concurrency: 10 } },
		);
		const store = harnessDeduplicator();
		const overlapsBefore = store.overlappingCalls;
		await flow.run(parameters, await items());
		// n8n's store reads a node's list and writes it back: two calls at once lose one's write.
		expect(store.overlappingCalls - overlapsBefore).toBe(0);
		expect(flow.stored()).toHaveLength(8);
		const rerun = await flow.run(parameters, await items());
		expect(rerun.map((item) => item.json.skipped)).toEqual(Array(8).fill('uploadedBefore'));
		expect(flow.stored()).toHaveLength(8);
	});

	test('a streamed file (stored by n8n, over 1 MiB) is hashed from its stream, whole', async () => {
		const flow = workflow('dedup-streamed');
		const bytes = Buffer.concat([...paddedPdf(1024 * 1024 + 4096, 'dedup-streamed')]);
		const parameters = upload({ skipUploadedBefore: true }, { waitForExtractions: false });
		await flow.run(parameters, [await pdfItem(bytes, 'big.pdf')], true, 'filesystem');
		const [again] = await flow.run(
			parameters,
			[await pdfItem(bytes, 'big.pdf')],
			true,
			'filesystem',
		);
		expect(again.json).toMatchObject({
			skipped: 'uploadedBefore',
			contentSha256: createHash('sha256').update(bytes).digest('hex'),
		});
		expect(flow.stored()).toHaveLength(1);
		expect(flow.stored()[0].sha256).toBe(again.json.contentSha256);
	});

	test('Each Binary Field: an e-mail carrying one attachment twice uploads it once', async () => {
		const flow = workflow('dedup-each');
		const bytes = await smallInvoice();
		const first = await pdfItem(bytes, 'rechnung.pdf');
		const second = await pdfItem(await smallInvoice(), 'other.pdf');
		const mail: INodeExecutionData = {
			json: {},
			binary: {
				attachment_0: first.binary!.data,
				attachment_1: second.binary!.data,
				attachment_2: { ...first.binary!.data, fileName: 'rechnung (1).pdf' },
			},
		};
		const out = await flow.run(
			upload({ skipUploadedBefore: true }, { pages: 'each', waitForExtractions: false }),
			[mail],
		);
		expect(out.map((item) => item.json.skipped ?? 'uploaded')).toEqual([
			'uploaded',
			'uploaded',
			'uploadedBefore',
		]);
		expect(out[2].json.fileName).toBe('rechnung (1).pdf');
		expect(flow.stored()).toHaveLength(2);
	});
});

describe('Flag Possible Double Payments', () => {
	const flag = { flagPossibleDuplicates: true };

	test('flags a re-sent invoice with other bytes, not the first one', async () => {
		const flow = workflow('guard-resent');
		const original = loadFixture(MUELLER);
		// The same invoice sent again as another PDF: a copy marked as such, compressed, other bytes.
		const copy = await buildTextPdf([['# Kopie', ...MUELLER_HAUSTECHNIK[0]]], { compress: true });
		expect(copy.equals(original)).toBe(false);

		const [first] = await flow.run(upload(flag), [await pdfItem(original, MUELLER)]);
		expect(first.json).toMatchObject({
			iban: 'DE89370400440532013000',
			amount: 3896.66,
			possibleDuplicate: false,
			duplicateMatch: null,
		});
		const [again] = await flow.run(upload(flag), [await pdfItem(copy, 'kopie.pdf')]);
		expect(again.json.documentId).not.toBe(first.json.documentId);
		expect(again.json).toMatchObject({ iban: 'DE89370400440532013000', possibleDuplicate: true });
		expect(again.json.duplicateMatch).toBe(
			'Same IBAN (ending 3000), amount 3896.66 EUR and payment reference RE-2024-0815 as another document this workflow read before',
		);
		expect(JSON.stringify(again.json.duplicateMatch)).not.toContain('DE89');
	});

	test('re-reading the same document (Get Extractions) does not flag it; re-reading the duplicate still does', async () => {
		const flow = workflow('guard-reread');
		const original = loadFixture(MUELLER);
		const copy = await buildTextPdf(MUELLER_HAUSTECHNIK, { compress: true });
		const uploaded = await flow.run(upload({}, { waitForExtractions: false }), [
			await pdfItem(original, MUELLER),
			await pdfItem(copy, 'copy.pdf'),
		]);
		const [originalId, copyId] = uploaded.map((item) => String(item.json.documentId));
		const read = async (documentId: string) => {
			const [item] = await flow.run(
				{ resource: 'document', operation: 'getExtractions', documentId, options: flag },
				[{ json: {} }],
			);
			return item.json;
		};
		expect(await read(originalId)).toMatchObject({ possibleDuplicate: false });
		expect(await read(originalId)).toMatchObject({ possibleDuplicate: false });
		expect(await read(copyId)).toMatchObject({ possibleDuplicate: true });
		expect(await read(copyId)).toMatchObject({ possibleDuplicate: true });
		expect(await read(originalId)).toMatchObject({
			possibleDuplicate: false,
			duplicateMatch: null,
		});
	});

	test('two invoices with the same IBAN but other amounts and references are not flagged', async () => {
		const flow = workflow('guard-distinct');
		const out = await flow.run(upload(flag), [
			await pdfItem(await smallInvoice(), 'x.pdf'),
			await pdfItem(await smallInvoice(), 'y.pdf'),
		]);
		expect(out.map((item) => item.json.possibleDuplicate)).toEqual([false, false]);
	});

	test('off (the default), the item has no guard fields', async () => {
		const flow = workflow('guard-off');
		const [item] = await flow.run(upload({}), [await pdfItem(loadFixture(MUELLER), MUELLER)]);
		expect(item.json).not.toHaveProperty('possibleDuplicate');
		expect(item.json).not.toHaveProperty('duplicateMatch');
	});
});
