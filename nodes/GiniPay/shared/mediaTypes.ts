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

/** Declared types that say nothing about the content (mail clients often send these). */
const GENERIC_TYPES = new Set([
	'',
	'application/octet-stream',
	'binary/octet-stream',
	'application/unknown',
]);

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
	return signatureType(bytes) ?? (looksLikeUtf8Text(bytes) ? 'text/plain' : undefined);
}

export function normalizeMediaType(declared: string | undefined): string {
	const base = (declared ?? '').split(';')[0].trim().toLowerCase();
	return base === 'image/jpg' || base === 'image/pjpeg' ? 'image/jpeg' : base;
}

export type UploadCheck =
	| { ok: true; mediaType: DocumentMediaType }
	| { ok: false; reason: string; hint: string };

/**
 * Decides whether Gini would take this file, and under which content type to send it. `size` defaults to the
 * length of `bytes`; a streamed file passes its first bytes and its real size.
 */
export function checkUpload(
	bytes: Uint8Array,
	declaredType: string | undefined,
	size = bytes.length,
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
	const declared = normalizeMediaType(declaredType);
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
		return {
			ok: false,
			reason: declared
				? `The file is ${fileKindName(declared)}, which Gini cannot read`
				: 'Gini cannot read this kind of file',
			hint: 'Gini accepts PDF, PNG, JPEG, GIF, TIFF, UTF-8 plain text and XML e-invoices (XRechnung, ZUGFeRD / Factur-X).',
		};
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
	'application/x-zip-compressed': 'a ZIP archive',
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
};

/** "a Word document", "a PNG image", ...: what a person calls a file of this media type. */
export function fileKindName(mediaType: string): string {
	const type = normalizeMediaType(mediaType);
	return NAMED_TYPES[type] ?? (type ? `a file of type ${type}` : 'a file of unknown type');
}
