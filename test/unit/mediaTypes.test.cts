import {
	MAX_DOCUMENT_BYTES,
	MAX_TEXT_BYTES,
	checkUpload,
	fileKindName,
	eInvoiceKind,
	sniffDocumentType,
	xmlRoot,
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
		expect(checkUpload(PDF, 'application/octet-stream')).toEqual({
			ok: true,
			mediaType: 'application/pdf',
		});
		expect(checkUpload(PDF, undefined)).toEqual({ ok: true, mediaType: 'application/pdf' });
	});

	it('normalises image/jpg and parameters', () => {
		expect(checkUpload(JPEG, 'image/jpg')).toEqual({ ok: true, mediaType: 'image/jpeg' });
		expect(checkUpload(TEXT, 'text/plain; charset=utf-8')).toEqual({
			ok: true,
			mediaType: 'text/plain',
		});
	});

	it('refuses an empty file', () => {
		expect(checkUpload(Buffer.alloc(0), 'application/pdf')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('empty'),
		});
	});

	it('refuses files of 10 MiB or more, and accepts one byte less', () => {
		const big = Buffer.alloc(MAX_DOCUMENT_BYTES);
		PDF.copy(big);
		expect(checkUpload(big, 'application/pdf')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('10 MiB'),
		});
		expect(checkUpload(big.subarray(0, MAX_DOCUMENT_BYTES - 1), 'application/pdf')).toMatchObject({
			ok: true,
		});
	});

	it('refuses plain text of 512 KiB or more', () => {
		const text = Buffer.alloc(MAX_TEXT_BYTES, 'a');
		expect(checkUpload(text, 'text/plain')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('512 KiB'),
		});
	});

	it('refuses unsupported types', () => {
		expect(checkUpload(ZIP, 'application/zip')).toMatchObject({
			ok: false,
			reason: 'The file is a ZIP archive, which Gini cannot read',
		});
	});

	it('refuses a binary whose declared type lies about its content', () => {
		expect(checkUpload(PNG, 'application/pdf')).toMatchObject({
			ok: false,
			reason: 'The file is declared as a PDF but it is a PNG image',
		});
	});
});

describe('XML e-invoices', () => {
	const UBL = Buffer.from(
		'<?xml version="1.0" encoding="UTF-8"?>\n<!-- XRechnung -->\n<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="x">\n<cbc:ID>1</cbc:ID></ubl:Invoice>\n',
	);
	const UBL_CREDIT = Buffer.from(
		'\ufeff<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"><ID>2</ID></CreditNote>',
	);
	const CII = Buffer.from(
		"<?xml version='1.0'?><rsm:CrossIndustryInvoice xmlns:rsm='urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100'/>",
	);
	const OTHER_XML = Buffer.from('<?xml version="1.0"?><note><to>Tove</to></note>');
	const WRONG_NAMESPACE = Buffer.from('<Invoice xmlns="urn:example:invoice"><ID>3</ID></Invoice>');

	it.each([
		['UBL Invoice', 'application/xml', UBL],
		['UBL CreditNote', 'text/xml', UBL_CREDIT],
		['CII CrossIndustryInvoice', 'application/octet-stream', CII],
		['UBL Invoice', undefined, UBL],
		['UBL Invoice', 'text/plain', UBL],
		['UBL Invoice', 'application/xhtml+xml', UBL],
	])('sends a %s declared as %s as application/xml', (_, declared, bytes) => {
		expect(checkUpload(bytes, declared)).toEqual({ ok: true, mediaType: 'application/xml' });
	});

	it('does not apply the 512 KiB text limit to XML e-invoices, only the 10 MiB one', () => {
		const padding = Buffer.alloc(MAX_TEXT_BYTES, ' ');
		const big = Buffer.concat([UBL.subarray(0, UBL.length - 1), padding, Buffer.from('\n')]);
		expect(checkUpload(big, 'application/xml')).toEqual({ ok: true, mediaType: 'application/xml' });
		expect(checkUpload(big, 'application/xml', MAX_DOCUMENT_BYTES)).toMatchObject({
			ok: false,
			reason: expect.stringContaining('10 MiB'),
		});
	});

	it('refuses other XML with its root element named, whether declared as XML or announced by <?xml', () => {
		for (const declared of [
			'application/xml',
			'text/xml',
			'application/octet-stream',
			'text/plain',
		]) {
			expect(checkUpload(OTHER_XML, declared)).toMatchObject({
				ok: false,
				reason: 'The XML file is not an e-invoice (its root element is <note>)',
				hint: expect.stringContaining('XRechnung'),
			});
		}
		expect(checkUpload(WRONG_NAMESPACE, 'application/xml')).toMatchObject({
			ok: false,
			reason: 'The XML file is not an e-invoice (its root element is <Invoice>)',
		});
	});

	it('refuses a file declared as XML that is not XML at all, and names a PDF declared as XML', () => {
		expect(checkUpload(TEXT, 'application/xml')).toMatchObject({
			ok: false,
			reason: 'The XML file is not an e-invoice (its content is not XML)',
		});
		expect(checkUpload(ZIP, 'text/xml')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('not XML'),
		});
		expect(checkUpload(PDF, 'application/xml')).toMatchObject({
			ok: false,
			reason: 'The file is declared as an XML file but it is a PDF',
		});
	});

	it('refuses an e-invoice declared as something it is not', () => {
		expect(checkUpload(UBL, 'application/pdf')).toMatchObject({
			ok: false,
			reason: 'The file is declared as a PDF but it is an XML e-invoice',
		});
	});

	it('keeps HTML and other text without an XML declaration as plain text', () => {
		expect(checkUpload(Buffer.from('<html><body>Rechnung</body></html>'), 'text/html')).toEqual({
			ok: true,
			mediaType: 'text/plain',
		});
		expect(checkUpload(WRONG_NAMESPACE, 'text/plain')).toEqual({
			ok: true,
			mediaType: 'text/plain',
		});
	});
});

