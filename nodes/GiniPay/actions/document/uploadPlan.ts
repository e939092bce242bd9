/**
 * What an upload sends, decided from the item's files and options alone: which binary fields become the pages of the
 * document, whether it goes to Gini as one file, as the pages of a composite or as an XML e-invoice
 * (docs/gini-api.md §4.1, §4.4, §4.7), the rotations of the pages, the document's name and its metadata headers.
 * Pure: no n8n context, no requests, so every rule is unit-tested (test/unit/uploadPlan.test.cts); the operation
 * (upload.operation.ts) reads the parameters, hands them in, and turns a `PlanError` into its item's error.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Gini processes the first 10 pages of a document (docs/gini-api.md §4.1, "Limits"). */
export const MAX_PAGES = 10;
/**
 * The product tag Gini's capture SDK sends with every document it uploads, partial and composite alike:
 * `ProductTag.SepaExtractions` ("sepaExtractions") unless configured otherwise (gini-mobile-android,
 * capture-sdk/sdk/.../ProductTag.kt and GiniCapture.java; sent by GiniCaptureDefaultNetworkService.kt). The node
 * tags XML e-invoices with it unless the user names another.
 */
export const DEFAULT_PRODUCT_TAG = 'sepaExtractions';
/** DocumentMetadata.PRODUCT_TAG_HEADER_FIELD_NAME in the SDK (header names are case-insensitive). */
export const PRODUCT_TAG_HEADER = 'X-Document-Metadata-Product-Tag';
const METADATA_PREFIX = 'X-Document-Metadata-';

/** A refusal of the item's input, with what to do about it: the operation makes it a NodeOperationError. */
export class PlanError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'PlanError';
	}
}

/** The Pages parameter: one binary field, all of the item's, a list of them, or each as a document of its own. */
export type Pages = 'single' | 'all' | 'listed' | 'each';

/** The binary fields that become the pages of one document, in page order. */
export function pageNames(
	pages: Exclude<Pages, 'each'>,
	fields: { binaryPropertyName?: string; binaryPropertyNames?: string; inputNames: string[] },
): string[] {
	if (pages === 'single') return [fields.binaryPropertyName ?? ''];
	const names =
		pages === 'all'
			? fields.inputNames
			: (fields.binaryPropertyNames ?? '')
					.split(',')
					.map((name) => name.trim())
					.filter(Boolean);
	if (names.length === 0) {
		throw new PlanError(
			'No binary fields to upload',
			pages === 'all'
				? 'The item has no binary data.'
				: "List them in 'Input Binary Fields', e.g. page1, page2.",
		);
	}
	if (names.length > MAX_PAGES) {
		throw new PlanError(
			`${names.length} pages is more than Gini processes (${MAX_PAGES})`,
			`Split the document, or upload the first ${MAX_PAGES} pages.`,
		);
	}
	return names;
}

/** "0, 90, 180" → [0, 90, 180]; each a multiple of 90, normalised to 0..270 as Gini's Android SDK does. */
export function parseRotations(text: string): number[] {
	if (!text.trim()) return [];
	return text.split(',').map((part) => {
		const degrees = Number(part.trim());
		if (!Number.isInteger(degrees) || degrees % 90 !== 0) {
			throw new PlanError(
				`"${part.trim()}" is not a rotation`,
				"In 'Page Rotations', give one rotation per page in degrees, a multiple of 90, e.g. 0, 90, 0.",
			);
		}
		return ((degrees % 360) + 360) % 360;
	});
}

/** The Metadata option as Gini's `X-Document-Metadata-<name>` headers (docs/gini-api.md §4.1). */
export function metadataHeaders(entries: Array<{ name: string; value: unknown }>): IDataObject {
	const headers: IDataObject = {};
	for (const { name, value } of entries) {
		if (!/^[A-Za-z0-9-]+$/.test(name) || !/^[\x20-\x7e]*$/.test(String(value))) {
			throw new PlanError(
				`Metadata "${name}" is not valid`,
				'Metadata names may hold letters, digits and dashes; values printable ASCII only.',
			);
		}
		headers[`${METADATA_PREFIX}${name}`] = String(value);
	}
	return headers;
}

