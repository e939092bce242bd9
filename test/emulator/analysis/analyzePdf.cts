import { createHash } from 'node:crypto';

import { closePdf, loadPdfjs, openPdf, type PdfDocument, type PdfPage } from './pdfjs.cts';
import type { Analysis } from './types.cts';

/** Gini processes only the first 10 pages of a document (docs/gini-api.md §4.1 Limits). */
const MAX_PROCESSED_PAGES = 10;

/** Text rendering modes that paint nothing (ISO 32000-1 §9.3.6): 3 invisible, 7 invisible and clip. */
const INVISIBLE_MODES = new Set([3, 7]);

/** What a page paints besides visible text, for the NATIVE/SCANNED/SANDWICH classification. */
interface PageStats {
	images: number;
	invisibleTexts: number;
}

/** A pdf.js text item placed on the page: baseline start (x, y) and end, y growing downwards. */
interface Run {
	text: string;
	x: number;
	y: number;
	endX: number;
	size: number;
}

type Matrix = number[];

/** Analyses of the last files read, by their SHA-256: the same file uploaded again is read once. */
const recent = new Map<string, Promise<Analysis>>();
const REMEMBERED = 64;

/**
 * Reads a PDF the way the emulator needs it, with Mozilla's pdf.js: is it processable, how many pages, what text.
 * Unreadable means what makes Gini end a document in ERROR: a truncated file (no `%%EOF` at the end), a password-
 * protected or otherwise encrypted one (§4.1: "PDFs must not be password protected"), no pages, or content that
 * pdf.js cannot interpret. Never rejects. The result is shared by uploads of the same bytes: do not change it.
 */
export function analyzePdf(bytes: Buffer): Promise<Analysis> {
	const key = createHash('sha256').update(bytes).digest('hex');
	let analysis = recent.get(key);
	if (!analysis) {
		analysis = readPdf(bytes);
		recent.set(key, analysis);
		if (recent.size > REMEMBERED) recent.delete(recent.keys().next().value!);
	}
	return analysis;
}

async function readPdf(bytes: Buffer): Promise<Analysis> {
	const unreadable = (pageCount: number): Analysis => ({
		readable: false,
		pageCount,
		text: '',
		sourceClassification: 'NATIVE',
	});
	// Sniffing (sniff.cts) passes only files that start with `%PDF-`. The end-of-file marker must be within the
	// last 1024 bytes, as readers expect; a cut-off download lacks it (pdf.js would rebuild what is left).
	if (!bytes.toString('latin1', Math.max(0, bytes.length - 1024)).includes('%%EOF'))
		return unreadable(0);
	let doc: PdfDocument;
	try {
		doc = await openPdf(bytes, { stopAtErrors: true, standardFonts: false });
	} catch {
		// pdf.js' InvalidPDFException (no usable structure) or PasswordException (a user password is set).
		return unreadable(0);
	}
	try {
		const pageCount = doc.numPages;
		const { info } = await doc.getMetadata();
		// Encrypted with an empty user password opens without one, but is still a protected PDF.
		if (pageCount === 0 || (info as { EncryptFilterName?: string }).EncryptFilterName)
			return unreadable(pageCount);
		const stats: PageStats = { images: 0, invisibleTexts: 0 };
		const texts: string[] = [];
		for (let number = 1; number <= Math.min(pageCount, MAX_PROCESSED_PAGES); number++) {
			const page = await doc.getPage(number);
			texts.push(await pageText(page));
			await countPaintings(page, stats);
		}
		const text = texts.join('\f');
		const hasText = text.trim() !== '';
		return {
			readable: true,
			pageCount,
			text: hasText ? text : '',
			sourceClassification: !hasText
				? stats.images > 0
					? 'SCANNED'
					: 'NATIVE'
				: stats.images > 0 && stats.invisibleTexts > 0
					? 'SANDWICH'
					: 'NATIVE',
		};
	} catch {
		return unreadable(doc.numPages);
	} finally {
		await closePdf(doc);
	}
}

