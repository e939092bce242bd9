// Page images (docs/gini-api.md §4.8): the pages list, each page drawn as a JPEG that fits its size's box, 404 while
// the document is processed, for a page or size that does not exist and for composites; only the caller's documents.
import { loadImage } from '@napi-rs/canvas';

import { encodePng } from '../fixtures/binary.cts';
import { loadFixture } from '../fixtures/invoices.cts';
import {
	TEXT_INVOICE,
	derivedHeaders,
	json,
	upload,
	useEmulator,
	waitForProcessing,
	type Json,
} from './testkit.cts';

// Drawing pages (pdf.js, JPEG encoding) takes CPU time, which a busy machine stretches.
jest.setTimeout(60_000);

const emulator = useEmulator({ processingMs: 0 });
const headers = derivedHeaders('pages');
const BOXES = {
	medium: [750, 900],
	'750x900': [750, 900],
	large: [1280, 1810],
	'1280x1810': [1280, 1810],
} as const;

async function uploaded(body: Buffer | string, processingMs = 0, as = headers): Promise<string> {
	emulator().setProcessingMs(processingMs);
	const response = await upload(emulator(), body, as);
	expect(response.status).toBe(201);
	const url = response.headers.get('location')!;
	if (processingMs === 0) expect((await waitForProcessing(url, as)).progress).toBe('COMPLETED');
	return url;
}

function image(url: string, as: Record<string, string> = headers): Promise<Response> {
	return fetch(url, { headers: { ...as, Accept: 'image/jpeg' } });
}

/** The JPEG's size, decoded by the canvas library (a real decoder, not our header parsing). */
async function jpegSize(response: Response): Promise<{ width: number; height: number }> {
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toBe('image/jpeg');
	const bytes = Buffer.from(await response.arrayBuffer());
	expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
	const decoded = await loadImage(bytes);
	return { width: decoded.width, height: decoded.height };
}

/** Fits the box, keeping the source's aspect ratio to a pixel, and touches the box on one side. */
function expectFits(
	size: { width: number; height: number },
	box: readonly [number, number],
	aspect: number,
): void {
	expect(size.width).toBeLessThanOrEqual(box[0]);
	expect(size.height).toBeLessThanOrEqual(box[1]);
	expect(size.width === box[0] || size.height === box[1]).toBe(true);
	expect(Math.abs(size.width - size.height * aspect)).toBeLessThanOrEqual(2);
}

describe('GET /documents/{id}/pages', () => {
	test('lists every page with both image-key styles, as _links.pages and pages do', async () => {
		const url = await uploaded(loadFixture('invoice-schmidt-partner-2pages.pdf'));
		const document = await json(await fetch(url, { headers }));
		expect(document._links.pages).toBe(`${url}/pages`);
		const response = await fetch(document._links.pages, { headers });
		expect(response.status).toBe(200);
		const pages: Json = await json(response);
		expect(pages).toEqual(document.pages);
		expect(pages.map((page: Json) => page.pageNumber)).toEqual([1, 2]);
		expect(pages[1].images).toEqual({
			'750x900': `${url}/pages/2/750x900`,
			'1280x1810': `${url}/pages/2/1280x1810`,
			medium: `${url}/pages/2/medium`,
			large: `${url}/pages/2/large`,
		});
	});
});