/** The metadata headers with the product tag, when one applies, in place of any the Metadata option names. */
export function withProductTag(headers: IDataObject, productTag: string | undefined): IDataObject {
	if (productTag === undefined) return headers;
	const tag = productTag.trim();
	if (!/^[\x21-\x7e]+$/.test(tag)) {
		throw new PlanError(
			`Product tag "${productTag}" is not valid`,
			'A product tag is printable ASCII without spaces, e.g. sepaExtractions.',
		);
	}
	const result: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (name.toLowerCase() !== PRODUCT_TAG_HEADER.toLowerCase()) result[name] = value;
	}
	result[PRODUCT_TAG_HEADER] = tag;
	return result;
}

/** What the plan needs of a file: its name and the type the node read it as (actions/document/uploadFiles.ts). */
export interface PlanFile {
	fileName: string;
	mediaType: string;
}

export interface PlanOptions {
	fileName?: string;
	docType?: string;
	productTag?: string;
	rotations?: string;
	metadata?: { entry?: Array<{ name: string; value: string }> };
}

export interface UploadPlan {
	/** One file as it is, an XML e-invoice (Gini's SDKs' way), or the files as the pages of a composite. */
	send: 'single' | 'eInvoice' | 'multiPage';
	/** Per page, in page order; fewer than the pages leaves the rest as they are. */
	rotations: number[];
	target: { fileName: string; docType?: string; metadata: IDataObject };
}

/**
 * The upload of `files` (one, or the pages of one document, in page order) with the item's options. Refuses more
 * rotations than pages (the page list is then not what the user thinks) and an XML e-invoice among pages (it is a
 * whole document).
 */
export function planUpload(
	pages: Exclude<Pages, 'each'>,
	files: PlanFile[],
	options: PlanOptions,
): UploadPlan {
	const rotations = parseRotations(options.rotations ?? '');
	if (rotations.length > files.length) {
		throw new PlanError(
			`${rotations.length} rotations given for ${files.length} pages`,
			"In 'Page Rotations', give at most one rotation per page, in page order, e.g. 0, 90, 0.",
		);
	}
	const eInvoice = files.some((file) => file.mediaType === 'application/xml');
	if (eInvoice && files.length > 1) {
		throw new PlanError(
			'An XML e-invoice cannot be a page of a multi-page document',
			"An XML e-invoice is a whole document: upload it on its own ('Pages': 'One File'), and the other files separately.",
		);
	}
	const productTag = options.productTag ?? (eInvoice ? DEFAULT_PRODUCT_TAG : undefined);
	return {
		send: eInvoice ? 'eInvoice' : pages === 'single' ? 'single' : 'multiPage',
		rotations,
		target: {
			fileName: options.fileName?.trim() || files[0].fileName,
			docType: options.docType,
			metadata: withProductTag(metadataHeaders(options.metadata?.entry ?? []), productTag),
		},
	};
}

/**
 * The fields of an item whose file was sent again after a lost answer: Gini may also hold the lost attempt's copy
 * (api/uploads.ts), so the item says so and what to do.
 */
export function lostCopyFields(fileName: string, lostSince: number): IDataObject {
	return {
		uploadMayExist: true,
		uploadWarning: `An earlier attempt to upload "${fileName}" lost Gini's answer at ${new Date(lostSince).toISOString()}. Gini showed no document from it, but may store it late: if a second document of that name appears, delete it rather than pay twice.`,
	};
}

/** The output of an item in Each Binary Field mode: its files' items with what was skipped, or one item saying so. */
export function eachOutput(
	results: INodeExecutionData[],
	skipped: IDataObject[],
): INodeExecutionData[] {
	if (results.length === 0) {
		const note =
			skipped.length === 0
				? 'No attachment was uploaded: the item has no files.'
				: `No attachment was uploaded: ${skipped.length === 1 ? 'the one file was' : `all ${skipped.length} files were`} skipped (see skippedAttachments).`;
		return [{ json: { documentId: null, payable: false, note, skippedAttachments: skipped } }];
	}
	if (skipped.length === 0) return results;
	return results.map((result) => ({
		...result,
		json: { ...result.json, skippedAttachments: skipped.map((entry) => ({ ...entry })) },
	}));
}
