/**
 * Images of a QR symbol (from qrCode.ts): SVG as one path, and PNG written here (a 1-bit greyscale image in
 * uncompressed "stored" deflate blocks, with its CRC-32 and Adler-32 computed here, as the package may not import
 * Node's zlib). Both with the quiet zone of four light modules the standard asks for. Pure: no n8n imports, no I/O.
 */
import type { QrSymbol } from './qrCode';

export const QUIET_ZONE = 4;

export interface QrImageOptions {
	/** Pixels per module (default 6). */
	scale?: number;
}

function scaleOf(options: QrImageOptions): number {
	const scale = options.scale ?? 6;
	if (!Number.isInteger(scale) || scale < 1 || scale > 40) {
		throw new RangeError('The scale of a QR image must be a whole number of pixels from 1 to 40');
	}
	return scale;
}

/**
 * An SVG image: a white square and one path drawing the dark modules, a row's neighbouring dark modules as one
 * rectangle. `width` and `height` are `scale` pixels per module; the image scales without loss.
 */
export function qrSvg(symbol: QrSymbol, options: QrImageOptions = {}): string {
	const scale = scaleOf(options);
	const side = symbol.size + 2 * QUIET_ZONE;
	let path = '';
	for (let y = 0; y < symbol.size; y++) {
		for (let x = 0; x < symbol.size; x++) {
			if (!symbol.modules[y * symbol.size + x]) continue;
			let run = 1;
			while (x + run < symbol.size && symbol.modules[y * symbol.size + x + run]) run++;
			path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`;
			x += run - 1;
		}
	}
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${side * scale}" height="${side * scale}" ` +
		`viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
		`<rect width="${side}" height="${side}" fill="white"/><path fill="black" d="${path}"/></svg>`
	);
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG uses it). */
export function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

/** Adler-32 (RFC 1950), the checksum at the end of a zlib stream. */
export function adler32(bytes: Uint8Array): number {
	let a = 1;
	let b = 0;
	for (const byte of bytes) {
		a = (a + byte) % 65521;
		b = (b + a) % 65521;
	}
	return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, 3.2.4): the bytes as they are, in 65,535-byte blocks. */
export function zlibStored(data: Uint8Array): Buffer {
	const blocks = Math.max(1, Math.ceil(data.length / 0xffff));
	const out = Buffer.alloc(2 + blocks * 5 + data.length + 4);
	out[0] = 0x78; // deflate, 32 KiB window
	out[1] = 0x01; // no preset dictionary, fastest; (0x78 << 8 | 0x01) is a multiple of 31
	let at = 2;
	for (let i = 0; i < blocks; i++) {
		const chunk = data.subarray(i * 0xffff, (i + 1) * 0xffff);
		out[at] = i === blocks - 1 ? 1 : 0; // BFINAL, BTYPE 00 (stored)
		out.writeUInt16LE(chunk.length, at + 1);
		out.writeUInt16LE(~chunk.length & 0xffff, at + 3);
		out.set(chunk, at + 5);
		at += 5 + chunk.length;
	}
	out.writeUInt32BE(adler32(data), at);
	return out;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const out = Buffer.alloc(8 + data.length + 4);
	out.writeUInt32BE(data.length, 0);
	out.set(typed, 4);
	out.writeUInt32BE(crc32(typed), 8 + data.length);
	return out;
}

/** A PNG image: 1-bit greyscale (1 = white), `scale` pixels per module, filter type 0 on every row. */
export function qrPng(symbol: QrSymbol, options: QrImageOptions = {}): Buffer {
	const scale = scaleOf(options);
	const pixels = (symbol.size + 2 * QUIET_ZONE) * scale;
	const rowBytes = Math.ceil(pixels / 8);
	const raw = new Uint8Array((rowBytes + 1) * pixels);
	for (let py = 0; py < pixels; py++) {
		const row = py * (rowBytes + 1); // raw[row] = 0: no filter
		const y = Math.floor(py / scale) - QUIET_ZONE;
		for (let px = 0; px < pixels; px++) {
			const x = Math.floor(px / scale) - QUIET_ZONE;
			const inside = x >= 0 && y >= 0 && x < symbol.size && y < symbol.size;
			const dark = inside && symbol.modules[y * symbol.size + x] === 1;
			if (!dark) raw[row + 1 + (px >>> 3)] |= 0x80 >>> (px & 7);
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(pixels, 0);
	header.writeUInt32BE(pixels, 4);
	header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter method 0, no interlace
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', zlibStored(raw)),
		chunk('IEND', new Uint8Array(0)),
	]);
}
