/**
 * Multi-page uploads in n8n's engine against the emulator: several binaries become partial documents joined by ONE
 * composite, in the right order with the right rotations (docs/gini-api.md §4.1.1, §4.1.2), in every auth mode; bad page
 * lists are refused before anything is sent.
 */
import { NodeApiError, NodeOperationError, type INodeParameters } from 'n8n-workflow';

import type { StoredDocumentInfo } from '../emulator/index.cts';
import { binaryItem } from '../harness/index.cts';
import { outputJson, runGini, useGini } from './gini.cts';
import {
	CORRUPT,
	KOEHLER,
	GRUENWALD_TEXT,
	MODES,
	MUELLER,
	RECEIPT,
	ROUTE,
	THUMBNAIL,
	documentUrlOf,
	expectedView,
	pagesItem,
	LIFECYCLE,
} from './lifecycleKit.cts';

const lifecycle = useGini(LIFECYCLE);
const upload = { resource: 'document', operation: 'upload', waitForExtractions: false };

/** Runs an upload and returns its output and the documents it created in the emulator. */
async function uploadPages(
	parameters: INodeParameters,
	pages: Array<[string, string]>,
	mode = MODES[0],
) {
	const before = new Set(lifecycle.documents().map((document) => document.id));
	const [output] = await lifecycle.json(mode, { ...upload, ...parameters }, [
		await pagesItem(pages),
	]);
	const created = lifecycle.documents().filter((document) => !before.has(document.id));
	return { output, created };
}

function composite(created: StoredDocumentInfo[]): StoredDocumentInfo {
	const composites = created.filter((document) => document.kind === 'composite');
	expect(composites).toHaveLength(1);
	return composites[0];
}

function partialNames(created: StoredDocumentInfo[]): string[] {
	const byId = new Map(created.map((document) => [document.id, document]));
	return (composite(created).partialDocuments ?? []).map(
		(id) => byId.get(id)?.name ?? `missing ${id}`,
	);
}

describe.each(MODES)('in %s mode', (mode) => {
	it('uploads the listed binary fields as the pages of ONE composite, in the listed order, rotated', async () => {
		const { output, created } = await uploadPages(
			{
				pages: 'listed',
				binaryPropertyNames: 'back, front , middle',
				options: { rotations: '0, 90, 270' },
			},
			[
				['front', MUELLER],
				['middle', THUMBNAIL],
				['back', RECEIPT],
			],
			mode,
		);
		expect(created).toHaveLength(4);
		expect(created.filter((document) => document.kind === 'partial')).toHaveLength(3);
		expect(partialNames(created)).toEqual([RECEIPT, MUELLER, THUMBNAIL]);
		const joined = composite(created);
		expect(output).toMatchObject({ documentId: joined.id, fileName: RECEIPT });

		const [read] = await lifecycle.json(mode, {
			resource: 'document',
			operation: 'get',
			documentId: joined.id,
		});
		expect(read.partialDocuments).toEqual(
			(joined.partialDocuments ?? []).map((id, index) => ({
				document: documentUrlOf(lifecycle, id),
				rotationDelta: [0, 90, 270][index],
			})),
		);
	});

	it('waits for the composite’s extractions, which come from its pages', async () => {
		const { output, created } = await uploadPages(
			{ pages: 'all', waitForExtractions: true },
			[
				['cover', THUMBNAIL],
				['invoice', KOEHLER],
			],
			mode,
		);
		expect(partialNames(created)).toEqual([THUMBNAIL, KOEHLER]);
		expect(output).toMatchObject({
			documentId: composite(created).id,
			...expectedView(KOEHLER),
		});
	});
});