describe('xmlRoot', () => {
	it('skips the prolog: declaration, comments, processing instructions and a DOCTYPE with a subset', () => {
		const text =
			'<?xml version="1.0"?>\n<?pi x?><!-- c --><!DOCTYPE a [<!ENTITY x "y">]>\n<p:a xmlns:p="urn:p" b=\'1\'>';
		expect(xmlRoot(text)).toEqual({
			name: 'p:a',
			localName: 'a',
			namespace: 'urn:p',
			declared: true,
		});
	});

	it('is undefined for text that does not start like XML or whose prolog never ends', () => {
		expect(xmlRoot('Rechnung <b>')).toBeUndefined();
		expect(xmlRoot('<?xml version="1.0"')).toBeUndefined();
		expect(xmlRoot('<!-- only a comment')).toBeUndefined();
		expect(xmlRoot('<1a/>')).toBeUndefined();
	});

	it('eInvoiceKind needs the right local name in the right namespace', () => {
		expect(
			eInvoiceKind(
				xmlRoot('<x:Invoice xmlns:x="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'),
			),
		).toBe('Invoice');
		expect(
			eInvoiceKind(
				xmlRoot('<x:CreditNote xmlns:x="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'),
			),
		).toBeUndefined();
		expect(eInvoiceKind(xmlRoot('<Invoice/>'))).toBeUndefined();
	});
});

describe('fileKindName', () => {
	it('names office files and archives as people call them, not by their MIME type', () => {
		expect(
			fileKindName('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
		).toBe('a Word document');
		expect(fileKindName('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(
			'an Excel spreadsheet',
		);
		expect(fileKindName('application/zip')).toBe('a ZIP archive');
		expect(fileKindName('image/jpg')).toBe('a JPEG image');
		expect(fileKindName('application/x-unknown')).toBe('a file of type application/x-unknown');
	});

	it('says so when a Word document is uploaded', () => {
		const docx = Buffer.from([0x50, 0x4b, 3, 4, 20, 0, 6, 0]);
		const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
		expect(checkUpload(docx, type)).toMatchObject({
			ok: false,
			reason: 'The file is a Word document, which Gini cannot read',
		});
	});
});
