/**
 * What Gini accepts for upload (docs/gini-api.md §4.1, "Limits"): PDF, GIF, PNG, JPEG, TIFF and UTF-8 plain text, each
 * file under 10 MiB and plain text under 512 KiB. The node checks this before sending so that a workflow gets a
 * clear error per item instead of a 413/415 after the upload.
 *
 * XML e-invoices (XRechnung / EN 16931 in UBL or UN/CEFACT CII syntax) are accepted too, as Gini's capture SDKs
 * upload them: see eInvoiceKind below and api/uploads.ts.
 */

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_TEXT_BYTES = 512 * 1024;

export const GINI_JSON = 'application/vnd.gini.v1+json';
export const GINI_COMPOSITE_JSON = 'application/vnd.gini.v1.composite+json';

export type DocumentMediaType =
	| 'application/pdf'
	| 'image/png'
	| 'image/jpeg'
	| 'image/gif'
	| 'image/tiff'
	| 'text/plain'
	| 'application/xml';

const SIGNATURES: Array<{ type: DocumentMediaType; bytes: number[] }> = [
	{ type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
	{ type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] }, // GIF8
	{ type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] }, // II*\0
	{ type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] }, // MM\0*
];

/**
 * Declared types that say nothing about the content (mail clients often send these, and servers that force a
 * download): the bytes decide.
 */
const GENERIC_TYPES = new Set([
	'',
	'application/octet-stream',
	'binary/octet-stream',
	'application/x-octet-stream',
	'application/binary',
	'application/x-binary',
	'application/unknown',
	'application/x-unknown',
	'application/download',
	'application/x-download',
	'application/force-download',
]);

export function isGenericMediaType(mediaType: string): boolean {
	return GENERIC_TYPES.has(mediaType);
}

/**
 * Other names mail clients and older software give the types Gini reads, and the type each stands for. PDF:
 * the aliases of application/pdf in freedesktop.org's shared-mime-info database (application/x-pdf, image/pdf,
 * application/acrobat, application/nappdf) and the non-standard ones seen in the wild (applications/vnd.pdf,
 * application/vnd.pdf, text/pdf, text/x-pdf). Images: image/pjpeg (shared-mime-info's alias of image/jpeg, and
 * what Internet Explorer sent for progressive JPEGs), image/x-png (Internet Explorer's name for PNG), image/jpg,
 * image/jpe, Citrix's image/x-citrix-jpeg and image/x-citrix-png, and image/x-tiff, image/tif, image/x-tif.
 * XML: text/xml (shared-mime-info's alias of application/xml) stays as declared, since both are XML to the checks.
 */
const ALIASES: Record<string, string> = {
	'application/x-pdf': 'application/pdf',
	'application/acrobat': 'application/pdf',
	'application/nappdf': 'application/pdf',
	'applications/vnd.pdf': 'application/pdf',
	'application/vnd.pdf': 'application/pdf',
	'image/pdf': 'application/pdf',
	'text/pdf': 'application/pdf',
	'text/x-pdf': 'application/pdf',
	'image/jpg': 'image/jpeg',
	'image/jpe': 'image/jpeg',
	'image/pjpeg': 'image/jpeg',
	'image/x-citrix-jpeg': 'image/jpeg',
	'image/x-png': 'image/png',
	'image/x-citrix-png': 'image/png',
	'image/x-tiff': 'image/tiff',
	'image/tif': 'image/tiff',
	'image/x-tif': 'image/tiff',
	'application/x-zip-compressed': 'application/zip',
	'application/x-zip': 'application/zip',
	'application/x-gzip': 'application/gzip',
	'application/vnd.ms-tnef': 'application/ms-tnef',
	'text/rtf': 'application/rtf',
	'application/x-rtf': 'application/rtf',
	'text/richtext': 'application/rtf',
};

/** The type a file name's extension stands for, for the extensions of the files Gini reads. */
const BY_EXTENSION: Record<string, string> = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	jpe: 'image/jpeg',
	jfif: 'image/jpeg',
	gif: 'image/gif',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	xml: 'application/xml',
	txt: 'text/plain',
};

/** The media type the name's extension stands for, when it is one of the types Gini reads. */
export function mediaTypeByName(fileName: string | undefined): string | undefined {
	const match = /\.([a-z0-9]+)$/i.exec(fileName ?? '');
	return match ? BY_EXTENSION[match[1].toLowerCase()] : undefined;
}

/** `{\rtf`: an RTF document is text to look at, but markup Gini does not read, whatever it is declared as. */
const RTF_SIGNATURE = [0x7b, 0x5c, 0x72, 0x74, 0x66];

