import type { Analysis } from '../types.cts';
import { pageText, type PageStats } from './content.cts';
import { UnsupportedFilterError } from './filters.cts';
import { isDict, nameOf, type PdfDict, type PdfValue } from './lexer.cts';
import { PdfFile } from './objects.cts';

/** Gini processes only the first 10 pages of a document (docs/gini-api.md §4.1 Limits). */
const MAX_PROCESSED_PAGES = 10;

interface Page {
	dict: PdfDict;
	resources: PdfDict | undefined;
}

/**
 * Reads a PDF the way the emulator needs it: is it processable, how many pages, what text. Unreadable means
 * what makes Gini end a document in ERROR: a truncated file (no `%%EOF` at the end), a password-protected one
 * (§4.1: "PDFs must not be password protected"), no pages, or content that does not decode.
 */
export function analyzePdf(bytes: Buffer): Analysis {
	const unreadable = (pageCount: number): Analysis => ({
		readable: false,
		pageCount,
		text: '',
		sourceClassification: 'NATIVE',
	});
	// Sniffing (sniff.cts) passes only files that start with `%PDF-`. The end-of-file marker must be within the
	// last 1024 bytes, as readers expect; a cut-off download lacks it.
	if (!bytes.toString('latin1', Math.max(0, bytes.length - 1024)).includes('%%EOF'))
		return unreadable(0);
	const pdf = new PdfFile(bytes);
	const pages = collectPages(pdf);
	if (pdf.encrypted || pdf.damaged || pages.length === 0) return unreadable(pages.length);

	const stats: PageStats = { images: 0, visibleGlyphs: 0, invisibleGlyphs: 0 };
	const texts: string[] = [];
	try {
		for (const page of pages.slice(0, MAX_PROCESSED_PAGES)) {
			texts.push(pageText(pdf, contentStreams(pdf, page.dict), page.resources, stats));
		}
	} catch {
		return unreadable(pages.length);
	}
	const text = texts.join('\f');
	const hasText = text.trim() !== '';
	return {
		readable: true,
		pageCount: pages.length,
		text: hasText ? text : '',
		sourceClassification: !hasText
			? stats.images > 0
				? 'SCANNED'
				: 'NATIVE'
			: stats.images > 0 && stats.invisibleGlyphs > 0
				? 'SANDWICH'
				: 'NATIVE',
	};
}

/** Pages in page-tree order with their inherited /Resources; every /Type /Page object if the tree is broken. */
function collectPages(pdf: PdfFile): Page[] {
	const pages: Page[] = [];
	const visited = new Set<PdfDict>();
	const walk = (node: PdfDict | undefined, inherited: PdfDict | undefined) => {
		if (!node || visited.has(node)) return;
		visited.add(node);
		const resources = pdf.resolveDict(node.get('Resources')) ?? inherited;
		const kids = pdf.resolve(node.get('Kids'));
		if (nameOf(node.get('Type')) === 'Page' || !Array.isArray(kids)) {
			if (nameOf(node.get('Type')) === 'Page') pages.push({ dict: node, resources });
			return;
		}
		for (const kid of kids) walk(pdf.resolveDict(kid), resources);
	};
	const root = pdf.resolveDict(pdf.trailer.get('Root'));
	walk(pdf.resolveDict(root?.get('Pages')), undefined);
	if (pages.length > 0) return pages;
	return pdf
		.values()
		.filter((value): value is PdfDict => isDict(value) && nameOf(value.get('Type')) === 'Page')
		.map((dict) => ({ dict, resources: pdf.resolveDict(dict.get('Resources')) }));
}

/** Decoded /Contents streams of a page; a stream with an unsupported filter contributes nothing. */
function contentStreams(pdf: PdfFile, page: PdfDict): Buffer[] {
	const contents: PdfValue | undefined = page.get('Contents');
	const resolved = pdf.resolve(contents);
	const refs = Array.isArray(resolved) ? resolved : [contents];
	const streams: Buffer[] = [];
	for (const ref of refs) {
		try {
			const stream = pdf.streamOf(ref);
			if (stream) streams.push(stream.data);
		} catch (error) {
			if (!(error instanceof UnsupportedFilterError)) throw error;
		}
	}
	return streams;
}
