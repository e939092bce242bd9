// Page images: GET /documents/{id}/pages/{n}/{size} (docs/gini-api.md §4.8). The page is really drawn, so a reviewer
// sees it: PDFs with pdf.js onto an @napi-rs/canvas canvas, photos scaled, plain text and XML e-invoices written on a
// white page. Rendered on the first request and kept per document, page and size; 404 until processing completes, as
// Gini's iOS SDK expects (it asks again every second on 404).
import * as path from 'node:path';

import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';

import { closePdf, openPdf, type PdfPage } from './analysis/pdfjs.cts';
import type { Handler } from './context.cts';
import { MAX_PREVIEW_PAGES, requireDocument } from './documents.cts';
import { HttpError } from './http.cts';
import { pageCountOf, progressOf } from './processing.cts';
import type { StoredDocument } from './store.cts';

/** The boxes a page is fitted into: the legacy size names (iOS) and medium/large (current Android). */
export const PAGE_IMAGE_SIZES: Readonly<Record<string, { width: number; height: number }>> = {
	'750x900': { width: 750, height: 900 },
	medium: { width: 750, height: 900 },
	'1280x1810': { width: 1280, height: 1810 },
	large: { width: 1280, height: 1810 },
};

const JPEG_QUALITY = 85;
/** A4 in PDF points, the page a text file is written on. */
const A4 = { width: 595, height: 842 };
const FONT_FAMILY = 'EmulatorPageSans';

/** Pages that have previews: the document's pages, at most the first 10. */
export function previewPageCount(document: StoredDocument, pageCount: number): number {
	return document.kind === 'composite' ? 0 : Math.min(pageCount, MAX_PREVIEW_PAGES);
}

/** Scale that fits `width` × `height` inside the box, keeping the aspect ratio. */
export function fitScale(
	width: number,
	height: number,
	box: { width: number; height: number },
): number {
	return Math.min(box.width / width, box.height / height);
}

function whiteCanvas(width: number, height: number): { canvas: Canvas; ctx: SKRSContext2D } {
	// Rounded, not cut: a page scaled to 1809.9999 pixels fills the 1810 box.
	const canvas = createCanvas(Math.max(1, Math.round(width)), Math.max(1, Math.round(height)));
	const ctx = canvas.getContext('2d');
	ctx.fillStyle = 'white';
	ctx.fillRect(0, 0, canvas.width, canvas.height);
	return { canvas, ctx };
}

async function renderPdfPage(
	bytes: Buffer,
	pageNumber: number,
	box: { width: number; height: number },
): Promise<Canvas> {
	const pdf = await openPdf(bytes);
	try {
		const page = await pdf.getPage(pageNumber);
		const natural = page.getViewport({ scale: 1 });
		const viewport = page.getViewport({
			scale: fitScale(natural.width, natural.height, box),
		});
		const { canvas, ctx } = whiteCanvas(viewport.width, viewport.height);
		// pdf.js 6 draws on the canvas it is given; @napi-rs/canvas is what its Node build expects.
		const parameters = { canvas, canvasContext: ctx, viewport } as unknown as Parameters<
			PdfPage['render']
		>[0];
		await page.render(parameters).promise;
		return canvas;
	} finally {
		await closePdf(pdf);
	}
}

async function renderPhoto(bytes: Buffer, box: { width: number; height: number }): Promise<Canvas> {
	const image = await loadImage(bytes);
	const scale = fitScale(image.width, image.height, box);
	const { canvas, ctx } = whiteCanvas(image.width * scale, image.height * scale);
	ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
	return canvas;
}

let fontRegistered = false;

/** A font that is there on every machine: the Liberation Sans pdf.js ships for the standard fonts. */
function textFont(): string {
	if (!fontRegistered) {
		const fonts = path.join(
			path.dirname(require.resolve('pdfjs-dist/package.json')),
			'standard_fonts',
		);
		GlobalFonts.registerFromPath(path.join(fonts, 'LiberationSans-Regular.ttf'), FONT_FAMILY);
		fontRegistered = true;
	}
	return FONT_FAMILY;
}

/** Lines of the text, long ones wrapped at the page's width. */
function wrap(ctx: SKRSContext2D, text: string, width: number): string[] {
	const lines: string[] = [];
	for (const line of text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n')) {
		let rest = line;
		while (rest.length > 0 && ctx.measureText(rest).width > width) {
			let cut = rest.length - 1;
			while (cut > 1 && ctx.measureText(rest.slice(0, cut)).width > width) cut--;
			const space = rest.lastIndexOf(' ', cut);
			if (space > 0) cut = space;
			lines.push(rest.slice(0, cut));
			rest = rest.slice(cut).replace(/^ /, '');
		}
		lines.push(rest);
	}
	return lines;
}

