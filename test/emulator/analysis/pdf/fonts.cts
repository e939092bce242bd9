import { encodingByName, glyphToUnicode, PDF_DOC, WIN_ANSI } from './encodings.cts';
import {
	isDict,
	Lexer,
	nameOf,
	PdfName,
	PdfOperator,
	PdfString,
	type PdfDict,
	type PdfValue,
} from './lexer.cts';
import type { PdfFile } from './objects.cts';

interface DecodedText {
	text: string;
	/** Sum of glyph widths in text space units (1/1000 of the font size). */
	width: number;
	glyphs: number;
	/** Single-byte code 32 count: word spacing (Tw) applies to these only (ISO 32000-1 §9.3.3). */
	spaces: number;
}

export interface FontDecoder {
	decode(bytes: Buffer): DecodedText;
}

/** Width guess for fonts without metrics (the standard 14 fonts): Helvetica's glyphs average about half an em. */
const DEFAULT_WIDTH = 500;

/**
 * Turns a font dictionary into a decoder: ToUnicode CMap first (§9.10.2), then /Encoding with /Differences for
 * simple fonts. A Type0 font without ToUnicode cannot be read: its codes are glyph ids and show as nothing.
 */
export function fontDecoder(pdf: PdfFile, fontDict: PdfDict | undefined): FontDecoder {
	if (!fontDict) return simpleDecoder(WIN_ANSI, new Map(), () => DEFAULT_WIDTH);
	const toUnicode = readToUnicode(pdf, fontDict.get('ToUnicode'));
	if (nameOf(fontDict.get('Subtype')) === 'Type0') {
		const descendants = pdf.resolve(fontDict.get('DescendantFonts'));
		const cidFont = pdf.resolveDict(Array.isArray(descendants) ? descendants[0] : undefined);
		return compositeDecoder(toUnicode, cidWidths(pdf, cidFont));
	}
	const encodingValue = pdf.resolve(fontDict.get('Encoding'));
	let table =
		encodingByName(nameOf(encodingValue)) ?? (fontDict.has('Encoding') ? WIN_ANSI : PDF_DOC);
	if (isDict(encodingValue)) {
		table = [...(encodingByName(nameOf(encodingValue.get('BaseEncoding'))) ?? WIN_ANSI)];
		const differences = pdf.resolve(encodingValue.get('Differences'));
		let code = 0;
		for (const item of Array.isArray(differences) ? differences : []) {
			if (typeof item === 'number') code = item;
			else if (item instanceof PdfName && code < 256) {
				table[code++] = glyphToUnicode(item.name) ?? '';
			}
		}
	}
	return simpleDecoder(table, toUnicode?.map ?? new Map(), simpleWidths(pdf, fontDict));
}

function simpleDecoder(
	table: string[],
	toUnicode: Map<number, string>,
	widthOf: (code: number) => number,
): FontDecoder {
	return {
		decode(bytes) {
			let text = '';
			let width = 0;
			let spaces = 0;
			for (const code of bytes) {
				text += toUnicode.get(code) ?? table[code] ?? '';
				width += widthOf(code);
				if (code === 32) spaces++;
			}
			return { text, width, glyphs: bytes.length, spaces };
		},
	};
}

function compositeDecoder(
	toUnicode: CMap | undefined,
	widthOf: (cid: number) => number,
): FontDecoder {
	const codeLength = toUnicode?.codeLength ?? 2;
	return {
		decode(bytes) {
			let text = '';
			let width = 0;
			let glyphs = 0;
			for (let i = 0; i + codeLength <= bytes.length; i += codeLength) {
				const code = codeLength === 1 ? bytes[i] : bytes.readUInt16BE(i);
				text += toUnicode?.map.get(code) ?? '';
				width += widthOf(code);
				glyphs++;
			}
			return { text, width, glyphs, spaces: 0 };
		},
	};
}

function simpleWidths(pdf: PdfFile, fontDict: PdfDict): (code: number) => number {
	const widths = pdf.resolve(fontDict.get('Widths'));
	const firstChar = Number(pdf.resolve(fontDict.get('FirstChar')) ?? 0);
	const descriptor = pdf.resolveDict(fontDict.get('FontDescriptor'));
	const missing = Number(pdf.resolve(descriptor?.get('MissingWidth')) ?? DEFAULT_WIDTH);
	if (!Array.isArray(widths)) return () => DEFAULT_WIDTH;
	return (code) => {
		const width = pdf.resolve(widths[code - firstChar]);
		return typeof width === 'number' ? width : missing;
	};
}

