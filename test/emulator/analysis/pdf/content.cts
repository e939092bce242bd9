import { fontDecoder, type FontDecoder } from './fonts.cts';
import { UnsupportedFilterError } from './filters.cts';
import { LineAssembler } from './lineAssembler.cts';
import {
	isDict,
	Lexer,
	nameOf,
	PdfOperator,
	PdfString,
	type PdfDict,
	type PdfValue,
} from './lexer.cts';
import type { PdfFile } from './objects.cts';

type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** Nested form XObjects deeper than this are ignored (a guard against reference loops). */
const MAX_FORM_DEPTH = 8;

/** What the page contained besides text, for the scanned/native/sandwich classification. */
export interface PageStats {
	images: number;
	visibleGlyphs: number;
	invisibleGlyphs: number;
}

interface GraphicsState {
	ctm: Matrix;
	font: FontDecoder | undefined;
	size: number;
	charSpacing: number;
	wordSpacing: number;
	hScale: number;
	leading: number;
	rise: number;
	render: number;
}

interface Context {
	pdf: PdfFile;
	out: LineAssembler;
	stats: PageStats;
	fonts: Map<PdfDict, FontDecoder>;
}

/** The text of one page's content streams (ISO 32000-1 §9.4 text objects, §8.10 form XObjects). */
export function pageText(
	pdf: PdfFile,
	streams: Buffer[],
	resources: PdfDict | undefined,
	stats: PageStats,
) {
	const context: Context = { pdf, out: new LineAssembler(), stats, fonts: new Map() };
	const content = Buffer.concat(streams.flatMap((stream) => [stream, Buffer.from('\n')]));
	interpret(context, content, resources, IDENTITY, 0);
	return context.out.finish();
}

function interpret(
	context: Context,
	content: Buffer,
	resources: PdfDict | undefined,
	ctm: Matrix,
	depth: number,
) {
	const { pdf } = context;
	const lexer = new Lexer(content);
	const stack: GraphicsState[] = [];
	let gs: GraphicsState = {
		ctm,
		font: undefined,
		size: 0,
		charSpacing: 0,
		wordSpacing: 0,
		hScale: 1,
		leading: 0,
		rise: 0,
		render: 0,
	};
	let tm: Matrix = IDENTITY;
	let tlm: Matrix = IDENTITY;
	let operands: PdfValue[] = [];
	const num = (index: number) => (typeof operands[index] === 'number' ? operands[index] : 0);
	const moveLine = (tx: number, ty: number) => {
		tlm = multiply([1, 0, 0, 1, tx, ty], tlm);
		tm = tlm;
	};
	const show = (value: PdfValue | undefined) => {
		if (!(value instanceof PdfString)) return;
		const decoded = (gs.font ?? fontDecoder(pdf, undefined)).decode(value.bytes);
		const advance =
			((decoded.width / 1000) * gs.size +
				decoded.glyphs * gs.charSpacing +
				decoded.spaces * gs.wordSpacing) *
			gs.hScale;
		const trm = multiply(tm, gs.ctm);
		const [x, y] = apply(trm, 0, gs.rise);
		const [endX] = apply(trm, advance, gs.rise);
		const size = gs.size * Math.hypot(trm[2], trm[3]);
		if (gs.render === 3) context.stats.invisibleGlyphs += decoded.glyphs;
		else context.stats.visibleGlyphs += decoded.glyphs;
		context.out.add(decoded.text, x, y, endX, size);
		tm = multiply([1, 0, 0, 1, advance, 0], tm);
	};
	for (let item = lexer.next(false); item !== undefined; item = lexer.next(false)) {
		if (!(item instanceof PdfOperator)) {
			operands.push(item);
			continue;
		}
		switch (item.op) {
			case 'q':
				stack.push({ ...gs });
				break;
			case 'Q':
				gs = stack.pop() ?? gs;
				break;
			case 'cm':
				gs.ctm = multiply(operands.slice(0, 6).map(Number) as Matrix, gs.ctm);
				break;
			case 'BT':
				tm = tlm = IDENTITY;
				break;
			case 'Tf':
				gs.font = fontFor(context, resources, nameOf(operands[0]));
				gs.size = num(1);
				break;
			case 'Tc':
				gs.charSpacing = num(0);
				break;
			case 'Tw':
				gs.wordSpacing = num(0);
				break;
			case 'Tz':
				gs.hScale = num(0) / 100;
				break;
			case 'TL':
				gs.leading = num(0);
				break;
			case 'Ts':
				gs.rise = num(0);
				break;
			case 'Tr':
				gs.render = num(0);
				break;
			case 'Td':
				moveLine(num(0), num(1));
				break;
			case 'TD':
				gs.leading = -num(1);
				moveLine(num(0), num(1));
				break;
			case 'Tm':
				tm = tlm = operands.slice(0, 6).map(Number) as Matrix;
				break;
			case 'T*':
				moveLine(0, -gs.leading);
				break;
			case 'Tj':
				show(operands[0]);
				break;
			case "'":
				moveLine(0, -gs.leading);
				show(operands[0]);
				break;
			case '"':
				gs.wordSpacing = num(0);
				gs.charSpacing = num(1);
				moveLine(0, -gs.leading);
				show(operands[2]);
				break;
			case 'TJ':
				for (const element of Array.isArray(operands[0]) ? operands[0] : []) {
					if (typeof element === 'number') {
						tm = multiply([1, 0, 0, 1, (-element / 1000) * gs.size * gs.hScale, 0], tm);
					} else show(element);
				}
				break;
			case 'Do':
				drawXObject(context, resources, nameOf(operands[0]), gs.ctm, depth);
				break;
			case 'BI':
				skipInlineImage(lexer, context.stats);
				break;
		}
		operands = [];
	}
}

