/**
 * Binary input as e-mail nodes give it (attachment_0, attachment_1, ...): each chosen file as its own document, logos
 * and other files skipped, and the uploaded file passed on with the output when asked.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { loadFixture } from '../fixtures/invoices.cts';
import { binaryItem, setBinaryMode } from '../harness/index.cts';
import { runGini, useGini } from './gini.cts';
import {
	CORRUPT,
	KOEHLER,
	MUELLER,
	ROUTE,
	THUMBNAIL,
	expectedView,
	pagesItem,
	sampleItem,
	LIFECYCLE,
} from './lifecycleKit.cts';

const lifecycle = useGini(LIFECYCLE);

const each = { resource: 'document', operation: 'upload', pages: 'each' };

/** An e-mail with two invoices, a small logo and a ZIP, the way the IMAP node names its attachments. */
async function emailItem(): Promise<INodeExecutionData> {
	const item = await pagesItem(
		[
			['attachment_0', MUELLER],
			['attachment_1', THUMBNAIL],
			['attachment_2', KOEHLER],
		],
		{ subject: 'Rechnungen' },
	);
	const zip = await binaryItem(
		loadFixture('unsupported-archive.zip'),
		'belege.zip',
		'application/zip',
		{},
		'attachment_3',
	);
	item.binary!.attachment_3 = zip.binary!.attachment_3;
	return item;
}

describe('Each Binary Field as Its Own Document', () => {
	it('uploads each invoice of an e-mail as its own document, skipping the logo and the ZIP, paired with the e-mail', async () => {
		const result = await lifecycle.run('basic', each, [{ json: {} }, await emailItem()]);
		const out = result.output('Gini Pay');
		expect(out.map((item) => [item.json.fileName, item.pairedItem])).toEqual([
			[undefined, { item: 0 }],
			[MUELLER, { item: 1 }],
			[KOEHLER, { item: 1 }],
		]);
		expect(out[0].json).toMatchObject({ documentId: null, skippedAttachments: [] });
		expect(out[1].json).toMatchObject({ ...expectedView(MUELLER) });
		expect(out[2].json).toMatchObject({ ...expectedView(KOEHLER) });
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(2);
	});

	it('takes small images when the minimum is 0, and skips names containing a listed part', async () => {
		const result = await lifecycle.run(
			'basic',
			{
				...each,
				waitForExtractions: false,
				minImageKb: 0,
				skipNamesContaining: 'köhler, BAECKEREI',
			},
			[await emailItem()],
		);
		expect(result.output('Gini Pay').map((item) => item.json.fileName)).toEqual([
			MUELLER,
			THUMBNAIL,
		]);
	});

	it('turns a file of another kind into an error item naming it, when asked for, and uploads the rest', async () => {
		const result = await lifecycle.run(
			'basic',
			{ ...each, waitForExtractions: false, fileKinds: ['pdf', 'other'] },
			[await emailItem()],
			true,
		);
		const out = result.output('Gini Pay').map((item) => item.json);
		expect(out.map((json) => json.fileName)).toEqual([MUELLER, KOEHLER, 'belege.zip']);
		expect(out[2]).toMatchObject({
			error: 'The file is a ZIP archive, which Gini cannot read (binary field "attachment_3")',
			binaryField: 'attachment_3',
		});
	});

	it('outputs one item naming every skipped attachment when none was uploaded, so that the e-mail shows', async () => {
		const result = await lifecycle.run('basic', { ...each, fileKinds: ['xml'] }, [
			await emailItem(),
		]);
		const out = result.output('Gini Pay');
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(out[0].json).toMatchObject({ documentId: null, payable: false });
		expect(out[0].json.note).toEqual(expect.stringContaining('No attachment was uploaded'));
		expect(fieldsOf(out[0].json.skippedAttachments)).toEqual([
			'attachment_0',
			'attachment_1',
			'attachment_2',
			'attachment_3',
		]);
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(0);
	});

	it('outputs one item for an e-mail without attachments', async () => {
		const result = await lifecycle.run('basic', each, [{ json: { subject: 'Hallo' } }]);
		const out = result.output('Gini Pay');
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ documentId: null, skippedAttachments: [] });
	});
});

