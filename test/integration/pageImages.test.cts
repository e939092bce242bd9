// Document > Get Page Images in n8n's engine against the emulator (docs/gini-api.md §4.8): the images are JPEGs a
// real decoder reads, fitted into the size's box; all pages, listed pages, pages that do not exist, composites, the
// wait while Gini renders, Continue On Fail and pairedItem.
import { loadImage } from '@napi-rs/canvas';
import type { INodeExecutionData } from 'n8n-workflow';

import { DEMO_CLIENTS } from '../emulator/index.cts';
import { basic } from '../emulator/testkit.cts';
import { loadFixture } from '../fixtures/invoices.cts';
import { withSteppedClock } from '../harness/index.cts';
import { useGini } from './gini.cts';

// Drawing pages (pdf.js, JPEG encoding) takes CPU time, which a busy machine stretches.
jest.setTimeout(60_000);

const gini = useGini({ processingMs: 0 });

const TWO_PAGES = 'invoice-schmidt-partner-2pages.pdf';
const IMAGE_ROUTE = 'GET /documents/{id}/pages/{page}/{size}';
const BOX = { medium: [750, 900], large: [1280, 1810] } as const;

const getPageImages = { resource: 'document', operation: 'getPageImages' };

async function decoded(item: INodeExecutionData, field: string) {
	const binary = item.binary?.[field];
	expect(binary).toMatchObject({ mimeType: 'image/jpeg' });
	const bytes = Buffer.from(binary!.data, 'base64');
	const image = await loadImage(bytes);
	return { width: image.width, height: image.height, bytes };
}

/** Inside the box, touching it on one side, in the A4 proportions of the sample PDFs. */
function expectA4In(size: { width: number; height: number }, box: readonly [number, number]) {
	expect(size.width).toBeLessThanOrEqual(box[0]);
	expect(size.height).toBeLessThanOrEqual(box[1]);
	expect(size.width === box[0] || size.height === box[1]).toBe(true);
	expect(Math.abs(size.width / size.height - 595.28 / 841.89)).toBeLessThan(0.01);
}

function outputOf(result: Awaited<ReturnType<typeof gini.run>>): INodeExecutionData[] {
	if (result.error) throw result.error;
	return result.output('Gini Pay');
}

