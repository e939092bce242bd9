/**
 * Mozilla's pdf.js for the emulator: the one place that loads it. pdf.js ships as an ES module only; Node 24 loads
 * it with `require` (require(esm)). The `require` used is Node's own (`nodeRequire` below), not the one of the
 * code around it: under jest, which gives every test file a fresh module registry, pdf.js (seconds to load) is then
 * loaded once per jest worker, by the first test that reads a PDF, and shared by all later test files, instead of
 * once per test file; tests that read no PDF never load it. Its errors come from outside a test's realm: match
 * them by `name`, not `instanceof`. tsx (the demo, the emulator's command line, the real-n8n test) loads it the same way. A
 * devDependency: the emulator is test tooling and nothing of it ships in the package.
 */
import * as nodeModule from 'node:module';
import * as path from 'node:path';

import type * as PdfjsModule from 'pdfjs-dist/types/src/pdf';

type Pdfjs = typeof PdfjsModule;
export type PdfDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

interface NodeModuleInternals {
	new (
		id: string,
		parent: unknown,
	): { filename: string; paths: string[]; require(id: string): unknown };
	_nodeModulePaths(dir: string): string[];
}

/**
 * Node's own `require`, not jest's: inside jest, `Module` is jest's subclass of Node's, but its prototype `require`
 * and the static `_nodeModulePaths` are Node's, which load ES modules (Node 24) into Node's one module cache. pdf.js
 * is then loaded once per jest worker process and shared by all its test files (jest's `require` and
 * `createRequire` would load it again, seconds each, for every test file). Outside jest it is the plain require.
 */
const nodeRequire: (id: string) => unknown = (() => {
	const Module = (nodeModule as unknown as { Module: NodeModuleInternals }).Module;
	const host = new Module(__filename, null);
	host.filename = __filename;
	host.paths = Module._nodeModulePaths(path.dirname(__filename));
	return (id: string) => host.require(id);
})();

let loading: Promise<Pdfjs> | undefined;

/**
 * pdf.js' legacy build (the one meant for Node), loaded once per process (Node's module cache). Its worker module
 * first: it registers itself as `globalThis.pdfjsWorker`, which pdf.js then runs in the same thread.
 */
export function loadPdfjs(): Promise<Pdfjs> {
	loading ??= Promise.resolve().then(() => {
		nodeRequire('pdfjs-dist/legacy/build/pdf.worker.mjs');
		return nodeRequire('pdfjs-dist/legacy/build/pdf.mjs') as Pdfjs;
	});
	return loading;
}

/** The standard 14 fonts' metrics, for text positions and rendering of PDFs that do not embed them. */
const STANDARD_FONTS = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/**
 * Opens a PDF from its bytes (copied: pdf.js transfers the buffer it is given). No font faces, no system fonts, no
 * network; rejects with pdf.js' InvalidPDFException / PasswordException for damaged or encrypted files. Close it
 * with `closePdf` when done (pdf.js keeps a worker-side copy of each open document). Options:
 * - `stopAtErrors`: a page whose content pdf.js cannot interpret rejects instead of giving what it could read;
 * - `standardFonts: false`: the standard 14 fonts' glyph data is not loaded. Text and its positions stay the same
 *   (pdf.js keeps their metrics built in), but preparing that data costs most of the time of reading a text PDF
 *   that does not embed its fonts; only rendering needs it.
 */
export async function openPdf(
	bytes: Uint8Array,
	options: { stopAtErrors?: boolean; standardFonts?: boolean } = {},
): Promise<PdfDocument> {
	const pdfjs = await loadPdfjs();
	return pdfjs.getDocument({
		data: new Uint8Array(bytes),
		disableFontFace: true,
		useSystemFonts: false,
		standardFontDataUrl: options.standardFonts === false ? undefined : STANDARD_FONTS,
		verbosity: 0,
		stopAtErrors: options.stopAtErrors ?? false,
	}).promise;
}

/** Frees what pdf.js holds for an open document. */
export async function closePdf(doc: PdfDocument): Promise<void> {
	await doc.loadingTask.destroy();
}