/** Images painted and text shown invisibly (an OCR layer over a scan), from the page's operator list. */
async function countPaintings(page: PdfPage, stats: PageStats): Promise<void> {
	const { OPS } = await loadPdfjs();
	const images = new Set<number>([
		OPS.paintImageXObject,
		OPS.paintImageXObjectRepeat,
		OPS.paintInlineImageXObject,
		OPS.paintInlineImageXObjectGroup,
		OPS.paintImageMaskXObject,
		OPS.paintImageMaskXObjectGroup,
		OPS.paintImageMaskXObjectRepeat,
		OPS.paintSolidColorImageMask,
	]);
	const shows = new Set<number>([
		OPS.showText,
		OPS.showSpacedText,
		OPS.nextLineShowText,
		OPS.nextLineSetSpacingShowText,
	]);
	const { fnArray, argsArray } = await page.getOperatorList({ intent: 'display' });
	const modes: number[] = [];
	let mode = 0;
	fnArray.forEach((fn, index) => {
		// A form XObject saves and restores the graphics state around its content (ISO 32000-1 §8.10.1).
		if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) modes.push(mode);
		else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) mode = modes.pop() ?? mode;
		else if (fn === OPS.setTextRenderingMode) mode = Number((argsArray[index] as number[])[0]);
		else if (images.has(fn)) stats.images++;
		else if (shows.has(fn) && INVISIBLE_MODES.has(mode)) stats.invisibleTexts++;
	});
}

/**
 * A page's text as lines in reading order: pdf.js' text items (in the page's display orientation, y downwards)
 * grouped into lines by baseline, each line's runs sorted left to right. Runs on one line are joined by nothing
 * when they touch, a space for a word-sized gap, and a tab for a column-sized gap (tables, label/value columns).
 */
async function pageText(page: PdfPage): Promise<string> {
	const viewport = page.getViewport({ scale: 1 });
	const { items } = await page.getTextContent();
	const runs: Run[] = [];
	for (const item of items) {
		// Marked-content markers carry no text; whitespace-only items stand for gaps, measured here instead.
		if (!('str' in item) || item.str.trim() === '') continue;
		const m = multiply(item.transform as Matrix, viewport.transform);
		const size = Math.hypot(m[2], m[3]);
		runs.push({ text: item.str, x: m[4], y: m[5], endX: m[4] + item.width, size });
	}
	return assembleLines(runs);
}

/** Runs within half a font size of a line's baseline belong to it; lines top to bottom, runs left to right. */
function assembleLines(runs: Run[]): string {
	const lines: Array<{ y: number; size: number; runs: Run[] }> = [];
	for (const run of runs) {
		const line = lines.find(
			(candidate) => Math.abs(candidate.y - run.y) <= Math.max(candidate.size, run.size, 1) / 2,
		);
		if (line) {
			line.runs.push(run);
			line.size = Math.max(line.size, run.size);
		} else lines.push({ y: run.y, size: run.size, runs: [run] });
	}
	lines.sort((a, b) => a.y - b.y);
	const texts = lines.map((line) => {
		const sorted = line.runs.sort((a, b) => a.x - b.x);
		let text = sorted[0].text;
		for (let index = 1; index < sorted.length; index++) {
			const previous = sorted[index - 1];
			const run = sorted[index];
			const scale = Math.max(run.size, previous.size, 1);
			const gap = run.x - previous.endX;
			const joined = /\s$/.test(text) || /^\s/.test(run.text);
			if (gap > scale * 1.5) text = text.trimEnd() + '\t' + run.text.trimStart();
			else if (gap > scale * 0.2 && !joined) text += ' ' + run.text;
			else text += run.text;
		}
		return text.replace(/[ \u00a0]+$/, '');
	});
	return texts.join('\n');
}

function multiply(m: Matrix, n: Matrix): Matrix {
	return [
		m[0] * n[0] + m[1] * n[2],
		m[0] * n[1] + m[1] * n[3],
		m[2] * n[0] + m[3] * n[2],
		m[2] * n[1] + m[3] * n[3],
		m[4] * n[0] + m[5] * n[2] + n[4],
		m[4] * n[1] + m[5] * n[3] + n[5],
	];
}
