/**
 * The QR encoder and its images (nodes/GiniPay/shared/payments/qrCode.ts, qrImage.ts) against the standard's own
 * numbers and Node's zlib; that zbarimg reads what they draw is epcQr.property.test.cts.
 */
import * as zlib from 'node:zlib';

import {
	byteCapacity,
	encodeQr,
	formatBits,
	penalty,
	QrCapacityError,
	reedSolomon,
	versionBits,
} from '../../nodes/GiniPay/shared/payments/qrCode';
import {
	adler32,
	crc32,
	qrPng,
	qrSvg,
	zlibStored,
} from '../../nodes/GiniPay/shared/payments/qrImage';

describe('the QR encoder', () => {
	it('computes the error correction of ISO/IEC 18004’s example (annex I: 01234567 as 1-M)', () => {
		const data = Buffer.from('10200c566180ec11ec11ec11ec11ec11', 'hex');
		expect(Buffer.from(reedSolomon(data, 10)).toString('hex')).toBe('a524d4c1ed36c7872c55');
	});

	it('writes the format information of level M from the standard’s table (annex C)', () => {
		expect(
			[0, 1, 2, 3, 4, 5, 6, 7].map((mask) => formatBits(mask).toString(2).padStart(15, '0')),
		).toEqual([
			'101010000010010',
			'101000100100101',
			'101111001111100',
			'101101101001011',
			'100010111111001',
			'100000011001110',
			'100111110010111',
			'100101010100000',
		]);
	});

	it('writes the version information from the standard’s table (annex D)', () => {
		expect([7, 8, 10, 13].map((version) => versionBits(version).toString(16))).toEqual([
			'7c94',
			'85bc',
			'a4d3',
			'd847',
		]);
	});

	it('holds at level M the bytes of the standard’s table 7, up to 331 in version 13', () => {
		expect([1, 2, 5, 9, 10, 13].map(byteCapacity)).toEqual([14, 26, 84, 180, 213, 331]);
		expect(encodeQr(new Uint8Array(331)).version).toBe(13);
		expect(encodeQr(new Uint8Array(14)).version).toBe(1);
		expect(encodeQr(new Uint8Array(15)).version).toBe(2);
		expect(() => encodeQr(new Uint8Array(332))).toThrow(QrCapacityError);
	});

	it('draws the finder patterns and the timing pattern, and keeps the mask of the lowest penalty', () => {
		const symbol = encodeQr(Buffer.from('BCD\n002\n1\nSCT\n\nMuster GmbH\nDE89370400440532013000'));
		const at = (x: number, y: number) => symbol.modules[y * symbol.size + x];
		expect(symbol.size).toBe(symbol.version * 4 + 17);
		for (const [x0, y0] of [
			[0, 0],
			[symbol.size - 7, 0],
			[0, symbol.size - 7],
		]) {
			const rows = [0, 1, 2, 3, 4, 5, 6].map((y) =>
				[0, 1, 2, 3, 4, 5, 6].map((x) => at(x0 + x, y0 + y)).join(''),
			);
			expect(rows).toEqual([
				'1111111',
				'1000001',
				'1011101',
				'1011101',
				'1011101',
				'1000001',
				'1111111',
			]);
		}
		for (let i = 8; i < symbol.size - 8; i++)
			expect([at(i, 6), at(6, i)]).toEqual([(i + 1) % 2, (i + 1) % 2]);
		expect(at(8, symbol.size - 8)).toBe(1);
		expect(penalty(symbol.size, symbol.modules)).toBeGreaterThan(0);
	});
});

describe('the QR images', () => {
	const symbol = encodeQr(
		Buffer.from('BCD\n002\n1\nSCT\n\nMüller GmbH\nDE89370400440532013000\nEUR1.00'),
	);

	it('writes a PNG whose chunks’ CRCs and zlib stream Node’s zlib accepts, pixel for pixel the modules', () => {
		const scale = 3;
		const png = qrPng(symbol, { scale });
		const side = (symbol.size + 8) * scale;
		const chunks: Array<{ type: string; data: Buffer }> = [];
		for (let at = 8; at < png.length; ) {
			const length = png.readUInt32BE(at);
			const type = png.toString('latin1', at + 4, at + 8);
			const data = png.subarray(at + 8, at + 8 + length);
			expect(png.readUInt32BE(at + 8 + length)).toBe(
				zlib.crc32(png.subarray(at + 4, at + 8 + length)),
			);
			chunks.push({ type, data });
			at += 12 + length;
		}
		expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
		expect([...chunks[0].data]).toEqual([
			0,
			0,
			side >> 8,
			side & 255,
			0,
			0,
			side >> 8,
			side & 255,
			1,
			0,
			0,
			0,
			0,
		]);
		const raw = zlib.inflateSync(chunks[1].data);
		const rowBytes = Math.ceil(side / 8);
		expect(raw.length).toBe(side * (rowBytes + 1));
		for (let py = 0; py < side; py++) {
			expect(raw[py * (rowBytes + 1)]).toBe(0);
			for (let px = 0; px < side; px++) {
				const white = (raw[py * (rowBytes + 1) + 1 + (px >> 3)] >> (7 - (px & 7))) & 1;
				const x = Math.floor(px / scale) - 4;
				const y = Math.floor(py / scale) - 4;
				const inside = x >= 0 && y >= 0 && x < symbol.size && y < symbol.size;
				expect(white).toBe(inside && symbol.modules[y * symbol.size + x] ? 0 : 1);
			}
		}
	});

	it('writes stored deflate blocks of at most 65,535 bytes with the checksums of Node’s zlib', () => {
		for (const length of [0, 1, 65535, 65536, 200000]) {
			const data = Uint8Array.from({ length }, (_, i) => (i * 7919) & 255);
			expect(zlib.inflateSync(zlibStored(data)).equals(Buffer.from(data))).toBe(true);
			expect(crc32(data)).toBe(zlib.crc32(data));
			expect(adler32(data)).toBe(zlibStored(data).readUInt32BE(zlibStored(data).length - 4));
		}
		expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398);
	});

	it('draws the SVG as one path covering exactly the dark modules, with a quiet zone of four', () => {
		const svg = qrSvg(symbol);
		const d = /<path fill="black" d="([^"]+)"\/>/.exec(svg)?.[1] ?? '';
		const drawn = new Uint8Array(symbol.size * symbol.size);
		for (const [, x, y, run] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
			for (let i = 0; i < Number(run); i++)
				drawn[(Number(y) - 4) * symbol.size + Number(x) - 4 + i] += 1;
		}
		expect(d.replace(/M(\d+) (\d+)h(\d+)v1h-\3z/g, '')).toBe('');
		expect(drawn).toEqual(symbol.modules);
		expect(svg).toContain(`width="${(symbol.size + 8) * 6}"`);
		expect(() => qrSvg(symbol, { scale: 0 })).toThrow(RangeError);
	});
});
