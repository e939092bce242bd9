/**
 * A tokenizer and object parser for PDF syntax (ISO 32000-1 §7.2, §7.3), shared by the file-level object reader
 * and the content-stream interpreter. Strings stay bytes: what they mean depends on the font that shows them.
 */

export class PdfName {
	constructor(readonly name: string) {}
}

export class PdfString {
	constructor(readonly bytes: Buffer) {}
}

export class PdfRef {
	constructor(
		readonly num: number,
		readonly gen: number,
	) {}
}

export class PdfOperator {
	constructor(readonly op: string) {}
}

export type PdfDict = Map<string, PdfValue>;
export type PdfValue =
	| number
	| boolean
	| null
	| PdfName
	| PdfString
	| PdfRef
	| PdfDict
	| PdfValue[];

type Token =
	| { kind: 'value'; value: number | boolean | null | PdfName | PdfString }
	| { kind: 'keyword'; text: string }
	| { kind: 'open'; text: '[' | '<<' }
	| { kind: 'close'; text: ']' | '>>' };

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const ESCAPES: Record<number, number> = {
	0x6e: 0x0a,
	0x72: 0x0d,
	0x74: 0x09,
	0x62: 0x08,
	0x66: 0x0c,
};

export class Lexer {
	constructor(
		readonly bytes: Buffer,
		public pos = 0,
	) {}

	skipWhitespace(): void {
		const { bytes } = this;
		while (this.pos < bytes.length) {
			const byte = bytes[this.pos];
			if (WHITESPACE.has(byte)) this.pos++;
			else if (byte === 0x25) {
				while (this.pos < bytes.length && bytes[this.pos] !== 0x0a && bytes[this.pos] !== 0x0d) {
					this.pos++;
				}
			} else break;
		}
	}

	private nextToken(): Token | undefined {
		this.skipWhitespace();
		const { bytes } = this;
		if (this.pos >= bytes.length) return undefined;
		const byte = bytes[this.pos];
		if (byte === 0x28) return { kind: 'value', value: new PdfString(this.readLiteral()) };
		if (byte === 0x2f) return { kind: 'value', value: this.readName() };
		if (byte === 0x3c && bytes[this.pos + 1] === 0x3c) {
			this.pos += 2;
			return { kind: 'open', text: '<<' };
		}
		if (byte === 0x3e && bytes[this.pos + 1] === 0x3e) {
			this.pos += 2;
			return { kind: 'close', text: '>>' };
		}
		if (byte === 0x3c) return { kind: 'value', value: new PdfString(this.readHex()) };
		if (byte === 0x5b || byte === 0x5d) {
			this.pos++;
			return byte === 0x5b ? { kind: 'open', text: '[' } : { kind: 'close', text: ']' };
		}
		if (DELIMITERS.has(byte)) {
			// A stray '{', '}', ')' or '>': skip it so one bad byte cannot stall the reader.
			this.pos++;
			return { kind: 'keyword', text: String.fromCharCode(byte) };
		}
		const start = this.pos;
		while (
			this.pos < bytes.length &&
			!WHITESPACE.has(bytes[this.pos]) &&
			!DELIMITERS.has(bytes[this.pos])
		) {
			this.pos++;
		}
		const word = bytes.toString('latin1', start, this.pos);
		if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { kind: 'value', value: Number(word) };
		if (word === 'true' || word === 'false') return { kind: 'value', value: word === 'true' };
		if (word === 'null') return { kind: 'value', value: null };
		return { kind: 'keyword', text: word };
	}

