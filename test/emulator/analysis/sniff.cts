import type { SniffedType } from './types.cts';

/**
 * Gini decides a document's type from its bytes, not from the request's Content-Type: the raw upload "simply uses
 * the request body (independent of the request Content-Type)" and iOS labels every partial upload `partial+json`
 * (docs/gini-api.md §1.2, §4.1). Accepted formats are PDF, PNG, JPEG, GIF, TIFF and UTF-8 plain text (§4.1 Limits).
 */

const SIGNATURES: Array<{ type: SniffedType; bytes: number[] }> = [
	// Offset 0 only, as libmagic does: a text file that quotes "%PDF-" further down stays text.
	{ type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
	{ type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] },
	{ type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] },
	{ type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
	{ type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

/**
 * Text-based formats that are not plain text. Gini accepts "plain text" only; a type detector such as libmagic
 * names these text/rtf, application/postscript, text/xml and text/html, so they get 415 like any other
 * unsupported type [INFERRED].
 */
const NOT_PLAIN_TEXT = [/^\{\\rtf/, /^%!PS/, /^<\?xml\b/i, /^<!doctype\s+html\b/i, /^<html\b/i];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function sniffMediaType(bytes: Buffer): SniffedType | undefined {
	for (const signature of SIGNATURES) {
		if (startsWith(bytes, signature.bytes)) return signature.type;
	}
	return isPlainText(bytes) ? 'text/plain' : undefined;
}

/** Valid UTF-8 (a BOM is fine) with no control characters besides tab, line feed, vertical tab, form feed, CR. */
function isPlainText(bytes: Buffer): boolean {
	const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
	if (body.length === 0) return false;
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(body);
	} catch {
		return false;
	}
	// eslint-disable-next-line no-control-regex -- control characters are what this looks for
	if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return false;
	const head = text.trimStart().slice(0, 64);
	return !NOT_PLAIN_TEXT.some((pattern) => pattern.test(head));
}

/**
 * XML: UTF-8 text (a BOM is fine) whose first markup, after the prolog, is an element. Gini's SDKs upload XML
 * e-invoices as `partial+xml` (gini-mobile-ios, GiniCaptureSDK Data.mimeType maps "<" to application/xml;
 * gini-mobile-android GiniCaptureDefaultNetworkService.kt uploads every file as a partial document).
 */
export function isXml(bytes: Buffer): boolean {
	let text: string;
	try {
		text = decodePlainText(bytes);
	} catch {
		return false;
	}
	const body = text.replace(/^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/, '');
	return /^<[A-Za-z_]/.test(body);
}

export function decodePlainText(bytes: Buffer): string {
	const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
	return new TextDecoder('utf-8', { fatal: true }).decode(body);
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
	return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}
