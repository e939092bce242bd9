import { decodeStream } from './filters.cts';
import {
	isDict,
	Lexer,
	nameOf,
	PdfOperator,
	PdfRef,
	type PdfDict,
	type PdfValue,
} from './lexer.cts';

interface StoredObject {
	value: PdfValue;
	/** Where the raw stream data starts, and where `endstream` was found (the fallback end). */
	stream?: { start: number; end: number };
	/** Objects unpacked from an object stream carry no stream of their own (§7.5.7). */
}

/**
 * The objects of a PDF file, found by scanning for `n g obj` rather than by trusting the cross-reference table:
 * the table of a damaged or hand-edited file is often wrong, and a later definition of the same number wins, as
 * an incremental update intends (ISO 32000-1 §7.5.6).
 */
export class PdfFile {
	private readonly objects = new Map<number, StoredObject>();
	readonly trailer: PdfDict = new Map();
	/** Set when an object stream could not be decoded; the caller treats the file as unreadable. */
	damaged = false;

	constructor(readonly bytes: Buffer) {
		this.scanObjects();
		this.scanTrailers();
		this.expandObjectStreams();
	}

	get encrypted(): boolean {
		return this.trailer.has('Encrypt');
	}

	resolve(value: PdfValue | undefined, depth = 0): PdfValue | undefined {
		if (!(value instanceof PdfRef)) return value;
		if (depth > 16) return undefined;
		return this.resolve(this.objects.get(value.num)?.value, depth + 1);
	}

	resolveDict(value: PdfValue | undefined): PdfDict | undefined {
		const resolved = this.resolve(value);
		return isDict(resolved) ? resolved : undefined;
	}

	/** Every object's value, for scans such as "count the /Type /Page dictionaries". */
	values(): PdfValue[] {
		return [...this.objects.values()].map((stored) => stored.value);
	}

	/** The decoded data of the stream an indirect reference points to; undefined when it is not a stream. */
	streamOf(ref: PdfValue | undefined): { dict: PdfDict; data: Buffer } | undefined {
		if (!(ref instanceof PdfRef)) return undefined;
		const stored = this.objects.get(ref.num);
		if (!stored?.stream || !isDict(stored.value)) return undefined;
		const dict = stored.value;
		return { dict, data: decodeStream(dict, this.rawStream(stored), (v) => this.resolve(v)) };
	}

	private rawStream(stored: StoredObject): Buffer {
		const { start, end } = stored.stream!;
		const length = this.resolve((stored.value as PdfDict).get('Length'));
		if (typeof length === 'number' && length >= 0 && start + length <= this.bytes.length) {
			const after = this.bytes.toString('latin1', start + length, start + length + 32);
			if (/^\s*endstream/.test(after)) return this.bytes.subarray(start, start + length);
		}
		// /Length is wrong or missing: take everything up to `endstream`, minus the end-of-line before it.
		let stop = end;
		if (this.bytes[stop - 1] === 0x0a) stop--;
		if (this.bytes[stop - 1] === 0x0d) stop--;
		return this.bytes.subarray(start, Math.max(start, stop));
	}

	private scanObjects(): void {
		const text = this.bytes.toString('latin1');
		const header = /(?<!\d)(\d+)\s+(\d+)\s+obj\b/g;
		for (let match = header.exec(text); match; match = header.exec(text)) {
			const lexer = new Lexer(this.bytes, header.lastIndex);
			const parsed = lexer.next(true);
			const value = parsed instanceof PdfOperator || parsed === undefined ? null : parsed;
			const stored: StoredObject = { value };
			lexer.skipWhitespace();
			if (text.startsWith('stream', lexer.pos)) {
				let start = lexer.pos + 'stream'.length;
				if (text[start] === '\r') start++;
				if (text[start] === '\n') start++;
				const found = text.indexOf('endstream', start);
				const end = found < 0 ? text.length : found;
				stored.stream = { start, end };
				lexer.pos = end;
			}
			this.objects.set(Number(match[1]), stored);
			header.lastIndex = Math.max(lexer.pos, header.lastIndex);
		}
	}

	private scanTrailers(): void {
		const text = this.bytes.toString('latin1');
		const found: Array<{ index: number; dict: PdfDict }> = [];
		const keyword = /trailer\s*<</g;
		for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
			const dict = new Lexer(this.bytes, match.index + 'trailer'.length).next(true);
			if (isDict(dict)) found.push({ index: match.index, dict });
		}
		// Cross-reference streams (PDF 1.5) carry the trailer entries in their own dictionary (§7.5.8.2).
		for (const stored of this.objects.values()) {
			if (isDict(stored.value) && nameOf(stored.value.get('Type')) === 'XRef' && stored.stream) {
				found.push({ index: stored.stream.start, dict: stored.value });
			}
		}
		found.sort((a, b) => a.index - b.index);
		for (const { dict } of found) {
			for (const key of ['Root', 'Info', 'Encrypt']) {
				if (dict.has(key)) this.trailer.set(key, dict.get(key)!);
			}
		}
	}

	private expandObjectStreams(): void {
		for (const [num, stored] of [...this.objects]) {
			if (!isDict(stored.value) || nameOf(stored.value.get('Type')) !== 'ObjStm') continue;
			let data: Buffer;
			try {
				data = this.streamOf(new PdfRef(num, 0))!.data;
			} catch {
				this.damaged = true;
				continue;
			}
			const count = Number(this.resolve(stored.value.get('N')) ?? 0);
			const first = Number(this.resolve(stored.value.get('First')) ?? 0);
			const header = new Lexer(data.subarray(0, first));
			for (let i = 0; i < count; i++) {
				const objectNumber = header.next(false);
				const offset = header.next(false);
				if (typeof objectNumber !== 'number' || typeof offset !== 'number') break;
				if (this.objects.has(objectNumber)) continue;
				const value = new Lexer(data, first + offset).next(true);
				if (value !== undefined && !(value instanceof PdfOperator)) {
					this.objects.set(objectNumber, { value });
				}
			}
		}
	}
}