describe('Document > Get Page Images', () => {
	it('gets the first page of a PDF as a JPEG in the medium box by default', async () => {
		const [document] = await gini.upload('basic', [TWO_PAGES]);
		const [item] = outputOf(await gini.run('basic', { ...getPageImages, documentId: document.id }));
		expect(item.json).toEqual({
			documentId: document.id,
			pageCount: 2,
			pages: [{ pageNumber: 1, binaryField: 'page_1', size: 'medium' }],
		});
		expect(Object.keys(item.binary ?? {})).toEqual(['page_1']);
		expect(item.binary?.page_1.fileName).toBe('invoice-schmidt-partner-2pages-page-1.jpg');
		expectA4In(await decoded(item, 'page_1'), BOX.medium);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('gets all pages in the large box, into the fields the option names', async () => {
		const [document] = await gini.upload('jwt', [TWO_PAGES]);
		const [item] = outputOf(
			await gini.run('jwt', {
				...getPageImages,
				documentId: document.id,
				pages: 'all',
				imageSize: 'large',
				options: { binaryPropertyName: 'scan' },
			}),
		);
		expect(item.json.pages).toEqual([
			{ pageNumber: 1, binaryField: 'scan_1', size: 'large' },
			{ pageNumber: 2, binaryField: 'scan_2', size: 'large' },
		]);
		const first = await decoded(item, 'scan_1');
		const second = await decoded(item, 'scan_2');
		expectA4In(first, BOX.large);
		expectA4In(second, BOX.large);
		expect(first.bytes.equals(second.bytes)).toBe(false);
		expect(gini.routeCount(IMAGE_ROUTE)).toBe(2);
	});

	it('gets the listed pages only, of the document the locator names by URL (node version 1.1)', async () => {
		const [document] = await gini.upload('basic', [TWO_PAGES]);
		const [item] = outputOf(
			await gini.run('basic', {
				...getPageImages,
				documentId: {
					__rl: true,
					mode: 'url',
					value: `${gini.payApiUrl}/documents/${document.id}`,
				},
				pages: 'list',
				pageNumbers: '2',
			}),
		);
		expect(item.json.pages).toEqual([{ pageNumber: 2, binaryField: 'page_2', size: 'medium' }]);
		expect(Object.keys(item.binary ?? {})).toEqual(['page_2']);
		expectA4In(await decoded(item, 'page_2'), BOX.medium);
	});

	it('fails for a page the document does not have, naming the document and the pages it has', async () => {
		const [document] = await gini.upload('basic', [TWO_PAGES]);
		const result = await gini.run('basic', {
			...getPageImages,
			documentId: document.id,
			pages: 'list',
			pageNumbers: '1,3',
		});
		expect(result.error?.message).toBe(`Document ${document.id} has no page image of page 3`);
		expect((result.error as { description?: string } | undefined)?.description).toMatch(
			/images of pages 1, 2/,
		);
		expect(gini.routeCount(IMAGE_ROUTE)).toBe(0);
	});

	it('refuses page numbers that are none before asking Gini', async () => {
		const result = await gini.run('basic', {
			...getPageImages,
			documentId: '626626a0-749f-11e2-bfd6-000000000000',
			pages: 'list',
			pageNumbers: '1,two',
		});
		expect(result.error?.message).toMatch(/^Invalid page numbers: "two"/);
		expect(gini.counters().requests.total).toBe(0);
	});

	it("gets a composite document's pages from its partial documents, numbered on in the composite's order", async () => {
		const headers = {
			Authorization: basic(DEMO_CLIENTS.derived),
			'X-User-Identifier': 'default-user',
			Accept: 'application/vnd.gini.v1+json',
		};
		// A composite of two partials (docs/gini-api.md §4.1.1, §4.1.2), uploaded as Gini's SDKs do.
		const partial = async (file: string, type: string) => {
			const response = await fetch(`${gini.payApiUrl}/documents`, {
				method: 'POST',
				headers: { ...headers, 'Content-Type': `application/vnd.gini.v1.partial+${type}` },
				body: new Uint8Array(loadFixture(file)),
			});
			expect(response.status).toBe(201);
			return response.headers.get('location')!;
		};
		const photo = await partial('invoice-thumbnail.png', 'png');
		const pdf = await partial(TWO_PAGES, 'pdf');
		const composite = await fetch(`${gini.payApiUrl}/documents`, {
			method: 'POST',
			headers: { ...headers, 'Content-Type': 'application/vnd.gini.v1.composite+json' },
			body: JSON.stringify({
				partialDocuments: [
					{ document: photo, rotationDelta: 0 },
					{ document: pdf, rotationDelta: 0 },
				],
			}),
		});
		expect(composite.status).toBe(201);
		const compositeId = composite.headers.get('location')!.split('/').pop()!;
		const [item] = outputOf(
			await gini.run('basic', { ...getPageImages, documentId: compositeId, pages: 'all' }),
		);
		const idOf = (link: string) => link.split('/').pop();
		expect(item.json).toEqual({
			documentId: compositeId,
			pageCount: 3,
			pages: [
				{ pageNumber: 1, binaryField: 'page_1', size: 'medium', partialDocumentId: idOf(photo) },
				{ pageNumber: 2, binaryField: 'page_2', size: 'medium', partialDocumentId: idOf(pdf) },
				{ pageNumber: 3, binaryField: 'page_3', size: 'medium', partialDocumentId: idOf(pdf) },
			],
		});
		// Page 1 is the photo, in its own proportions; pages 2 and 3 are the PDF's.
		const png = await loadImage(loadFixture('invoice-thumbnail.png'));
		const first = await decoded(item, 'page_1');
		expect(first.width === 750 || first.height === 900).toBe(true);
		expect(Math.abs(first.width / first.height - png.width / png.height)).toBeLessThan(0.01);
		expect(first.bytes.equals((await decoded(item, 'page_2')).bytes)).toBe(false);
		expectA4In(await decoded(item, 'page_2'), BOX.medium);
		expectA4In(await decoded(item, 'page_3'), BOX.medium);
		// Gini has no images of the composite itself: the node never asks for them.
		expect(gini.routeCount('GET /documents/{id}/pages')).toBe(2);
	});

	it('gets the page of an XML e-invoice, which the node uploads as a composite', async () => {
		const [document] = await gini.upload('basic', ['xrechnung-ubl-weber.xml']);
		const [item] = outputOf(await gini.run('basic', { ...getPageImages, documentId: document.id }));
		expect(item.json).toMatchObject({
			documentId: document.id,
			pageCount: 1,
			pages: [{ pageNumber: 1, binaryField: 'page_1', size: 'medium' }],
		});
		expect(item.binary?.page_1.fileName).toBe('xrechnung-ubl-weber-page-1.jpg');
		expectA4In(await decoded(item, 'page_1'), BOX.medium);
	});

	it('waits while Gini renders the pages, asking again every second', async () => {
		gini.setProcessingMs(600_000);
		const [document] = await gini.upload('basic', [TWO_PAGES]);
		const [item] = await withSteppedClock(async () => {
			// Gini finishes 3.5 s into the run, whenever the upload was: the clock jumps past its processing time then.
			setTimeout(() => jest.setSystemTime(Date.now() + 600_000), 3_500);
			return outputOf(
				await gini.run('basic', {
					...getPageImages,
					documentId: document.id,
					options: { timeout: 3600 },
				}),
			);
		});
		expectA4In(await decoded(item, 'page_1'), BOX.medium);
		// 404 at about 0, 1, 2 and 3 s, then the image at about 4 s: one GET of the image per attempt.
		const attempts = gini.routeCount(IMAGE_ROUTE);
		expect(attempts).toBeGreaterThanOrEqual(4);
		expect(attempts).toBeLessThanOrEqual(6);
	});

	it('fails after the timeout when Gini has not rendered the page, naming the document', async () => {
		gini.setProcessingMs(600_000);
		const [document] = await gini.upload('basic', [TWO_PAGES]);
		const result = await withSteppedClock(
			async () =>
				await gini.run(
					'basic',
					{ ...getPageImages, documentId: document.id, options: { timeout: 3 } },
					[{ json: {} }],
					true,
				),
		);
		const [item] = outputOf(result);
		expect(item.json).toMatchObject({
			error: `Gini had no image of page 1 of document ${document.id} after 3 s`,
			documentId: document.id,
			httpCode: '404',
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary).toBeUndefined();
	});

	it('outputs one item per input item, paired, with an error item for a document that is not there', async () => {
		const [first, second] = await gini.upload('basic', [TWO_PAGES, 'invoice-thumbnail.png']);
		const missing = '00000000-0000-4000-8000-000000000000';
		const items = [first.id, missing, second.id].map((id) => ({ json: { id } }));
		const result = await gini.run(
			'basic',
			{ ...getPageImages, documentId: '={{ $json.id }}', pages: 'all' },
			items,
			true,
		);
		const output = outputOf(result);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.pages).toHaveLength(2);
		expect(output[1].json).toMatchObject({ documentId: missing, httpCode: '404' });
		expect(output[1].binary).toBeUndefined();
		expect(output[2].json).toEqual({
			documentId: second.id,
			pageCount: 1,
			pages: [{ pageNumber: 1, binaryField: 'page_1', size: 'medium' }],
		});
		expect(output[2].binary?.page_1.fileName).toBe('invoice-thumbnail-page-1.jpg');
		const photo = await decoded(output[2], 'page_1');
		expect(photo.width <= 750 && photo.height <= 900).toBe(true);
	});
});
