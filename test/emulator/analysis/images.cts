import { crc32, inflateSync } from 'node:zlib';

/**
 * Structure checks for the image formats Gini accepts (docs/gini-api.md §4.1). The emulator has no OCR, so an image
 * is only ever "readable with no text" or "broken"; broken images end in progress ERROR, as Gini rejects "files
 * with wrong format or bad quality".
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Valid bit depths per PNG colour type (PNG spec §11.2.2). */
const PNG_DEPTHS: Record<number, { depths: number[]; channels: number }> = {
	0: { depths: [1, 2, 4, 8, 16], channels: 1 },
	2: { depths: [8, 16], channels: 3 },
	3: { depths: [1, 2, 4, 8], channels: 1 },
	4: { depths: [8, 16], channels: 2 },
	6: { depths: [8, 16], channels: 4 },
};

/** Chunks with correct CRCs, IHDR first, IDAT data that inflates to the size the header promises, IEND last. */
export function isReadablePng(bytes: Buffer): boolean {
	if (bytes.length < PNG_SIGNATURE.length || !bytes.subarray(0, 8).equals(PNG_SIGNATURE))
		return false;
	let offset = 8;
	let header:
		| { width: number; height: number; depth: number; colorType: number; interlace: number }
		| undefined;
	const idat: Buffer[] = [];
	while (offset + 12 <= bytes.length) {
		const length = bytes.readUInt32BE(offset);
		const type = bytes.toString('latin1', offset + 4, offset + 8);
		if (offset + 12 + length > bytes.length) return false;
		const data = bytes.subarray(offset + 8, offset + 8 + length);
		if (
			crc32(bytes.subarray(offset + 4, offset + 8 + length)) !==
			bytes.readUInt32BE(offset + 8 + length)
		) {
			return false;
		}
		if (!header && type !== 'IHDR') return false;
		if (type === 'IHDR') {
			if (header || length !== 13) return false;
			header = {
				width: data.readUInt32BE(0),
				height: data.readUInt32BE(4),
				depth: data[8],
				colorType: data[9],
				interlace: data[12],
			};
		} else if (type === 'IDAT') idat.push(data);
		else if (type === 'IEND') return header !== undefined && idatFits(header, Buffer.concat(idat));
		offset += 12 + length;
	}
	return false;
}

function idatFits(
	header: { width: number; height: number; depth: number; colorType: number; interlace: number },
	compressed: Buffer,
): boolean {
	const format = PNG_DEPTHS[header.colorType];
	if (!format || !format.depths.includes(header.depth) || header.width === 0 || header.height === 0)
		return false;
	let raw: Buffer;
	try {
		raw = inflateSync(compressed);
	} catch {
		return false;
	}
	if (header.interlace !== 0) return raw.length > 0;
	const rowBytes = Math.ceil((header.width * format.channels * header.depth) / 8);
	return raw.length === header.height * (rowBytes + 1);
}

/** Marker segments from SOI up to a scan after a frame header, entropy-coded data, then EOI at the end. */
export function isReadableJpeg(bytes: Buffer): boolean {
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
	let offset = 2;
	let frame = false;
	while (offset + 4 <= bytes.length) {
		if (bytes[offset] !== 0xff) return false;
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset++;
			continue;
		}
		const length = bytes.readUInt16BE(offset + 2);
		if (length < 2 || offset + 2 + length > bytes.length) return false;
		// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC) are frame headers.
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) frame = true;
		if (marker === 0xda) return frame && scanEndsWithEoi(bytes, offset + 2 + length);
		offset += 2 + length;
	}
	return false;
}

function scanEndsWithEoi(bytes: Buffer, from: number): boolean {
	for (let offset = from; offset + 1 < bytes.length; offset++) {
		if (bytes[offset] !== 0xff) continue;
		const next = bytes[offset + 1];
		// Stuffed zero bytes and restart markers belong to the scan; any other marker ends it.
		if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
		if (next === 0xd9) return true;
		if (next === 0xda || next === 0xc4 || next === 0xdb || next === 0xdd) {
			// A progressive JPEG has further tables and scans: accept when its last two bytes are EOI.
			return bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
		}
		return false;
	}
	return false;
}

/** Header, blocks that chain to the trailer byte, and exactly one image: Gini takes non-animated GIFs only. */
export function isReadableGif(bytes: Buffer): boolean {
	if (bytes.length < 13 || !/^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return false;
	let offset = 13 + colorTableSize(bytes[10]);
	let images = 0;
	while (offset < bytes.length) {
		const block = bytes[offset];
		if (block === 0x3b) return images === 1;
		if (block === 0x21) offset = skipSubBlocks(bytes, offset + 2);
		else if (block === 0x2c) {
			if (offset + 10 > bytes.length) return false;
			images++;
			offset = skipSubBlocks(bytes, offset + 10 + colorTableSize(bytes[offset + 9]) + 1);
		} else return false;
		if (offset < 0) return false;
	}
	return false;
}

function colorTableSize(flags: number): number {
	return flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0;
}

function skipSubBlocks(bytes: Buffer, from: number): number {
	let offset = from;
	while (offset < bytes.length) {
		const size = bytes[offset];
		offset += 1 + size;
		if (size === 0) return offset;
	}
	return -1;
}

/** The byte-order header and a first image directory that lies inside the file with all its entries. */
export function isReadableTiff(bytes: Buffer): boolean {
	if (bytes.length < 8) return false;
	const little = bytes[0] === 0x49;
	const read16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
	const read32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
	if (read16(2) !== 42) return false;
	const ifd = read32(4);
	if (ifd < 8 || ifd + 2 > bytes.length) return false;
	const entries = read16(ifd);
	return entries > 0 && ifd + 2 + entries * 12 + 4 <= bytes.length;
}
