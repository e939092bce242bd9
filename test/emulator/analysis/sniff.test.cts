import { sniffMediaType } from './index.cts';

const bytes = (...values: number[]) => Buffer.from(values);

describe('sniffMediaType: magic numbers', () => {
	test.each([
		['application/pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
		['image/png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
		['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10)],
		['image/gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
		['image/gif', Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1')],
		['image/tiff', bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0)],
		['image/tiff', bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8)],
	])('%s is recognised from its first bytes', (type, head) => {
		expect(sniffMediaType(head)).toBe(type);
	});

	test('a signature that is only almost right is not that type', () => {
		expect(sniffMediaType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00))).toBeUndefined();
		expect(sniffMediaType(Buffer.from('GIF88a', 'latin1'))).toBe('text/plain');
		expect(sniffMediaType(bytes(0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0))).toBeUndefined();
	});
});

describe('sniffMediaType: plain text', () => {
	test('UTF-8 text with umlauts, tabs and CRLF is text/plain', () => {
		expect(sniffMediaType(Buffer.from('Rechnung\tNr. 1\r\nBetrag: 12,00 €\r\nGrüße', 'utf8'))).toBe(
			'text/plain',
		);
	});

	test('a UTF-8 byte order mark is fine', () => {
		expect(sniffMediaType(Buffer.from('\ufeffIBAN DE89 3704 0044 0532 0130 00', 'utf8'))).toBe(
			'text/plain',
		);
	});

	test('a text that quotes "%PDF-" after its start stays text', () => {
		expect(sniffMediaType(Buffer.from('Anhang: %PDF-1.4 fehlt'))).toBe('text/plain');
	});

	test('Latin-1 bytes that are not valid UTF-8 are not text', () => {
		expect(sniffMediaType(Buffer.from('Gr\xfc\xdfe', 'latin1'))).toBeUndefined();
	});

	test('binary control characters (NUL, ESC) make it binary', () => {
		expect(sniffMediaType(Buffer.from('Rechnung\u0000\u0001'))).toBeUndefined();
		expect(sniffMediaType(Buffer.from('Rechnung \u001b[1m'))).toBeUndefined();
	});

	test('UTF-16 text (NUL bytes between letters) is not accepted as text', () => {
		expect(sniffMediaType(Buffer.from('\ufeffRechnung', 'utf16le'))).toBeUndefined();
	});

	test('an empty body is nothing', () => {
		expect(sniffMediaType(Buffer.alloc(0))).toBeUndefined();
		expect(sniffMediaType(bytes(0xef, 0xbb, 0xbf))).toBeUndefined();
	});
});

describe('sniffMediaType: unsupported types', () => {
	test.each([
		['PostScript', '%!PS-Adobe-3.0\n'],
		['XML', '<?xml version="1.0"?><Invoice/>'],
		['HTML', '<!DOCTYPE html><html></html>'],
		['HTML without doctype', '  <html><body>Rechnung</body></html>'],
	])('%s is text but not plain text', (_, text) => {
		expect(sniffMediaType(Buffer.from(text))).toBeUndefined();
	});

	test.each([
		['BMP', bytes(0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0)],
		['WebP', Buffer.concat([Buffer.from('RIFF'), bytes(0x24, 0, 0, 0), Buffer.from('WEBPVP8 ')])],
		['HEIC', Buffer.concat([bytes(0, 0, 0, 0x18), Buffer.from('ftypheic')])],
		['gzip', bytes(0x1f, 0x8b, 0x08, 0x00)],
	])('%s is unsupported (415)', (_, head) => {
		expect(sniffMediaType(head)).toBeUndefined();
	});
});
