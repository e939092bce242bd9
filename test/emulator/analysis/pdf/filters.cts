import { constants, inflateSync } from 'node:zlib';

import { isDict, nameOf, type PdfDict, type PdfValue } from './lexer.cts';

/** A stream uses a filter this reader does not implement (LZW, JBIG2, ...): its content is skipped, not fatal. */
export class UnsupportedFilterError extends Error {}

/** Applies a stream's /Filter chain (ISO 32000-1 §7.4). Corrupt data throws. */
export function decodeStream(
	dict: PdfDict,
	raw: Buffer,
	resolve: (value: PdfValue | undefined) => PdfValue | undefined,
): Buffer {
	const filterValue = resolve(dict.get('Filter'));
	const filters = Array.isArray(filterValue) ? filterValue : filterValue ? [filterValue] : [];
	const paramsValue = resolve(dict.get('DecodeParms'));
	const params = Array.isArray(paramsValue) ? paramsValue : [paramsValue];
	let data = raw;
	filters.forEach((filter, index) => {
		const name = nameOf(resolve(filter));
		const parms = resolve(params[index] ?? null);
		data = applyFilter(name, data, isDict(parms) ? parms : undefined);
	});
	return data;
}

function applyFilter(name: string | undefined, data: Buffer, parms: PdfDict | undefined): Buffer {
	switch (name) {
		case 'FlateDecode':
		case 'Fl':
			return unpredict(inflate(data), parms);
		case 'ASCIIHexDecode':
		case 'AHx':
			return asciiHex(data);
		case 'ASCII85Decode':
		case 'A85':
			return ascii85(data);
		default:
			throw new UnsupportedFilterError(`unsupported filter ${name ?? '?'}`);
	}
}

function inflate(data: Buffer): Buffer {
	try {
		return inflateSync(data);
	} catch {
		// Writers that cut the zlib trailer are common; a sync flush still yields everything that was there.
		// Data that is not zlib at all fails here too and is reported as corrupt.
		return inflateSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
	}
}

/** PNG predictors (§7.4.4.4), used by object streams of some writers. */
function unpredict(data: Buffer, parms: PdfDict | undefined): Buffer {
	const predictor = Number(parms?.get('Predictor') ?? 1);
	if (predictor < 10) return data;
	const columns = Number(parms?.get('Columns') ?? 1);
	const colors = Number(parms?.get('Colors') ?? 1);
	const bpc = Number(parms?.get('BitsPerComponent') ?? 8);
	const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
	const rowLength = Math.ceil((columns * colors * bpc) / 8);
	const rows: Buffer[] = [];
	let previous = Buffer.alloc(rowLength);
	for (let offset = 0; offset < data.length; offset += rowLength + 1) {
		const type = data[offset];
		const row = Buffer.from(data.subarray(offset + 1, offset + 1 + rowLength));
		for (let i = 0; i < row.length; i++) {
			const left = i >= bpp ? row[i - bpp] : 0;
			const up = previous[i];
			const upLeft = i >= bpp ? previous[i - bpp] : 0;
			if (type === 1) row[i] = (row[i] + left) & 0xff;
			else if (type === 2) row[i] = (row[i] + up) & 0xff;
			else if (type === 3) row[i] = (row[i] + ((left + up) >> 1)) & 0xff;
			else if (type === 4) row[i] = (row[i] + paeth(left, up, upLeft)) & 0xff;
		}
		rows.push(row);
		previous = row;
	}
	return Buffer.concat(rows);
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function asciiHex(data: Buffer): Buffer {
	const text = data.toString('latin1');
	const end = text.indexOf('>');
	let hex = (end < 0 ? text : text.slice(0, end)).replace(/[^0-9a-fA-F]/g, '');
	if (hex.length % 2) hex += '0';
	return Buffer.from(hex, 'hex');
}

function ascii85(data: Buffer): Buffer {
	const text = data.toString('latin1').replace(/\s/g, '').replace(/^<~/, '');
	const end = text.indexOf('~>');
	const body = end < 0 ? text : text.slice(0, end);
	const out: number[] = [];
	let group: number[] = [];
	const flush = (count: number) => {
		while (group.length < 5) group.push(84);
		let value = 0;
		for (const digit of group) value = value * 85 + digit;
		for (let i = 0; i < count; i++) out.push((value >>> (24 - 8 * i)) & 0xff);
		group = [];
	};
	for (const char of body) {
		if (char === 'z' && group.length === 0) {
			out.push(0, 0, 0, 0);
			continue;
		}
		const digit = char.charCodeAt(0) - 33;
		if (digit < 0 || digit > 84) throw new Error('bad ASCII85 data');
		group.push(digit);
		if (group.length === 5) flush(4);
	}
	if (group.length > 0) flush(group.length - 1);
	return Buffer.from(out);
}
