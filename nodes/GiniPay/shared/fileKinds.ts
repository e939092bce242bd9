/**
 * The kind of a file as a person names it ("a PDF", "a Word document"), from its declared media type and its name,
 * and from its first bytes when those two disagree: for choosing which binaries of an e-mail to upload, and for
 * saying why one was skipped. Pure: no n8n imports.
 */
import {
	fileKindName,
	formatBytes,
	isGenericMediaType,
	isXmlMediaType,
	mediaTypeByName,
	normalizeMediaType,
	otherSignatureType,
	signatureType,
} from './mediaTypes';

export { fileKindName } from './mediaTypes';

/** The kinds a user can choose from: what Gini reads, and everything else. */
export type FileKind = 'pdf' | 'image' | 'xml' | 'text' | 'other';

/** The kind of a (normalised) media type. An XML file counts as "xml": whether it is an e-invoice is checked on upload. */
function kindOfType(type: string): FileKind {
	if (type === 'application/pdf') return 'pdf';
	if (type.startsWith('image/'))
		return /^image\/(png|jpeg|gif|tiff)$/.test(type) ? 'image' : 'other';
	if (isXmlMediaType(type)) return 'xml';
	if (type === 'text/plain') return 'text';
	return 'other';
}

/** What the first bytes are: PDF or an image by their signature, another known format, else XML or text. */
function kindOfBytes(head: Uint8Array): FileKind {
	const signed = signatureType(head);
	if (signed) return kindOfType(signed);
	if (otherSignatureType(head)) return 'other';
	// The head of a text may end inside a character: decode it leniently, leave out its last character, and look
	// for what text does not hold (control characters other than tab, line feed, form feed, carriage return).
	const text = new TextDecoder('utf-8').decode(head).replace(/^\ufeff/, '');
	for (const char of text.slice(0, -1)) {
		const code = char.charCodeAt(0);
		if (code === 0xfffd || code === 0x7f || (code < 0x20 && !TEXT_CONTROLS.has(code)))
			return 'other';
	}
	return text.trimStart().startsWith('<') ? 'xml' : 'text';
}

const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/**
 * Whether the declared type and the file name disagree about the kind (an invoice.pdf declared as image/png, or as
 * a Word document): then the first bytes decide, and the caller reads them.
 */
export function kindsDisagree(mimeType: string | undefined, fileName: string | undefined): boolean {
	const declared = normalizeMediaType(mimeType);
	const byName = mediaTypeByName(fileName);
	if (isGenericMediaType(declared) || byName === undefined) return false;
	return kindOfType(declared) !== kindOfType(byName);
}

/**
 * The kind by the declared type (its aliases included: application/x-pdf is a PDF), or by the file name when the
 * type says nothing (mail clients often send application/octet-stream). When the type and the name disagree, the
 * first bytes (`head`) decide.
 */
export function fileKindOf(
	mimeType: string | undefined,
	fileName: string | undefined,
	head?: Uint8Array,
): FileKind {
	if (head && head.length > 0 && kindsDisagree(mimeType, fileName)) return kindOfBytes(head);
	const type = normalizeMediaType(mimeType);
	if (isGenericMediaType(type)) {
		const byName = mediaTypeByName(fileName);
		return byName ? kindOfType(byName) : 'other';
	}
	return kindOfType(type);
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
	/** The first bytes, when the declared type and the name disagree (see kindsDisagree). */
	head?: Uint8Array;
}

/** Each kind as File Kinds lists it (upload.operation.ts), for the reason a file was skipped. */
const KIND_OPTIONS: Record<FileKind, string> = {
	pdf: 'PDF',
	image: 'Image (PNG, JPEG, GIF, TIFF)',
	xml: 'XML E-Invoice (XRechnung, ZUGFeRD)',
	text: 'Text File',
	other: 'Any Other File (Becomes an Error Item)',
};

/** What the file is, as a person names it: by its first bytes when they were read and are known, else by its type. */
function describe(file: BinaryFile, kind: FileKind): string {
	const byBytes = file.head ? otherSignatureType(file.head) : undefined;
	if (kind === 'other') {
		if (byBytes) return fileKindName(byBytes);
		const type = normalizeMediaType(file.mimeType);
		return isGenericMediaType(type) ? 'a file of unknown type' : fileKindName(type);
	}
	return { pdf: 'a PDF', image: 'an image', xml: 'an XML file', text: 'a text file' }[kind];
}

/** Why a binary is not uploaded under the choice, in a sentence for the output; undefined when it is uploaded. */
export function skipReason(file: BinaryFile, choice: BinaryChoice): string | undefined {
	const kind = fileKindOf(file.mimeType, file.fileName, file.head);
	if (!choice.kinds.includes(kind)) {
		return `It is ${describe(file, kind)}, and 'File Kinds' does not include '${KIND_OPTIONS[kind]}'`;
	}
	if (kind === 'image' && file.size < choice.minImageBytes) {
		return `It is an image of ${formatBytes(file.size)}, under 'Skip Images Smaller Than (KB)' (${choice.minImageBytes / 1024} KB)`;
	}
	const name = (file.fileName ?? '').toLowerCase();
	const part = choice.skipNamesContaining.find(
		(candidate) => candidate !== '' && name.includes(candidate.toLowerCase()),
	);
	return part === undefined
		? undefined
		: `Its name contains "${part}" ('Skip File Names Containing')`;
}

/** "logo, signature , " → ["logo", "signature"]. */
export function namesList(text: string): string[] {
	return text
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}