describe('multi-page uploads', () => {
	it('take every binary of the item in its order with All Binary Fields, and name the document as asked', async () => {
		const { output, created } = await uploadPages(
			{ pages: 'all', simplify: false, options: { fileName: 'scan.pdf' } },
			[
				['page1', MUELLER],
				['page2', KOEHLER],
				['page3', THUMBNAIL],
			],
		);
		expect(partialNames(created)).toEqual([MUELLER, KOEHLER, THUMBNAIL]);
		expect(output).toMatchObject({
			fileName: 'scan.pdf',
			document: { name: 'scan.pdf', pageCount: 3 },
		});
		expect(created.map((document) => document.mediaType).sort()).toEqual(
			[
				'application/pdf',
				'application/pdf',
				'application/vnd.gini.v1.composite+json',
				'image/png',
			].sort(),
		);
	});

	it('normalise rotations to 0..270 and rotate pages without a rotation by 0', async () => {
		const { created } = await uploadPages({ pages: 'all', options: { rotations: '-90, 450' } }, [
			['a', THUMBNAIL],
			['b', RECEIPT],
			['c', MUELLER],
		]);
		const [read] = await lifecycle.json('basic', {
			resource: 'document',
			operation: 'get',
			documentId: composite(created).id,
		});
		expect(
			(read.partialDocuments as Array<{ rotationDelta: number }>).map((page) => page.rotationDelta),
		).toEqual([270, 90, 0]);
	});

	it('stream pages n8n keeps on disk (filesystem binary mode) into the same composite', async () => {
		const before = new Set(lifecycle.documents().map((document) => document.id));
		const result = await runGini({
			mode: 'basic',
			credential: lifecycle.credential('basic'),
			parameters: {
				...upload,
				pages: 'listed',
				binaryPropertyNames: 'two, one',
				waitForExtractions: true,
			},
			items: [
				await pagesItem([
					['one', THUMBNAIL],
					['two', MUELLER],
				]),
			],
			binaryMode: 'filesystem',
		});
		const [output] = outputJson(result);
		const created = lifecycle.documents().filter((document) => !before.has(document.id));
		expect(partialNames(created)).toEqual([MUELLER, THUMBNAIL]);
		expect(output).toMatchObject(expectedView(MUELLER));
	});

	it('become error items under Continue On Fail, and the next item is still uploaded', async () => {
		const eleven = Array.from({ length: 11 }, (_, index): [string, string] => [
			`p${index}`,
			THUMBNAIL,
		]);
		const result = await lifecycle.run(
			'jwt',
			{ ...upload, pages: 'all', simplify: false },
			[
				await pagesItem(eleven),
				await pagesItem([
					['a', MUELLER],
					['b', RECEIPT],
				]),
			],
			true,
		);
		const out = result.output('Gini Pay');
		expect(out).toHaveLength(2);
		expect(out[0]).toMatchObject({
			json: { error: '11 pages is more than Gini processes (10)' },
			pairedItem: { item: 0 },
		});
		expect(out[1]).toMatchObject({
			json: { fileName: MUELLER, document: { pageCount: 2 } },
			pairedItem: { item: 1 },
		});
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(3);
	});

	it('end in Gini’s 400, said plainly, when a page is refused at upload as undecodable (strict Gini)', async () => {
		const result = await lifecycle.run('basic', { ...upload, pages: 'all' }, [
			await pagesItem([
				['good', MUELLER],
				['broken', CORRUPT],
			]),
		]);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error).toMatchObject({ httpCode: '400' });
		expect(result.error?.message).toMatch(
			/^Uploading page 2 failed: the Gini Pay API answered 400/,
		);
		expect((result.error as NodeApiError).description).toMatch(
			/^Gini rejects files of an invalid format or of bad quality/,
		);
	});

	it('end in a clear error when a page cannot be processed', async () => {
		lifecycle.setFidelity('lenient');
		const result = await lifecycle.run(
			'basic',
			{ ...upload, pages: 'all', waitForExtractions: true },
			[
				await pagesItem([
					['good', MUELLER],
					['broken', CORRUPT],
				]),
			],
		);
		expect(result.error?.message).toMatch(/^Gini could not process document [0-9a-f-]{36}$/);
	});
});

