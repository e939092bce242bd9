import { crc32, encodeGrayJpeg } from '../../fixtures/binary.cts';
import { loadFixture } from '../../fixtures/invoices.cts';
import { analyzeContent } from './index.cts';

const png = loadFixture('invoice-thumbnail.png');
const jpeg = loadFixture('receipt-photo.jpg');

function gif(images: number): Buffer {
	const header = Buffer.from('GIF89a', 'latin1');
	const screen = Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
	const image = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0]);
	const control = Buffer.from([0x21, 0xf9, 4, 0, 10, 0, 0, 0]);
	const frames = Array.from({ length: images }, () => Buffer.concat([control, image]));
	return Buffer.concat([header, screen, ...frames, Buffer.from([0x3b])]);
}

function tiff(ifdOffset: number): Buffer {
	const bytes = Buffer.alloc(26);
	bytes.write('II', 0, 'latin1');
	bytes.writeUInt16LE(42, 2);
	bytes.writeUInt32LE(ifdOffset, 4);
	bytes.writeUInt16LE(1, 8);
	bytes.writeUInt16LE(256, 10); // ImageWidth
	bytes.writeUInt16LE(3, 12);
	bytes.writeUInt32LE(1, 14);
	bytes.writeUInt32LE(1, 18);
	return bytes;
}

/** The PNG with its IHDR height changed and the chunk's CRC fixed, so only the pixel data no longer fits. */
function pngWithHeight(height: number): Buffer {
	const copy = Buffer.from(png);
	copy.writeUInt32BE(height, 8 + 8 + 4);
	copy.writeUInt32BE(crc32(copy.subarray(12, 29)), 29);
	return copy;
}

// The PNG and JPEG samples' classification is pinned in samples.test.cts.
describe('images are SCANNED, one page, no text (there is no OCR)', () => {
	test.each([
		['image/gif', gif(1)],
		['image/tiff', tiff(8)],
	] as const)('%s', async (type, bytes) => {
		expect(await analyzeContent(bytes, type)).toEqual({
			readable: true,
			pageCount: 1,
			text: '',
			sourceClassification: 'SCANNED',
		});
	});
});

describe('broken images are unreadable (the document ends in ERROR)', () => {
	const unreadable = async (
		type: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/tiff',
		bytes: Buffer,
	) => expect((await analyzeContent(bytes, type)).readable).toBe(false);

	test('PNG: a flipped bit in the image data fails its CRC', async () => {
		const damaged = Buffer.from(png);
		damaged[50] ^= 0x01;
		await unreadable('image/png', damaged);
	});

	test('PNG: a file cut off before IEND', async () => {
		await unreadable('image/png', png.subarray(0, png.length - 12));
		await unreadable('image/png', png.subarray(0, 40));
	});

	test('PNG: pixel data that does not match the header size', async () => {
		expect((await analyzeContent(pngWithHeight(175), 'image/png')).readable).toBe(true);
		await unreadable('image/png', pngWithHeight(176));
	});

	test('JPEG: no end-of-image marker (truncated download)', async () => {
		await unreadable('image/jpeg', jpeg.subarray(0, jpeg.length - 2));
		await unreadable('image/jpeg', jpeg.subarray(0, 100));
	});

	test('JPEG: a scan without a frame header', async () => {
		const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
		const length = jpeg.readUInt16BE(sof + 2);
		await unreadable(
			'image/jpeg',
			Buffer.concat([jpeg.subarray(0, sof), jpeg.subarray(sof + 2 + length)]),
		);
	});

	test('GIF: an animation (two frames); Gini takes non-animated GIFs only', async () => {
		await unreadable('image/gif', gif(2));
	});

	test('GIF: no trailer', async () => {
		const single = gif(1);
		await unreadable('image/gif', single.subarray(0, single.length - 1));
	});

	test('TIFF: an image directory outside the file', async () => {
		await unreadable('image/tiff', tiff(4000));
	});
});

describe('JPEG scan data', () => {
	test('a scan with stuffed 0xFF 0x00 bytes, as every real photo has, is readable', async () => {
		// Alternating extreme grey levels give large DC differences, whose codes contain 0xFF bytes.
		const levels = Array.from({ length: 64 }, (_, i) => (i % 2 ? 0 : 255));
		const image = encodeGrayJpeg(8, 8, levels);
		const scan = image.subarray(image.indexOf(Buffer.from([0xff, 0xda])) + 14, image.length - 2);
		expect(scan.includes(Buffer.from([0xff, 0x00]))).toBe(true);
		expect((await analyzeContent(image, 'image/jpeg')).readable).toBe(true);
	});
});

describe('plain text', () => {
	test('is TEXT, one page, decoded as UTF-8 without the byte order mark', async () => {
		const bytes = Buffer.from('\ufeffRechnung für Jürgen\r\nGesamt 5,00 €', 'utf8');
		expect(await analyzeContent(bytes, 'text/plain')).toEqual({
			readable: true,
			pageCount: 1,
			text: 'Rechnung für Jürgen\r\nGesamt 5,00 €',
			sourceClassification: 'TEXT',
		});
	});
});