/**
 * Binary formats Gini does not read, by their first bytes, so that an error says what the file really is (a ZIP
 * named invoice.pdf is "a ZIP archive"). `at` is the offset of the signature.
 */
const OTHER_SIGNATURES: Array<{ type: string; bytes: number[]; at?: number }> = [
	{ type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] }, // PK\3\4
	{ type: 'application/zip', bytes: [0x50, 0x4b, 0x05, 0x06] }, // an empty ZIP
	{ type: 'application/zip', bytes: [0x50, 0x4b, 0x07, 0x08] }, // a spanned ZIP
	{ type: 'application/x-ole-storage', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
	{ type: 'application/vnd.rar', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] }, // Rar!
	{ type: 'application/x-7z-compressed', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
	{ type: 'application/gzip', bytes: [0x1f, 0x8b] },
	{ type: 'application/ms-tnef', bytes: [0x78, 0x9f, 0x3e, 0x22] }, // winmail.dat
	{ type: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], at: 8 }, // RIFF....WEBP
	{ type: 'image/heic', bytes: [0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63], at: 4 }, // ftypheic
	{ type: 'image/heic', bytes: [0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x78], at: 4 }, // ftypheix
	{ type: 'image/heic', bytes: [0x66, 0x74, 0x79, 0x70, 0x6d, 0x69, 0x66, 0x31], at: 4 }, // ftypmif1
	{ type: 'image/bmp', bytes: [0x42, 0x4d] }, // BM
	{ type: 'application/rtf', bytes: RTF_SIGNATURE },
];

/**
 * What a file Gini cannot read is, by its first bytes: a ZIP archive (also every Office and OpenDocument file of
 * today), an older Office file, another archive, an Outlook container, an image Gini does not take. Undefined when
 * the bytes are none of these (and for what Gini reads: see signatureType).
 */
export function otherSignatureType(head: Uint8Array): string | undefined {
	return OTHER_SIGNATURES.find(({ bytes: signature, at = 0 }) =>
		startsWith(head.subarray(at), signature),
	)?.type;
}

/** Declared types stored in a ZIP (Office, OpenDocument, EPUB) or in an OLE file (Office before 2007, Outlook). */
const ZIP_BASED =
	/^application\/(zip|epub\+zip|vnd\.openxmlformats-officedocument\..+|vnd\.oasis\.opendocument\..+|vnd\.ms-[a-z]+\.[a-z.]*macroenabled\.12)$/;
const OLE_BASED =
	/^application\/(msword|vnd\.ms-excel|vnd\.ms-powerpoint|vnd\.ms-outlook|x-ole-storage)$/;

/** Whether bytes of `actual` (from otherSignatureType) are what a file declared as `declared` is made of. */
function madeOf(declared: string, actual: string): boolean {
	if (declared === actual) return true;
	if (actual === 'application/zip') return ZIP_BASED.test(declared);
	if (actual === 'application/x-ole-storage') return OLE_BASED.test(declared);
	return false;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
	return signature.every((byte, index) => bytes[index] === byte);
}

const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

function looksLikeUtf8Text(bytes: Uint8Array): boolean {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return false;
	}
	// Control characters other than tab, line feed, carriage return and form feed mean binary data.
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x7f || (code < 0x20 && !TEXT_CONTROLS.has(code))) return false;
	}
	return true;
}

/**
 * The root elements of the XML e-invoices Gini's SDKs upload, by namespace: XRechnung and ZUGFeRD / Factur-X are
 * EN 16931 invoices in one of two syntaxes, OASIS UBL 2.1 (Invoice, CreditNote) and UN/CEFACT CII D16B.
 */
const E_INVOICE_ROOTS: Record<string, string> = {
	'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2': 'Invoice',
	'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2': 'CreditNote',
	'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100': 'CrossIndustryInvoice',
};

/** Declared types that say "XML": application/xml, text/xml and any +xml suffix. */
export function isXmlMediaType(mediaType: string): boolean {
	return mediaType === 'application/xml' || mediaType === 'text/xml' || mediaType.endsWith('+xml');
}

export interface XmlRoot {
	/** The root element's name as written, with its prefix. */
	name: string;
	localName: string;
	namespace: string;
	/** The document starts with an XML declaration (`<?xml ...?>`). */
	declared: boolean;
}

const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const XML_ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Index after the markup that starts at `from` and ends with `end`, or -1. */
function skipPast(text: string, from: number, end: string): number {
	const at = text.indexOf(end, from);
	return at < 0 ? -1 : at + end.length;
}