/** The binary fields of a skippedAttachments list. */
function fieldsOf(skipped: unknown): string[] {
	return (skipped as IDataObject[]).map((entry) => String(entry.binaryField));
}

/** An e-mail item whose attachments are `[property, bytes, file name, declared type]`. */
async function mailWith(
	attachments: Array<[string, Buffer, string, string]>,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: { subject: 'Rechnung' }, binary: {} };
	for (const [property, bytes, fileName, mimeType] of attachments) {
		item.binary![property] = (await binaryItem(bytes, fileName, mimeType, {}, property)).binary![
			property
		];
	}
	return item;
}

const ZIP_BYTES = () => loadFixture('unsupported-archive.zip');

describe('E-mail attachments are not lost quietly', () => {
	it('uploads a PDF declared as application/x-pdf under the default File Kinds', async () => {
		const result = await lifecycle.run('basic', { ...each, waitForExtractions: false }, [
			await mailWith([['attachment_0', loadFixture(MUELLER), MUELLER, 'application/x-pdf']]),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output('Gini Pay').map((item) => item.json.fileName)).toEqual([MUELLER]);
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(1);
	});

	it.each([
		['application/x-pdf'],
		['application/acrobat'],
		['applications/vnd.pdf'],
		['text/pdf'],
		['application/octet-stream'],
	])('uploads a PDF declared as %s under the filters of the e-mail example', async (mimeType) => {
		const result = await lifecycle.run(
			'basic',
			{ ...each, waitForExtractions: false, fileKinds: ['pdf', 'image', 'xml', 'other'] },
			[await mailWith([['attachment_0', loadFixture(MUELLER), MUELLER, mimeType]])],
			true,
		);
		const [out] = result.output('Gini Pay').map((item) => item.json);
		expect(out).not.toHaveProperty('error');
		expect(out).toMatchObject({ fileName: MUELLER, documentId: expect.any(String) });
	});

	it('lets the bytes decide when the declared type and the file name disagree', async () => {
		const result = await lifecycle.run('basic', { ...each, waitForExtractions: false }, [
			await mailWith([
				['attachment_0', loadFixture(MUELLER), 'bytes-decide.pdf', 'application/msword'],
				['attachment_1', loadFixture(KOEHLER), 'bytes-decide-2.pdf', 'image/png'],
			]),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output('Gini Pay').map((item) => item.json.fileName)).toEqual([
			'bytes-decide.pdf',
			'bytes-decide-2.pdf',
		]);
		expect(
			lifecycle
				.documents()
				.filter((document) => document.name.startsWith('bytes-decide'))
				.map((document) => document.mediaType),
		).toEqual(['application/pdf', 'application/pdf']);
	});

	it('reads the first bytes from n8n’s store when the binary is on disk (filesystem mode)', async () => {
		await setBinaryMode('filesystem');
		try {
			const item = await mailWith([
				['attachment_0', loadFixture(MUELLER), 'disk-word.pdf', 'application/msword'],
				['attachment_1', loadFixture(KOEHLER), 'disk-alias.pdf', 'application/x-pdf'],
				['attachment_2', ZIP_BYTES(), 'disk-zip.pdf', 'application/x-download'],
			]);
			expect(item.binary?.attachment_0.id).toMatch(/^filesystem/);
			const result = await runGini({
				mode: 'basic',
				credential: lifecycle.credential('basic'),
				parameters: { ...each, waitForExtractions: false },
				items: [item],
				continueOnFail: true,
				binaryMode: 'filesystem',
			});
			const out = result.output('Gini Pay').map((entry) => entry.json);
			expect(out.map((json) => [json.fileName, json.error])).toEqual([
				['disk-word.pdf', undefined],
				['disk-alias.pdf', undefined],
				[
					'disk-zip.pdf',
					'The file is a ZIP archive, which Gini cannot read (binary field "attachment_2")',
				],
			]);
		} finally {
			await setBinaryMode('default');
		}
	});

	it('names what the bytes are: a ZIP declared as a PDF is a ZIP archive', async () => {
		const result = await lifecycle.run(
			'basic',
			{ ...each, waitForExtractions: false },
			[await mailWith([['attachment_0', ZIP_BYTES(), 'rechnung.pdf', 'application/pdf']])],
			true,
		);
		const [out] = result.output('Gini Pay').map((item) => item.json);
		expect(out).toMatchObject({
			error:
				'The file is declared as a PDF but it is a ZIP archive, which Gini cannot read (binary field "attachment_0")',
			binaryField: 'attachment_0',
			fileName: 'rechnung.pdf',
		});
	});

	it('lists every skipped attachment, with the reason, on each output item of the e-mail', async () => {
		const result = await lifecycle.run('basic', { ...each, waitForExtractions: false }, [
			await emailItem(),
		]);
		const out = result.output('Gini Pay').map((item) => item.json);
		expect(out.map((json) => json.fileName)).toEqual([MUELLER, KOEHLER]);
		for (const json of out) {
			expect(json.skippedAttachments).toEqual([
				{
					binaryField: 'attachment_1',
					fileName: THUMBNAIL,
					reason: expect.stringContaining("under 'Skip Images Smaller Than (KB)' (10 KB)"),
				},
				{
					binaryField: 'attachment_3',
					fileName: 'belege.zip',
					reason:
						"It is a ZIP archive, and 'File Kinds' does not include 'Any Other File (Becomes an Error Item)'",
				},
			]);
		}
	});
});

describe('Partial failures name what was created', () => {
	it('checks every chosen attachment before the first upload: a bad second one uploads nothing', async () => {
		const png = loadFixture(THUMBNAIL);
		const result = await lifecycle.run('basic', { ...each, minImageKb: 0 }, [
			await mailWith([
				['attachment_0', loadFixture(MUELLER), MUELLER, 'application/pdf'],
				['attachment_1', png, 'scan.pdf', 'application/pdf'],
			]),
		]);
		expect(result.error?.message).toBe(
			'The file is declared as a PDF but it is a PNG image (binary field "attachment_1")',
		);
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(0);
	});

	it('an attachment Gini refuses after another was uploaded fails the e-mail naming the uploaded one', async () => {
		const result = await lifecycle.run('basic', { ...each, waitForExtractions: false }, [
			await mailWith([
				['attachment_0', loadFixture(MUELLER), 'refused-later.pdf', 'application/pdf'],
				['attachment_1', loadFixture(CORRUPT), CORRUPT, 'application/pdf'],
			]),
		]);
		const created = lifecycle
			.documents()
			.filter((document) => document.name === 'refused-later.pdf');
		expect(created).toHaveLength(1);
		const error = result.error as Error & { documentIds?: string[]; description?: string };
		expect(error.message).toContain('400');
		expect(error.documentIds).toEqual([created[0].id]);
		expect(error.description).toContain(created[0].id);
	});
});

describe('Include Input Binary', () => {
	it('passes the uploaded file on with the payment data, so that it can be archived without a Merge', async () => {
		const input = await sampleItem(MUELLER);
		const result = await lifecycle.run(
			'basic',
			{ resource: 'document', operation: 'upload', options: { includeInputBinary: true } },
			[input],
		);
		const [out] = result.output('Gini Pay');
		expect(out.json).toMatchObject(expectedView(MUELLER));
		expect(out.binary?.data).toMatchObject({ fileName: MUELLER, mimeType: 'application/pdf' });
		expect(out.binary?.data.data).toBe(input.binary?.data.data);
	});

	it('passes no binary on by default', async () => {
		const result = await lifecycle.run(
			'basic',
			{ resource: 'document', operation: 'upload', waitForExtractions: false },
			[await sampleItem(MUELLER)],
		);
		expect(result.output('Gini Pay')[0].binary).toBeUndefined();
	});

	it('gives each item of Each Binary Field only its own file', async () => {
		const result = await lifecycle.run(
			'basic',
			{ ...each, waitForExtractions: false, options: { includeInputBinary: true } },
			[await emailItem()],
		);
		expect(result.output('Gini Pay').map((item) => Object.keys(item.binary ?? {}))).toEqual([
			['attachment_0'],
			['attachment_2'],
		]);
	});
});