describe('against a lenient Gini (any partial type, corrupt files accepted)', () => {
	it('sends the same partial types and joins the pages the same way', async () => {
		lifecycle.setFidelity('lenient');
		const { output, created } = await uploadPages({ pages: 'all', waitForExtractions: true }, [
			['first', MUELLER],
			['second', THUMBNAIL],
			['third', RECEIPT],
		]);
		expect(partialNames(created)).toEqual([MUELLER, THUMBNAIL, RECEIPT]);
		expect(
			created
				.filter((document) => document.kind === 'partial')
				.map((document) => document.mediaType),
		).toEqual(['application/pdf', 'image/png', 'image/jpeg']);
		expect(output).toMatchObject({
			documentId: composite(created).id,
			payable: expect.any(Boolean),
		});
	});
});

describe('multi-page uploads refused before anything is sent', () => {
	const eleven = Array.from({ length: 11 }, (_, index): [string, string] => [
		`page${index + 1}`,
		THUMBNAIL,
	]);

	async function refused(parameters: INodeParameters, pages: Array<[string, string]>) {
		const result = await lifecycle.run('basic', { ...upload, ...parameters }, [
			await pagesItem(pages),
		]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(0);
		return result.error as NodeOperationError;
	}

	it('a plain-text page: Gini takes only PDF, PNG and JPEG pages (no partial+plain)', async () => {
		const error = await refused({ pages: 'all' }, [
			['first', MUELLER],
			['second', GRUENWALD_TEXT],
		]);
		expect(error.message).toBe(
			'Page 2 (binary field "second") is plain text, which Gini does not take as a page of a multi-page document',
		);
		expect(error.description).toContain('Upload the text on its own');
	});

	it('a GIF page: Gini takes only PDF, PNG and JPEG pages (no partial+gif)', async () => {
		const item = await pagesItem([['first', MUELLER]]);
		const gif = await binaryItem(
			Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
			'page.gif',
			'image/gif',
			{},
			'second',
		);
		item.binary!.second = gif.binary!.second;
		const result = await lifecycle.run('basic', { ...upload, pages: 'all' }, [item]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'Page 2 (binary field "second") is image/gif, which Gini does not take as a page of a multi-page document',
		);
		expect((result.error as NodeOperationError).description).toContain('Convert the page');
		expect(lifecycle.routeCount(ROUTE.upload)).toBe(0);
	});

	it('more than 10 pages, listed', async () => {
		const names = eleven.map(([name]) => name).join(',');
		const error = await refused({ pages: 'listed', binaryPropertyNames: names }, eleven);
		expect(error.message).toBe('11 pages is more than Gini processes (10)');
	});

	it('more than 10 pages, all binaries of the item', async () => {
		const error = await refused({ pages: 'all' }, eleven);
		expect(error.message).toBe('11 pages is more than Gini processes (10)');
	});

	it('a listed binary field the item does not have, even after pages that exist', async () => {
		const error = await refused({ pages: 'listed', binaryPropertyNames: 'page1, page9' }, [
			['page1', MUELLER],
		]);
		expect(error.message).toContain('page9');
	});

	it('an empty list of binary fields', async () => {
		const error = await refused({ pages: 'listed', binaryPropertyNames: ' , ' }, [
			['page1', MUELLER],
		]);
		expect(error.message).toBe('No binary fields to upload');
	});

	it('a rotation that is not a multiple of 90', async () => {
		const error = await refused({ pages: 'all', options: { rotations: '0, 45' } }, [
			['a', MUELLER],
			['b', THUMBNAIL],
		]);
		expect(error.message).toBe('"45" is not a rotation');
	});

	it('more rotations than pages', async () => {
		const error = await refused({ pages: 'all', options: { rotations: '0, 90, 180' } }, [
			['a', MUELLER],
			['b', THUMBNAIL],
		]);
		expect(error.message).toBe('3 rotations given for 2 pages');
	});
});