/** `<!DOCTYPE ...>`, which may hold an internal subset in brackets. */
function skipDoctype(text: string, from: number): number {
	let depth = 0;
	for (let index = from; index < text.length; index++) {
		const char = text[index];
		if (char === '[') depth++;
		else if (char === ']') depth--;
		else if (char === '>' && depth <= 0) return index + 1;
	}
	return -1;
}

/**
 * The root element of an XML text and its namespace, read from the prolog and the root's start tag only (no DTD,
 * no entities: nothing is fetched or expanded). Undefined when the text does not start like XML.
 */
export function xmlRoot(text: string): XmlRoot | undefined {
	let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let declared = false;
	for (;;) {
		while (index < text.length && /\s/.test(text[index])) index++;
		if (text.startsWith('<?', index)) {
			if (index === 0 || (index === 1 && text.charCodeAt(0) === 0xfeff)) {
				declared = /^<\?xml\s/.test(text.slice(index, index + 6));
			}
			index = skipPast(text, index, '?>');
		} else if (text.startsWith('<!--', index)) {
			index = skipPast(text, index, '-->');
		} else if (text.startsWith('<!DOCTYPE', index)) {
			index = skipDoctype(text, index);
		} else break;
		if (index < 0) return undefined;
	}
	if (text[index] !== '<') return undefined;
	const name = XML_NAME.exec(text.slice(index + 1, index + 200))?.[0];
	if (!name) return undefined;
	const namespaces: Record<string, string> = {};
	XML_ATTRIBUTE.lastIndex = index + 1 + name.length;
	for (let match = XML_ATTRIBUTE.exec(text); match; match = XML_ATTRIBUTE.exec(text)) {
		const [, attribute, double, single] = match;
		if (attribute === 'xmlns') namespaces[''] = double ?? single;
		else if (attribute.startsWith('xmlns:')) namespaces[attribute.slice(6)] = double ?? single;
	}
	const colon = name.indexOf(':');
	const prefix = colon < 0 ? '' : name.slice(0, colon);
	return {
		name,
		localName: colon < 0 ? name : name.slice(colon + 1),
		namespace: namespaces[prefix] ?? '',
		declared,
	};
}

