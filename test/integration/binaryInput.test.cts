/**
 * Binary input as e-mail nodes give it (attachment_0, attachment_1, ...): each chosen file as its own document, logos
 * and other files skipped, and the uploaded file passed on with the output when asked.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { loadFixture } from '../fixtures/invoices.cts';
import { binaryItem } from '../harness/index.cts';
import {
	KOEHLER,
	MUELLER,
	ROUTE,
	THUMBNAIL,
	expectedView,
	pagesItem,
	sampleItem,
	useLifecycle,
} from './lifecycleKit.cts';

const lifecycle = useLifecycle();

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
			[MUELLER, { item: 1 }],
			[KOEHLER, { item: 1 }],
		]);
		expect(out[0].json).toMatchObject({ status: 'COMPLETED', ...expectedView(MUELLER) });
		expect(out[1].json).toMatchObject({ status: 'COMPLETED', ...expectedView(KOEHLER) });
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

	it('outputs nothing for an item without a chosen file', async () => {
		const result = await lifecycle.run('basic', { ...each, fileKinds: ['xml'] }, [
			await emailItem(),
		]);
		expect(result.output('Gini Pay')).toEqual([]);
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(0);
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
