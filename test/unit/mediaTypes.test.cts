import {
	MAX_DOCUMENT_BYTES,
	MAX_TEXT_BYTES,
	checkUpload,
	sniffDocumentType,
} from '../../nodes/GiniPay/shared/mediaTypes';

const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const GIF = Buffer.from('GIF89a\x01\x00', 'latin1');
const TIFF_LE = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
const TIFF_BE = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]);
const TEXT = Buffer.from('Rechnung Nr. 4711\nGesamtbetrag: 1.234,56 €\n', 'utf8');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);

describe('sniffDocumentType', () => {
	it.each([
		['application/pdf', PDF],
		['image/png', PNG],
		['image/jpeg', JPEG],
		['image/gif', GIF],
		['image/tiff', TIFF_LE],
		['image/tiff', TIFF_BE],
		['text/plain', TEXT],
	])('recognises %s from its bytes', (type, bytes) => {
		expect(sniffDocumentType(bytes)).toBe(type);
	});

	it('refuses binary data that is none of Gini’s formats', () => {
		expect(sniffDocumentType(ZIP)).toBeUndefined();
		expect(sniffDocumentType(Buffer.from([0xc3, 0x28]))).toBeUndefined(); // invalid UTF-8
	});
});

describe('checkUpload', () => {
	it('accepts a PDF declared as PDF, or declared generically', () => {
		expect(checkUpload(PDF, 'application/pdf')).toEqual({ ok: true, mediaType: 'application/pdf' });
		expect(checkUpload(PDF, 'application/octet-stream')).toEqual({ ok: true, mediaType: 'application/pdf' });
		expect(checkUpload(PDF, undefined)).toEqual({ ok: true, mediaType: 'application/pdf' });
	});

	it('normalises image/jpg and parameters', () => {
		expect(checkUpload(JPEG, 'image/jpg')).toEqual({ ok: true, mediaType: 'image/jpeg' });
		expect(checkUpload(TEXT, 'text/plain; charset=utf-8')).toEqual({ ok: true, mediaType: 'text/plain' });
	});

	it('refuses an empty file', () => {
		expect(checkUpload(Buffer.alloc(0), 'application/pdf')).toMatchObject({ ok: false, reason: expect.stringContaining('empty') });
	});

	it('refuses files of 10 MiB or more, and accepts one byte less', () => {
		const big = Buffer.alloc(MAX_DOCUMENT_BYTES);
		PDF.copy(big);
		expect(checkUpload(big, 'application/pdf')).toMatchObject({ ok: false, reason: expect.stringContaining('10 MiB') });
		expect(checkUpload(big.subarray(0, MAX_DOCUMENT_BYTES - 1), 'application/pdf')).toMatchObject({ ok: true });
	});

	it('refuses plain text of 512 KiB or more', () => {
		const text = Buffer.alloc(MAX_TEXT_BYTES, 'a');
		expect(checkUpload(text, 'text/plain')).toMatchObject({ ok: false, reason: expect.stringContaining('512 KiB') });
	});

	it('refuses unsupported types', () => {
		expect(checkUpload(ZIP, 'application/zip')).toMatchObject({ ok: false, reason: expect.stringContaining('not supported') });
	});

	it('refuses a binary whose declared type lies about its content', () => {
		expect(checkUpload(PNG, 'application/pdf')).toMatchObject({
			ok: false,
			reason: 'The file is declared as application/pdf but its content is image/png',
		});
	});
});
