import {
	fileKindOf,
	kindsDisagree,
	skipReason,
	type BinaryChoice,
} from '../../nodes/GiniPay/shared/fileKinds';
import {
	MAX_DOCUMENT_BYTES,
	MAX_TEXT_BYTES,
	checkUpload,
	effectiveMediaType,
	fileKindName,
	eInvoiceKind,
	normalizeMediaType,
	otherSignatureType,
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

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
const RANDOM = Buffer.from([0x00, 0x9c, 0xff, 0x01, 0x80, 0x02]);

describe('the type names mail clients use', () => {
	it.each([
		['application/x-pdf', 'application/pdf'],
		['application/acrobat', 'application/pdf'],
		['application/nappdf', 'application/pdf'],
		['applications/vnd.pdf', 'application/pdf'],
		['application/vnd.pdf', 'application/pdf'],
		['image/pdf', 'application/pdf'],
		['text/pdf', 'application/pdf'],
		['Text/X-PDF; name="rechnung.pdf"', 'application/pdf'],
		['image/pjpeg', 'image/jpeg'],
		['image/jpg', 'image/jpeg'],
		['image/x-citrix-jpeg', 'image/jpeg'],
		['image/x-png', 'image/png'],
		['image/x-citrix-png', 'image/png'],
		['image/x-tiff', 'image/tiff'],
		['application/x-zip-compressed', 'application/zip'],
		['application/vnd.ms-tnef', 'application/ms-tnef'],
	])('normalises %s to %s', (alias, type) => {
		expect(normalizeMediaType(alias)).toBe(type);
	});

	it('accepts a PDF declared under an alias, and an image under its old Internet Explorer names', () => {
		expect(checkUpload(PDF, 'application/x-pdf')).toEqual({
			ok: true,
			mediaType: 'application/pdf',
		});
		expect(checkUpload(PDF, 'applications/vnd.pdf')).toEqual({
			ok: true,
			mediaType: 'application/pdf',
		});
		expect(checkUpload(PNG, 'image/x-png')).toEqual({ ok: true, mediaType: 'image/png' });
		expect(checkUpload(JPEG, 'image/pjpeg')).toEqual({ ok: true, mediaType: 'image/jpeg' });
		expect(checkUpload(PDF, 'application/force-download')).toEqual({
			ok: true,
			mediaType: 'application/pdf',
		});
	});
});

describe('when the declared type and the file name disagree, the bytes decide', () => {
	it('effectiveMediaType drops a declared type its file name contradicts, and keeps one it agrees with', () => {
		expect(effectiveMediaType('image/png', 'rechnung.pdf')).toBe('');
		expect(effectiveMediaType('application/msword', 'rechnung.PDF')).toBe('');
		expect(effectiveMediaType('application/x-pdf', 'rechnung.pdf')).toBe('application/pdf');
		expect(effectiveMediaType('text/xml', 'xrechnung.xml')).toBe('text/xml');
		expect(effectiveMediaType('text/csv', 'table.txt')).toBe('text/csv');
		expect(effectiveMediaType('application/pdf', 'rechnung')).toBe('application/pdf');
		expect(effectiveMediaType('application/pdf', 'rechnung.docx')).toBe('application/pdf');
		expect(effectiveMediaType('application/octet-stream', 'rechnung.pdf')).toBe('');
	});

	it('uploads a PDF named .pdf but declared as an image or a Word file, as a PDF', () => {
		expect(checkUpload(PDF, 'image/png', PDF.length, 'rechnung.pdf')).toEqual({
			ok: true,
			mediaType: 'application/pdf',
		});
		expect(checkUpload(PDF, 'application/msword', PDF.length, 'rechnung.pdf')).toEqual({
			ok: true,
			mediaType: 'application/pdf',
		});
		expect(checkUpload(JPEG, 'application/pdf', JPEG.length, 'scan.jpg')).toEqual({
			ok: true,
			mediaType: 'image/jpeg',
		});
	});

	it('still refuses a file whose declared type and name agree and whose bytes are something else', () => {
		expect(checkUpload(PNG, 'application/pdf', PNG.length, 'rechnung.pdf')).toMatchObject({
			ok: false,
			reason: 'The file is declared as a PDF but it is a PNG image',
		});
	});
});

describe('what the bytes are, in errors', () => {
	it.each([
		[ZIP, 'application/zip'],
		[Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0]), 'application/zip'],
		[OLE, 'application/x-ole-storage'],
		[Buffer.from('Rar!\x1a\x07\x00', 'latin1'), 'application/vnd.rar'],
		[Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), 'application/x-7z-compressed'],
		[Buffer.from([0x1f, 0x8b, 8, 0]), 'application/gzip'],
		[Buffer.from([0x78, 0x9f, 0x3e, 0x22, 1, 0]), 'application/ms-tnef'],
		[Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'image/webp'],
		[Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00', 'latin1'), 'image/heic'],
		[Buffer.from('BM\x36\x00\x00\x00', 'latin1'), 'image/bmp'],
	])('recognises %#: %s', (bytes, type) => {
		expect(otherSignatureType(bytes)).toBe(type);
	});

	it('is undefined for what Gini reads and for unknown bytes', () => {
		expect(otherSignatureType(PDF)).toBeUndefined();
		expect(otherSignatureType(RANDOM)).toBeUndefined();
	});

	it.each([
		[
			ZIP,
			'application/pdf',
			'The file is declared as a PDF but it is a ZIP archive, which Gini cannot read',
		],
		[ZIP, 'application/octet-stream', 'The file is a ZIP archive, which Gini cannot read'],
		[ZIP, undefined, 'The file is a ZIP archive, which Gini cannot read'],
		[ZIP, 'application/x-zip-compressed', 'The file is a ZIP archive, which Gini cannot read'],
		[
			ZIP,
			'application/vnd.oasis.opendocument.text',
			'The file is a text document (OpenDocument), which Gini cannot read',
		],
		[OLE, 'application/msword', 'The file is a Word document, which Gini cannot read'],
		[
			OLE,
			'application/pdf',
			'The file is declared as a PDF but it is an older Office file (Word, Excel, PowerPoint or Outlook), which Gini cannot read',
		],
		[
			RANDOM,
			'application/pdf',
			'The file is declared as a PDF but its content is not a PDF, nor anything else Gini reads',
		],
		[
			RANDOM,
			'image/x-png',
			'The file is declared as a PNG image but its content is not a PNG image, nor anything else Gini reads',
		],
		[RANDOM, 'application/octet-stream', 'Gini cannot read this kind of file'],
		[
			RANDOM,
			'application/vnd.ms-excel',
			'The file is an Excel spreadsheet, which Gini cannot read',
		],
	])('names %#: declared %s', (bytes, declared, reason) => {
		expect(checkUpload(bytes, declared)).toMatchObject({ ok: false, reason });
	});

	it('names the bytes when the name contradicts the declared type: a ZIP named .zip declared as PDF', () => {
		expect(checkUpload(ZIP, 'application/pdf', ZIP.length, 'belege.zip')).toMatchObject({
			ok: false,
			reason: 'The file is declared as a PDF but it is a ZIP archive, which Gini cannot read',
		});
		expect(checkUpload(ZIP, 'application/pdf', ZIP.length, 'belege.xml')).toMatchObject({
			ok: false,
			reason: 'The file is a ZIP archive, which Gini cannot read',
		});
	});
});