function fontFor(context: Context, resources: PdfDict | undefined, name: string | undefined) {
	const fonts = context.pdf.resolveDict(resources?.get('Font'));
	const dict = name === undefined ? undefined : context.pdf.resolveDict(fonts?.get(name));
	if (!dict) return fontDecoder(context.pdf, undefined);
	let decoder = context.fonts.get(dict);
	if (!decoder) {
		decoder = fontDecoder(context.pdf, dict);
		context.fonts.set(dict, decoder);
	}
	return decoder;
}

function drawXObject(
	context: Context,
	resources: PdfDict | undefined,
	name: string | undefined,
	ctm: Matrix,
	depth: number,
) {
	const { pdf } = context;
	const ref = pdf.resolveDict(resources?.get('XObject'))?.get(name ?? '');
	const dict = pdf.resolveDict(ref);
	const subtype = nameOf(dict?.get('Subtype'));
	if (subtype === 'Image') context.stats.images++;
	if (subtype !== 'Form' || depth >= MAX_FORM_DEPTH) return;
	let data: Buffer | undefined;
	try {
		data = pdf.streamOf(ref)?.data;
	} catch (error) {
		if (error instanceof UnsupportedFilterError) return;
		throw error;
	}
	if (!data || !dict) return;
	const matrix = pdf.resolve(dict.get('Matrix'));
	const formMatrix =
		Array.isArray(matrix) && matrix.length === 6 ? (matrix.map(Number) as Matrix) : IDENTITY;
	const formResources = pdf.resolve(dict.get('Resources'));
	interpret(
		context,
		data,
		isDict(formResources) ? formResources : resources,
		multiply(formMatrix, ctm),
		depth + 1,
	);
}

/** Inline image data is binary: skip from `ID` to the `EI` that stands alone (§8.9.7). */
function skipInlineImage(lexer: Lexer, stats: PageStats) {
	for (let item = lexer.next(false); item !== undefined; item = lexer.next(false)) {
		if (item instanceof PdfOperator && item.op === 'ID') break;
	}
	const text = lexer.bytes.toString('latin1', lexer.pos);
	const end = /\sEI(?=\s|$)/.exec(text.slice(1));
	lexer.pos = end ? lexer.pos + 1 + end.index + end[0].length : lexer.bytes.length;
	stats.images++;
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

function apply(m: Matrix, x: number, y: number): [number, number] {
	return [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}