/** Plain text and XML: written top to bottom on a white A4 page, what does not fit left out. */
function renderText(text: string, box: { width: number; height: number }): Canvas {
	const scale = fitScale(A4.width, A4.height, box);
	const { canvas, ctx } = whiteCanvas(A4.width * scale, A4.height * scale);
	const margin = 40 * scale;
	const fontSize = 10 * scale;
	const lineHeight = fontSize * 1.35;
	ctx.fillStyle = 'black';
	ctx.font = `${fontSize}px ${textFont()}`;
	ctx.textBaseline = 'top';
	let y = margin;
	for (const line of wrap(ctx, text, canvas.width - 2 * margin)) {
		if (y + lineHeight > canvas.height - margin) break;
		ctx.fillText(line, margin, y);
		y += lineHeight;
	}
	return canvas;
}

async function renderPage(
	document: StoredDocument,
	pageNumber: number,
	box: { width: number; height: number },
): Promise<Buffer> {
	let canvas: Canvas;
	switch (document.mediaType) {
		case 'application/pdf':
			canvas = await renderPdfPage(document.bytes, pageNumber, box);
			break;
		case 'image/png':
		case 'image/jpeg':
		case 'image/gif':
			canvas = await renderPhoto(document.bytes, box);
			break;
		default:
			// Plain text, XML e-invoices, a QR code's payment data (JSON), and images the canvas cannot read (TIFF).
			canvas = renderText(
				document.mediaType.startsWith('image/')
					? `${document.name}\n(${document.mediaType})`
					: document.bytes.toString('utf8'),
				box,
			);
	}
	return canvas.encode('jpeg', JPEG_QUALITY);
}

/** Rendered images per document (dropped with it), keyed `<page>/<size>`; shared by concurrent first requests. */
const rendered = new WeakMap<StoredDocument, Map<string, Promise<Buffer>>>();

function pageImage(document: StoredDocument, pageNumber: number, size: string): Promise<Buffer> {
	let images = rendered.get(document);
	if (!images) {
		images = new Map();
		rendered.set(document, images);
	}
	const box = PAGE_IMAGE_SIZES[size];
	// The legacy and the current name of a size are one image.
	const key = `${pageNumber}/${box.width}x${box.height}`;
	let image = images.get(key);
	if (!image) {
		image = renderPage(document, pageNumber, box);
		images.set(key, image);
		// A failed rendering is tried again on the next request.
		image.catch(() => images.delete(key));
	}
	return image;
}

/**
 * Whether an Accept header takes a JPEG: image/jpeg, image/* or the full wildcard, unless its q is 0. No Accept at
 * all is taken too: Gini's current Android SDK fetches the images without one (docs/gini-api.md §4.8).
 */
export function acceptsJpeg(accept: string | undefined): boolean {
	if (accept === undefined || accept.trim() === '') return true;
	return accept.split(',').some((range) => {
		const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
		const refused = parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
		return !refused && ['image/jpeg', 'image/*', '*/*'].includes(type);
	});
}

export const getPageImage: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	// "Image downloads require a corresponding Accept header such as image/jpeg or image/*" (docs/gini-api.md §4.8).
	if (ctx.state.fidelity === 'strict' && !acceptsJpeg(ctx.req.headers.accept)) {
		throw new HttpError(406, 'Page images need an Accept header such as image/jpeg or image/*');
	}
	if (document.kind === 'composite') {
		throw new HttpError(404, 'Composite documents have no page previews');
	}
	const { page, size } = ctx.params;
	if (!Object.hasOwn(PAGE_IMAGE_SIZES, size)) {
		throw new HttpError(
			404,
			`No preview size ${size}; sizes are ${Object.keys(PAGE_IMAGE_SIZES).join(', ')}`,
		);
	}
	const progress = progressOf(ctx.state.store, document);
	if (progress === 'ERROR') {
		throw new HttpError(404, 'No page preview: the document could not be processed');
	}
	const count = previewPageCount(document, pageCountOf(ctx.state.store, document));
	const pageNumber = /^[1-9]\d{0,3}$/.test(page) ? Number(page) : 0;
	if (pageNumber < 1 || pageNumber > count) {
		throw new HttpError(404, `No page ${page}: the document has ${count} page preview(s)`);
	}
	if (progress === 'PENDING') throw new HttpError(404, 'Page preview not rendered yet');
	const body = await pageImage(document, pageNumber, size);
	return { status: 200, body, contentType: 'image/jpeg' };
};
