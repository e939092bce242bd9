/**
 * What Gini accepts for upload (gini-api.md §4.1, "Limits"): PDF, GIF, PNG, JPEG, TIFF and UTF-8 plain text, each
 * file under 10 MiB and plain text under 512 KiB. The node checks this before sending so that a workflow gets a
 * clear error per item instead of a 413/415 after the upload.
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
	| 'text/plain';

const SIGNATURES: Array<{ type: DocumentMediaType; bytes: number[] }> = [
	{ type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
	{ type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] }, // GIF8
	{ type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] }, // II*\0
	{ type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] }, // MM\0*
];

/** Declared types that say nothing about the content (mail clients often send these). */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

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
		return { ok: false, reason: 'The file is empty (0 bytes)', hint: 'Check the node that produced the binary.' };
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
	if (!sniffed) {
		return {
			ok: false,
			reason: `The file type is not supported by Gini${declared ? ` (declared as ${declared})` : ''}`,
			hint: 'Gini accepts PDF, PNG, JPEG, GIF, TIFF and UTF-8 plain text.',
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
			reason: `The file is declared as ${declared} but its content is ${sniffed}`,
			hint: 'Fix the MIME type of the binary (for example in the node that created it), or set it to application/octet-stream to let the content decide.',
		};
	}
	return { ok: true, mediaType: sniffed };
}

/**
 * The `partial+<subtype>` each page type is sent as in a multi-page upload (gini-api.md §4.1.1). Only types with a
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