	private readLiteral(): Buffer {
		const { bytes } = this;
		const out: number[] = [];
		let depth = 1;
		this.pos++;
		while (this.pos < bytes.length) {
			const byte = bytes[this.pos++];
			if (byte === 0x5c) {
				const next = bytes[this.pos++];
				if (next === undefined) break;
				if (ESCAPES[next] !== undefined) out.push(ESCAPES[next]);
				else if (next >= 0x30 && next <= 0x37) {
					let value = next - 0x30;
					for (let i = 0; i < 2 && bytes[this.pos] >= 0x30 && bytes[this.pos] <= 0x37; i++) {
						value = value * 8 + (bytes[this.pos++] - 0x30);
					}
					out.push(value & 0xff);
				} else if (next === 0x0d) {
					// A backslash before an end of line continues the string on the next line (§7.3.4.2).
					if (bytes[this.pos] === 0x0a) this.pos++;
				} else if (next !== 0x0a) out.push(next);
			} else if (byte === 0x28) {
				depth++;
				out.push(byte);
			} else if (byte === 0x29) {
				if (--depth === 0) break;
				out.push(byte);
			} else if (byte === 0x0d) {
				// An unescaped end of line of any kind reads as a single line feed (§7.3.4.2).
				if (bytes[this.pos] === 0x0a) this.pos++;
				out.push(0x0a);
			} else out.push(byte);
		}
		return Buffer.from(out);
	}

	private readHex(): Buffer {
		const end = this.bytes.indexOf(0x3e, this.pos);
		const stop = end < 0 ? this.bytes.length : end;
		let hex = this.bytes.toString('latin1', this.pos + 1, stop).replace(/[^0-9a-fA-F]/g, '');
		this.pos = stop + 1;
		if (hex.length % 2) hex += '0';
		return Buffer.from(hex, 'hex');
	}

	private readName(): PdfName {
		const { bytes } = this;
		const start = ++this.pos;
		while (
			this.pos < bytes.length &&
			!WHITESPACE.has(bytes[this.pos]) &&
			!DELIMITERS.has(bytes[this.pos])
		) {
			this.pos++;
		}
		const raw = bytes.toString('latin1', start, this.pos);
		return new PdfName(
			raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
		);
	}

	/**
	 * The next object, or an operator/keyword (`obj`, `stream`, `Tj`, ...) as a PdfOperator; undefined at the end.
	 * `n g R` becomes a PdfRef when `refs` is set (file objects; content streams have no references).
	 */
	next(refs: boolean): PdfValue | PdfOperator | undefined {
		const token = this.nextToken();
		if (!token) return undefined;
		return this.fromToken(token, refs);
	}

	private fromToken(token: Token, refs: boolean): PdfValue | PdfOperator {
		if (token.kind === 'keyword') return new PdfOperator(token.text);
		if (token.kind === 'close') return new PdfOperator(token.text);
		if (token.kind === 'open')
			return token.text === '[' ? this.readArray(refs) : this.readDict(refs);
		const { value } = token;
		if (refs && typeof value === 'number' && Number.isInteger(value) && value >= 0) {
			const saved = this.pos;
			const gen = this.nextToken();
			if (gen?.kind === 'value' && typeof gen.value === 'number' && Number.isInteger(gen.value)) {
				const r = this.nextToken();
				if (r?.kind === 'keyword' && r.text === 'R') return new PdfRef(value, gen.value);
			}
			this.pos = saved;
		}
		return value;
	}

	private readArray(refs: boolean): PdfValue[] {
		const items: PdfValue[] = [];
		for (let token = this.nextToken(); token; token = this.nextToken()) {
			if (token.kind === 'close') break;
			const item = this.fromToken(token, refs);
			if (!(item instanceof PdfOperator)) items.push(item);
		}
		return items;
	}

	private readDict(refs: boolean): PdfDict {
		const dict: PdfDict = new Map();
		let key: string | undefined;
		for (let token = this.nextToken(); token; token = this.nextToken()) {
			if (token.kind === 'close') break;
			const item = this.fromToken(token, refs);
			if (item instanceof PdfOperator) continue;
			if (key === undefined) {
				if (item instanceof PdfName) key = item.name;
			} else {
				dict.set(key, item);
				key = undefined;
			}
		}
		return dict;
	}
}

export function isDict(value: unknown): value is PdfDict {
	return value instanceof Map;
}

export function nameOf(value: PdfValue | undefined): string | undefined {
	return value instanceof PdfName ? value.name : undefined;
}
