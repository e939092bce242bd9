/**
 * Mozilla's pdf.js for the emulator: the one place that loads it. pdf.js ships as an ES module only; jest loads it
 * because `npm test` runs jest with Node's VM modules (`--experimental-vm-modules`, see package.json), tsx (the
 * demo, the emulator's command line, the real-n8n test) loads it as it is. A devDependency: the emulator is test
 * tooling and nothing of it ships in the package.
 */
import * as path from 'node:path';

import type * as PdfjsModule from 'pdfjs-dist/types/src/pdf';

type Pdfjs = typeof PdfjsModule;
export type PdfDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

let loading: Promise<Pdfjs> | undefined;

/** pdf.js' legacy build (the one meant for Node), loaded once per process. */
export function loadPdfjs(): Promise<Pdfjs> {
	loading ??= import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<Pdfjs>;
	return loading;
}

/** The standard 14 fonts' metrics, for text positions and rendering of PDFs that do not embed them. */
const STANDARD_FONTS = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/**
 * Opens a PDF from its bytes (copied: pdf.js transfers the buffer it is given). No font faces, no system fonts, no
 * network; rejects with pdf.js' InvalidPDFException / PasswordException for damaged or encrypted files. Close it
 * with `closePdf` when done (pdf.js keeps a worker-side copy of each open document).
 */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
	const pdfjs = await loadPdfjs();
	return pdfjs.getDocument({
		data: new Uint8Array(bytes),
		disableFontFace: true,
		useSystemFonts: false,
		standardFontDataUrl: STANDARD_FONTS,
		verbosity: 0,
	}).promise;
}

/** Frees what pdf.js holds for an open document. */
export async function closePdf(doc: PdfDocument): Promise<void> {
	await doc.loadingTask.destroy();
}