/** /W of a CIDFont: `c [w1 w2 ...]` or `cFirst cLast w` runs (§9.7.4.3); /DW otherwise. */
function cidWidths(pdf: PdfFile, cidFont: PdfDict | undefined): (cid: number) => number {
	const fallback = Number(pdf.resolve(cidFont?.get('DW')) ?? 1000);
	const table = new Map<number, number>();
	const w = pdf.resolve(cidFont?.get('W'));
	const items = Array.isArray(w) ? w.map((item) => pdf.resolve(item)) : [];
	for (let i = 0; i < items.length; ) {
		const first = items[i];
		const next = items[i + 1];
		if (typeof first !== 'number') break;
		if (Array.isArray(next)) {
			next.forEach((width, k) => table.set(first + k, Number(pdf.resolve(width))));
			i += 2;
		} else if (typeof next === 'number' && typeof items[i + 2] === 'number') {
			for (let cid = first; cid <= next; cid++) table.set(cid, items[i + 2] as number);
			i += 3;
		} else break;
	}
	return (cid) => table.get(cid) ?? fallback;
}

/** Two-byte codes give at most 65536 mappings; more can only come from a hostile or broken CMap. */
const MAX_CMAP_ENTRIES = 0x10000;

interface CMap {
	map: Map<number, string>;
	codeLength: number;
}

function readToUnicode(pdf: PdfFile, ref: PdfValue | undefined): CMap | undefined {
	let data: Buffer | undefined;
	try {
		data = pdf.streamOf(ref)?.data;
	} catch {
		return undefined;
	}
	return data ? parseCMap(data) : undefined;
}

/** The bfchar/bfrange sections of a ToUnicode CMap (§9.10.3); destinations are UTF-16BE. */
function parseCMap(data: Buffer): CMap {
	const map = new Map<number, string>();
	let codeLength = 0;
	const lexer = new Lexer(data);
	const operands: PdfValue[] = [];
	let section = '';
	for (let item = lexer.next(false); item !== undefined; item = lexer.next(false)) {
		if (item instanceof PdfOperator) {
			if (/^begin(bfchar|bfrange|codespacerange)$/.test(item.op)) section = item.op.slice(5);
			if (item.op === `end${section}`) section = '';
			operands.length = 0;
			continue;
		}
		operands.push(item);
		if (section === 'codespacerange' && operands.length === 2) {
			codeLength = Math.max(codeLength, (operands[0] as PdfString).bytes?.length ?? 0);
			operands.length = 0;
		} else if (section === 'bfchar' && operands.length === 2) {
			const [src, dst] = operands;
			if (src instanceof PdfString && dst instanceof PdfString) {
				map.set(codeOf(src.bytes), utf16(dst.bytes));
				codeLength ||= src.bytes.length;
			}
			operands.length = 0;
		} else if (section === 'bfrange' && operands.length === 3) {
			addRange(map, operands);
			operands.length = 0;
		}
	}
	return { map, codeLength: codeLength || 2 };
}

function addRange(map: Map<number, string>, [low, high, dst]: PdfValue[]): void {
	if (!(low instanceof PdfString) || !(high instanceof PdfString)) return;
	const first = codeOf(low.bytes);
	const last = Math.min(codeOf(high.bytes), first + 0xffff);
	for (let code = first; code <= last && map.size < MAX_CMAP_ENTRIES; code++) {
		if (Array.isArray(dst)) {
			const item = dst[code - first];
			if (item instanceof PdfString) map.set(code, utf16(item.bytes));
		} else if (dst instanceof PdfString && dst.bytes.length >= 2) {
			const base = Buffer.from(dst.bytes);
			base.writeUInt16BE(
				(base.readUInt16BE(base.length - 2) + code - first) & 0xffff,
				base.length - 2,
			);
			map.set(code, utf16(base));
		}
	}
}

function codeOf(bytes: Buffer): number {
	let code = 0;
	for (const byte of bytes) code = code * 256 + byte;
	return code;
}

function utf16(bytes: Buffer): string {
	let text = '';
	for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode(bytes.readUInt16BE(i));
	return text;
}
