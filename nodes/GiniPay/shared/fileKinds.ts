/**
 * The kind of a file as a person names it ("a PDF", "a Word document"), from its declared media type and its name,
 * without reading it: for choosing which binaries of an e-mail to upload, and for errors that say what a file is
 * instead of its MIME type. Pure: no n8n imports.
 */
import { normalizeMediaType } from './mediaTypes';

export { fileKindName } from './mediaTypes';

/** The kinds a user can choose from: what Gini reads, and everything else. */
export type FileKind = 'pdf' | 'image' | 'xml' | 'text' | 'other';

const BY_EXTENSION: Record<string, FileKind> = {
	pdf: 'pdf',
	png: 'image',
	jpg: 'image',
	jpeg: 'image',
	gif: 'image',
	tif: 'image',
	tiff: 'image',
	xml: 'xml',
	txt: 'text',
};

function extensionOf(fileName: string | undefined): string {
	const match = /\.([a-z0-9]+)$/i.exec(fileName ?? '');
	return match ? match[1].toLowerCase() : '';
}

/**
 * The kind by the declared type, or by the file name when the type says nothing (mail clients often send
 * application/octet-stream). An XML file counts as "xml" here: whether it is an e-invoice is checked on upload.
 */
export function fileKindOf(mimeType: string | undefined, fileName: string | undefined): FileKind {
	const type = normalizeMediaType(mimeType);
	if (type === 'application/pdf') return 'pdf';
	if (type.startsWith('image/'))
		return /^image\/(png|jpeg|gif|tiff)$/.test(type) ? 'image' : 'other';
	if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
	if (type === 'text/plain') return 'text';
	if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream') {
		return BY_EXTENSION[extensionOf(fileName)] ?? 'other';
	}
	return 'other';
}

export interface BinaryChoice {
	/** The kinds to upload. */
	kinds: FileKind[];
	/** Images below this size are skipped (logos, signatures); 0 takes all. */
	minImageBytes: number;
	/** Files whose name contains one of these (case-insensitive) are skipped. */
	skipNamesContaining: string[];
}

export interface BinaryFile {
	mimeType?: string;
	fileName?: string;
	size: number;
}

/** Whether a binary is one to upload under the choice. */
export function isChosen(file: BinaryFile, choice: BinaryChoice): boolean {
	const kind = fileKindOf(file.mimeType, file.fileName);
	if (!choice.kinds.includes(kind)) return false;
	if (kind === 'image' && file.size < choice.minImageBytes) return false;
	const name = (file.fileName ?? '').toLowerCase();
	return !choice.skipNamesContaining.some(
		(part) => part !== '' && name.includes(part.toLowerCase()),
	);
}

/** "logo, signature , " → ["logo", "signature"]. */
export function namesList(text: string): string[] {
	return text
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}