describe('GET /documents/{id}/pages/{n}/{size}', () => {
	test('a PDF page is a JPEG inside each size box, with the page aspect (A4), the names of a size alike', async () => {
		const url = await uploaded(loadFixture('invoice-schmidt-partner-2pages.pdf'));
		const a4 = 595.28 / 841.89;
		for (const [size, box] of Object.entries(BOXES)) {
			for (const page of [1, 2]) {
				expectFits(await jpegSize(await image(`${url}/pages/${page}/${size}`)), box, a4);
			}
		}
	});

	test('the page is drawn: dark text on white, and the two pages differ', async () => {
		const url = await uploaded(loadFixture('invoice-schmidt-partner-2pages.pdf'));
		const first = Buffer.from(await (await image(`${url}/pages/1/medium`)).arrayBuffer());
		const second = Buffer.from(await (await image(`${url}/pages/2/medium`)).arrayBuffer());
		expect(first.equals(second)).toBe(false);
		const { createCanvas } = await import('@napi-rs/canvas');
		const decoded = await loadImage(first);
		const canvas = createCanvas(decoded.width, decoded.height);
		const ctx = canvas.getContext('2d');
		ctx.drawImage(decoded, 0, 0);
		const pixels = ctx.getImageData(0, 0, decoded.width, decoded.height).data;
		let dark = 0;
		let white = 0;
		for (let i = 0; i < pixels.length; i += 4) {
			if (pixels[i] < 100) dark++;
			else if (pixels[i] > 240) white++;
		}
		const total = pixels.length / 4;
		expect(white / total).toBeGreaterThan(0.8);
		expect(dark).toBeGreaterThan(500);
	});

	test('a photo keeps its aspect ratio; a plain-text invoice is an A4 page', async () => {
		const png = encodePng({
			width: 300,
			height: 100,
			pixels: Buffer.alloc(300 * 100 * 3, 0x80),
		});
		const photo = await uploaded(png);
		expectFits(await jpegSize(await image(`${photo}/pages/1/large`)), BOXES.large, 3);
		const text = await uploaded(TEXT_INVOICE);
		expectFits(await jpegSize(await image(`${text}/pages/1/medium`)), BOXES.medium, 595 / 842);
	});

	test('404 while the document is processed, the image once it is done', async () => {
		const url = await uploaded(TEXT_INVOICE, 60_000);
		const pending = await image(`${url}/pages/1/medium`);
		expect(pending.status).toBe(404);
		expect((await json(pending)).message).toMatch(/not rendered yet/);
		// The list is there already: it says which images will come.
		expect((await json(await fetch(`${url}/pages`, { headers }))).length).toBe(1);
	});

	test('404 for a document that ended in ERROR', async () => {
		emulator().setFidelity('lenient');
		emulator().setProcessingMs(0);
		try {
			const response = await upload(emulator(), loadFixture('corrupt-truncated.pdf'), headers);
			expect(response.status).toBe(201);
			const url = response.headers.get('location')!;
			expect((await waitForProcessing(url, headers)).progress).toBe('ERROR');
			const none = await image(`${url}/pages/1/medium`);
			expect(none.status).toBe(404);
			expect((await json(none)).message).toMatch(/could not be processed/);
		} finally {
			emulator().setFidelity('strict');
		}
	});

	test('404 for a page beyond the count, page 0, a word, and a size Gini does not have', async () => {
		const url = await uploaded(loadFixture('invoice-schmidt-partner-2pages.pdf'));
		for (const path of ['3/medium', '0/medium', 'one/medium', '1/small', '1/640x480']) {
			const response = await image(`${url}/pages/${path}`);
			expect({ path, status: response.status }).toEqual({ path, status: 404 });
		}
	});

	test('a composite has no page previews; its partials have theirs', async () => {
		const partial = await uploaded(loadFixture('invoice-schmidt-partner-2pages.pdf'), 0, {
			...headers,
			'Content-Type': 'application/vnd.gini.v1.partial+pdf',
		});
		const response = await upload(
			emulator(),
			JSON.stringify({ partialDocuments: [{ document: partial, rotationDelta: 0 }] }),
			{ ...headers, 'Content-Type': 'application/vnd.gini.v1.composite+json' },
		);
		expect(response.status).toBe(201);
		const composite = response.headers.get('location')!;
		expect(await json(await fetch(`${composite}/pages`, { headers }))).toEqual([]);
		const none = await image(`${composite}/pages/1/medium`);
		expect(none.status).toBe(404);
		expect((await json(none)).message).toMatch(/composite/i);
		expect((await image(`${partial}/pages/2/medium`)).status).toBe(200);
	});

	test('needs authentication, and another user gets 404', async () => {
		const url = await uploaded(TEXT_INVOICE);
		const anonymous = await fetch(`${url}/pages/1/medium`, { headers: { Accept: 'image/jpeg' } });
		expect(anonymous.status).toBe(401);
		const stranger = await image(`${url}/pages/1/medium`, derivedHeaders('someone-else'));
		expect(stranger.status).toBe(404);
		expect((await image(`${url}/pages/1/medium`)).status).toBe(200);
	});

	test('an Accept that takes no JPEG is 406 when strict; image/* and the wildcard are served', async () => {
		const url = `${await uploaded(TEXT_INVOICE)}/pages/1/medium`;
		const status = async (accept: string) =>
			(await fetch(url, { headers: { ...headers, Accept: accept } })).status;
		expect(await status('application/vnd.gini.v1+json')).toBe(406);
		expect(await status('image/png')).toBe(406);
		expect(await status('image/jpeg;q=0, application/json')).toBe(406);
		expect(await status('image/*')).toBe(200);
		expect(await status('application/json, text/plain, */*')).toBe(200);
		expect(await status('image/jpeg')).toBe(200);
		emulator().setFidelity('lenient');
		try {
			expect(await status('application/vnd.gini.v1+json')).toBe(200);
		} finally {
			emulator().setFidelity('strict');
		}
	});

	test('the first request renders, later ones get the same image', async () => {
		const url = await uploaded(loadFixture('invoice-mueller-haustechnik.pdf'));
		const [first, second] = await Promise.all([
			image(`${url}/pages/1/large`),
			image(`${url}/pages/1/large`),
		]);
		const third = await image(`${url}/pages/1/1280x1810`);
		const bytes = await Promise.all([first, second, third].map((r) => r.arrayBuffer()));
		expect(Buffer.from(bytes[1]).equals(Buffer.from(bytes[0]))).toBe(true);
		expect(Buffer.from(bytes[2]).equals(Buffer.from(bytes[0]))).toBe(true);
	});
});