describe('fileKinds: choosing the attachments of an e-mail', () => {
	const choice: BinaryChoice = {
		kinds: ['pdf', 'image', 'xml'],
		minImageBytes: 10 * 1024,
		skipNamesContaining: ['logo'],
	};

	it('takes the aliases mail clients send, and a generic type by the file name', () => {
		expect(fileKindOf('application/x-pdf', 'rechnung.pdf')).toBe('pdf');
		expect(fileKindOf('text/pdf', undefined)).toBe('pdf');
		expect(fileKindOf('image/x-png', 'scan.png')).toBe('image');
		expect(fileKindOf('image/pjpeg', 'scan.jpg')).toBe('image');
		expect(fileKindOf('application/octet-stream', 'RECHNUNG.PDF')).toBe('pdf');
		expect(fileKindOf('application/x-download', 'x.xml')).toBe('xml');
		expect(fileKindOf('application/octet-stream', 'winmail.dat')).toBe('other');
		expect(fileKindOf('image/webp', 'photo.webp')).toBe('other');
	});

	it('reads the first bytes only when the declared type and the name disagree, and lets them decide', () => {
		expect(kindsDisagree('application/msword', 'rechnung.pdf')).toBe(true);
		expect(kindsDisagree('application/x-pdf', 'rechnung.pdf')).toBe(false);
		expect(kindsDisagree('application/octet-stream', 'rechnung.pdf')).toBe(false);
		expect(kindsDisagree('application/pdf', 'rechnung.docx')).toBe(false);
		expect(fileKindOf('application/msword', 'rechnung.pdf', PDF)).toBe('pdf');
		expect(fileKindOf('application/pdf', 'scan.png', PNG)).toBe('image');
		expect(
			fileKindOf('application/pdf', 'rechnung.xml', Buffer.from('<?xml version="1.0"?><a/>')),
		).toBe('xml');
		expect(fileKindOf('application/pdf', 'notiz.txt', TEXT)).toBe('text');
		expect(fileKindOf('application/pdf', 'belege.txt', ZIP)).toBe('other');
		expect(fileKindOf('application/pdf', 'belege.txt', RANDOM)).toBe('other');
		// Without disagreement, the bytes are not consulted.
		expect(fileKindOf('application/pdf', 'rechnung.pdf', ZIP)).toBe('pdf');
	});

	it('says why a file is skipped, and nothing for a file it takes', () => {
		expect(skipReason({ mimeType: 'application/pdf', fileName: 'a.pdf', size: 100 }, choice)).toBe(
			undefined,
		);
		expect(
			skipReason({ mimeType: 'application/zip', fileName: 'belege.zip', size: 100 }, choice),
		).toBe(
			"It is a ZIP archive, and 'File Kinds' does not include 'Any Other File (Becomes an Error Item)'",
		);
		expect(
			skipReason(
				{ mimeType: 'application/octet-stream', fileName: 'winmail.dat', size: 100 },
				choice,
			),
		).toBe(
			"It is a file of unknown type, and 'File Kinds' does not include 'Any Other File (Becomes an Error Item)'",
		);
		expect(
			skipReason(
				{ mimeType: 'application/pdf', fileName: 'belege.txt', size: 100, head: ZIP },
				choice,
			),
		).toBe(
			"It is a ZIP archive, and 'File Kinds' does not include 'Any Other File (Becomes an Error Item)'",
		);
		expect(skipReason({ mimeType: 'text/plain', fileName: 'mail.txt', size: 100 }, choice)).toBe(
			"It is a text file, and 'File Kinds' does not include 'Text File'",
		);
		expect(skipReason({ mimeType: 'image/png', fileName: 'sig.png', size: 2048 }, choice)).toBe(
			"It is an image of 2.0 KiB, under 'Skip Images Smaller Than (KB)' (10 KB)",
		);
		expect(
			skipReason(
				{ mimeType: 'application/pdf', fileName: 'Firmen-LOGO.pdf', size: 50_000 },
				choice,
			),
		).toBe(`Its name contains "logo" ('Skip File Names Containing')`);
	});
});