/** 'Invoice', 'CreditNote' or 'CrossIndustryInvoice' for an XML e-invoice's root, else undefined. */
export function eInvoiceKind(root: XmlRoot | undefined): string | undefined {
	const kind = root ? E_INVOICE_ROOTS[root.namespace] : undefined;
	return kind && kind === root?.localName ? kind : undefined;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

/** The binary format the first bytes announce (PDF or an image), if any: enough to stream the rest unread. */
export function signatureType(head: Uint8Array): DocumentMediaType | undefined {
	return SIGNATURES.find(({ bytes: signature }) => startsWith(head, signature))?.type;
}

/** The document type the bytes really are, or undefined when Gini would not accept them. */
export function sniffDocumentType(bytes: Uint8Array): DocumentMediaType | undefined {
	const signed = signatureType(bytes);
	if (signed) return signed;
	if (startsWith(bytes, RTF_SIGNATURE)) return undefined;
	return looksLikeUtf8Text(bytes) ? 'text/plain' : undefined;
}

/** The declared type without parameters, in lower case, with the aliases above under their standard name. */
export function normalizeMediaType(declared: string | undefined): string {
	const base = (declared ?? '').split(';')[0].trim().toLowerCase();
	return ALIASES[base] ?? base;
}

/** XML types are one family, as are text types: a file declared as one of them and named as another agrees. */
function sameFamily(one: string, other: string): boolean {
	if (one === other) return true;
	if (isXmlMediaType(one) && isXmlMediaType(other)) return true;
	return one.startsWith('text/') && other.startsWith('text/');
}

/**
 * The declared type the checks go by: the normalised type, or nothing (the bytes decide) when the type is generic
 * or when the file's name says something else (an invoice.pdf declared as image/png: one of the two is wrong, and
 * the content tells which).
 */
export function effectiveMediaType(
	declaredType: string | undefined,
	fileName: string | undefined,
): string {
	const declared = normalizeMediaType(declaredType);
	if (GENERIC_TYPES.has(declared)) return '';
	const byName = mediaTypeByName(fileName);
	return byName && !sameFamily(declared, byName) ? '' : declared;
}

export type UploadCheck =
	| { ok: true; mediaType: DocumentMediaType }
	| { ok: false; reason: string; hint: string };

/**
 * Decides whether Gini would take this file, and under which content type to send it. `size` defaults to the
 * length of `bytes`; a streamed file passes its first bytes and its real size. The declared type is taken with its
 * aliases (application/x-pdf is a PDF); when it is generic, or when it and the file name disagree, the bytes decide.
 */
export function checkUpload(
	bytes: Uint8Array,
	declaredType: string | undefined,
	size = bytes.length,
	fileName?: string,
): UploadCheck {
	if (size === 0) {
		return {
			ok: false,
			reason: 'The file is empty (0 bytes)',
			hint: 'Check the node that produced the binary.',
		};
	}
	if (size >= MAX_DOCUMENT_BYTES) {
		return {
			ok: false,
			reason: `The file is ${formatBytes(size)}; Gini accepts files under 10 MiB`,
			hint: 'Compress or split the document before uploading it.',
		};
	}
	const sniffed = sniffDocumentType(bytes);
	const declared = effectiveMediaType(declaredType, fileName);
	const declaredXml = isXmlMediaType(declared);
	// XML is text to the sniffer; an XML e-invoice is its own kind of document, other XML is refused (below).
	const root = sniffed === 'text/plain' ? xmlRoot(decodeUtf8(bytes) ?? '') : undefined;
	if (eInvoiceKind(root)) {
		// Any text or XML type fits, or a generic one. The 512 KiB text limit does not apply: Gini's capture SDK
		// checks an XML file against the same 10 MiB as a PDF (FileImportValidator.FILE_SIZE_LIMIT in
		// gini-mobile-android, capture-sdk/sdk/.../internal/util/FileImportValidator.java) and uploads it as a
		// partial document, not as plain text (GiniCaptureDefaultNetworkService.kt).
		if (GENERIC_TYPES.has(declared) || declaredXml || declared.startsWith('text/')) {
			return { ok: true, mediaType: 'application/xml' };
		}
		return {
			ok: false,
			reason: `The file is declared as ${fileKindName(declared)} but it is an XML e-invoice`,
			hint: 'Fix the file type of the binary (MIME type application/xml), or set it to application/octet-stream to let the content decide.',
		};
	}
	// Declared XML that is really a PDF or an image gets the mismatch message further down.
	if ((declaredXml && (!sniffed || sniffed === 'text/plain')) || root?.declared) {
		const what = root ? `its root element is <${root.name}>` : 'its content is not XML';
		return {
			ok: false,
			reason: `The XML file is not an e-invoice (${what})`,
			hint: 'Gini reads XML e-invoices only: XRechnung or ZUGFeRD / Factur-X XML, as a UBL Invoice or CreditNote or a UN/CEFACT CrossIndustryInvoice. Upload other documents as PDF.',
		};
	}
	if (!sniffed) {
		return unsupported(unreadableReason(declared, otherSignatureType(bytes)), declared);
	}
	if (sniffed === 'text/plain' && size >= MAX_TEXT_BYTES) {
		return {
			ok: false,
			reason: `The text file is ${formatBytes(size)}; Gini accepts plain text under 512 KiB`,
			hint: 'Send a shorter text or a PDF.',
		};
	}
	const declaredIsSpecific = !GENERIC_TYPES.has(declared);
	// Text is the fallback of sniffing; a declared text subtype (text/csv, text/html) is still text.
	const agrees = declared === sniffed || (sniffed === 'text/plain' && declared.startsWith('text/'));
	if (declaredIsSpecific && !agrees && sniffed === 'text/plain' && !READABLE_TYPES.has(declared)) {
		// Text declared as a kind Gini does not read (a JSON export, a calendar file): what it is declared as counts.
		return unsupported(cannotRead(declared), declared);
	}
	if (declaredIsSpecific && !agrees) {
		return {
			ok: false,
			reason: `The file is declared as ${fileKindName(declared)} but it is ${fileKindName(sniffed)}`,
			hint: `Fix the file type of the binary (its MIME type ${declared}, e.g. in the node that created it), or set it to application/octet-stream to let the content decide.`,
		};
	}
	return { ok: true, mediaType: sniffed };
}

/**
 * What Gini reads and what to do instead, in plain words, for a file it does not read. The declared type, when there
 * is one, goes at the end of the description (the details), never into the message.
 */
export const UNSUPPORTED_FILE_HINT =
	'Gini reads PDF files, images (PNG, JPEG, GIF, TIFF), plain text and XML e-invoices (XRechnung, ZUGFeRD / Factur-X). Save or export it as a PDF (e.g. with "Save as PDF" or "Print to PDF" in the program that opens it) and upload the PDF.';

function unsupported(reason: string, declared: string): UploadCheck {
	const type = declared ? ` The file's declared type: ${declared}.` : '';
	return { ok: false, reason, hint: `${UNSUPPORTED_FILE_HINT}${type}` };
}

/** "a Word document": the kind in plain words, or "a file of a kind Gini cannot read" when it has no plain name. */
function plainKind(mediaType: string): string {
	return NAMED_TYPES[normalizeMediaType(mediaType)] ?? 'of a kind';
}

/** Types Gini reads: a file declared as one of them whose bytes are not is not what it claims. */
const READABLE_TYPES = new Set<string>([...SIGNATURES.map(({ type }) => type), 'text/plain']);

/**
 * Why a file whose bytes Gini cannot read is refused, naming what the bytes are when they say it (a ZIP declared as
 * a PDF is "a ZIP archive"), and what it was declared as when that is not what it is.
 */
function unreadableReason(declared: string, actual: string | undefined): string {
	if (actual) {
		if (!declared || madeOf(declared, actual)) {
			// A Word file is a ZIP inside: its declared name says more than its bytes.
			return cannotRead(declared || actual);
		}
		if (!NAMED_TYPES[declared]) return cannotRead(actual);
		return `The file is declared as ${fileKindName(declared)} but it is ${fileKindName(actual)}, which Gini cannot read`;
	}
	if (!declared) return 'Gini cannot read this kind of file';
	if (READABLE_TYPES.has(declared) || isXmlMediaType(declared)) {
		const kind = fileKindName(declared);
		return `The file is declared as ${kind} but its content is not ${kind}, nor anything else Gini reads`;
	}
	return cannotRead(declared);
}

/** "The file is a Word document, which Gini cannot read"; without a plain name, no media type either. */
function cannotRead(mediaType: string): string {
	const kind = plainKind(mediaType);
	return kind === 'of a kind'
		? 'The file is of a kind Gini cannot read'
		: `The file is ${kind}, which Gini cannot read`;
}

/**
 * The `partial+<subtype>` each page type is sent as in a multi-page upload (docs/gini-api.md §4.1.1). Only types with a
 * source: `partial+png` and `partial+pdf` are in Gini's docs, `partial+jpeg` is what Gini's Android SDK sends for its
 * JPEG pages. Nothing shows Gini taking GIF, TIFF or plain text as partial documents, so those pages have none.
 */
export const PARTIAL_SUBTYPES: Partial<Record<DocumentMediaType, string>> = {
	'application/pdf': 'pdf',
	'image/png': 'png',
	'image/jpeg': 'jpeg',
};

export function formatBytes(size: number): string {
	if (size >= 1024 * 1024) return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
	if (size >= 1024) return `${(size / 1024).toFixed(1)} KiB`;
	return `${size} bytes`;
}

/** File kinds in plain words, by media type; the rest is named by its extension or as "a file of type ...". */
const NAMED_TYPES: Record<string, string> = {
	'application/pdf': 'a PDF',
	'image/png': 'a PNG image',
	'image/jpeg': 'a JPEG image',
	'image/gif': 'a GIF image',
	'image/tiff': 'a TIFF image',
	'image/webp': 'a WebP image',
	'image/heic': 'an iPhone photo (HEIC)',
	'image/svg+xml': 'an SVG drawing',
	'text/plain': 'a text file',
	'text/html': 'a web page (HTML)',
	'text/csv': 'a CSV table',
	'application/xml': 'an XML file',
	'text/xml': 'an XML file',
	'application/zip': 'a ZIP archive',
	'application/x-ole-storage': 'an older Office file (Word, Excel, PowerPoint or Outlook)',
	'application/vnd.ms-outlook': 'an Outlook message',
	'application/vnd.rar': 'a RAR archive',
	'application/x-rar-compressed': 'a RAR archive',
	'application/x-7z-compressed': 'a 7-Zip archive',
	'application/gzip': 'a gzip archive',
	'image/bmp': 'a BMP image',
	'application/msword': 'a Word document',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document',
	'application/vnd.oasis.opendocument.text': 'a text document (OpenDocument)',
	'application/vnd.ms-excel': 'an Excel spreadsheet',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel spreadsheet',
	'application/vnd.ms-powerpoint': 'a PowerPoint presentation',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation':
		'a PowerPoint presentation',
	'application/json': 'a JSON file',
	'message/rfc822': 'an e-mail',
	'application/ms-tnef': 'an Outlook attachment container (winmail.dat)',
	'text/calendar': 'a calendar invitation',
	'application/rtf': 'an RTF document (Rich Text)',
};

/** "a Word document", "a PNG image", ...: what a person calls a file of this media type. */
export function fileKindName(mediaType: string): string {
	const type = normalizeMediaType(mediaType);
	return NAMED_TYPES[type] ?? (type ? `a file of type ${type}` : 'a file of unknown type');
}
