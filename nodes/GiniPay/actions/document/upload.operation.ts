import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchDocument } from '../../api/documents';
import { assertProcessed, extractionsOutput, fetchExtractions, waitForProcessing } from '../../api/extractions';
import { MAX_PAGES, uploadEInvoice, uploadMultiPage, uploadSingle, type UploadFile } from '../../api/uploads';
import { resolveUser, userOverride, type GiniSession } from '../../transport';
import { asNodeError } from '../errors';
import { simplifyField, waitForExtractionsFields, waitTimeoutOf } from './shared';
import { parseRotations, readUploadFile } from './uploadFiles';

const show = { resource: ['document'], operation: ['upload'] };

/**
 * The product tag Gini's capture SDK sends with every document it uploads, partial and composite alike:
 * `ProductTag.SepaExtractions` ("sepaExtractions") unless configured otherwise (gini-mobile-android,
 * capture-sdk/sdk/.../ProductTag.kt and GiniCapture.java; sent by GiniCaptureDefaultNetworkService.kt).
 */
const DEFAULT_PRODUCT_TAG = 'sepaExtractions';
/** DocumentMetadata.PRODUCT_TAG_HEADER_FIELD_NAME in the SDK (header names are case-insensitive). */
const PRODUCT_TAG_HEADER = 'X-Document-Metadata-Product-Tag';

export const description: INodeProperties[] = [
	{
		displayName: 'Pages',
		name: 'pages',
		type: 'options',
		options: [
			{ name: 'One File', value: 'single', description: 'Upload one binary field as one document' },
			{
				name: 'Several Binary Fields (Multi-Page)',
				value: 'listed',
				description: 'Upload the listed binary fields as the pages of one document, in that order',
			},
			{
				name: 'All Binary Fields of the Item (Multi-Page)',
				value: 'all',
				description: 'Upload every binary of the item (PDF, PNG or JPEG) as the pages of one document, in their order',
			},
		],
		default: 'single',
		displayOptions: { show },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to upload',
		description:
			'PDF, PNG, JPEG, GIF, TIFF, UTF-8 text or an XML e-invoice (XRechnung, ZUGFeRD / Factur-X XML), under 10 MiB',
		displayOptions: { show: { ...show, pages: ['single'] } },
	},
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. page1, page2',
		description: 'Comma-separated names of the binary fields, one per page, at most 10. Pages must be PDF, PNG or JPEG.',
		displayOptions: { show: { ...show, pages: ['listed'] } },
	},
	...waitForExtractionsFields(show),
	simplifyField({ ...show, waitForExtractions: [true] }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Document Type',
				name: 'docType',
				type: 'options',
				default: 'Invoice',
				description: 'A hint for Gini about what the document is',
				options: [
					{ name: 'Bank Statement', value: 'BankStatement' },
					{ name: 'Contract', value: 'Contract' },
					{ name: 'Invoice', value: 'Invoice' },
					{ name: 'Other', value: 'Other' },
					{ name: 'Payment QR Code', value: 'PaymentQRCode' },
					{ name: 'Receipt', value: 'Receipt' },
					{ name: 'Reminder', value: 'Reminder' },
					{ name: 'Remittance Slip', value: 'RemittanceSlip' },
					{ name: 'Travel Expense Report', value: 'TravelExpenseReport' },
				],
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: 'Name to give the document in Gini. Defaults to the file name of the (first) binary.',
			},
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'fixedCollection',
				placeholder: 'Add Metadata',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					'Sent as X-Document-Metadata-&lt;Name&gt; headers, e.g. BranchId to group uploads. ASCII only.',
				options: [
					{
						displayName: 'Entry',
						name: 'entry',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'BranchId' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Page Rotations',
				name: 'rotations',
				type: 'string',
				default: '',
				placeholder: 'e.g. 0, 90, 0',
				description: 'Multi-page only: degrees to rotate each page by, a multiple of 90, in page order',
			},
			{
				displayName: 'Product Tag',
				name: 'productTag',
				type: 'options',
				default: DEFAULT_PRODUCT_TAG,
				description:
					'Which extraction Gini runs, sent as the X-Document-Metadata-Product-Tag header. XML e-invoices always carry it (SEPA unless set here), as Gini’s SDKs send it; other files only when set.',
				options: [
					{
						name: 'Auto-Detect',
						value: 'autoDetectExtractions',
						description: 'Reserved by Gini for future use, not yet available to customers',
					},
					{
						name: 'Cross-Border (CX)',
						value: 'cxExtractions',
						description: 'Cross-border payment data, in the crossBorderPayment compound extraction',
					},
					{ name: 'SEPA', value: 'sepaExtractions', description: 'SEPA payment extractions (Gini’s default)' },
				],
			},
		],
	},
];

interface UploadOptions {
	productTag?: string;
	docType?: string;
	fileName?: string;
	rotations?: string;
	metadata?: { entry?: Array<{ name: string; value: string }> };
}

function metadataHeaders(ctx: IExecuteFunctions, itemIndex: number, options: UploadOptions): IDataObject {
	const headers: IDataObject = {};
	for (const { name, value } of options.metadata?.entry ?? []) {
		if (!/^[A-Za-z0-9-]+$/.test(name) || !/^[\x20-\x7e]*$/.test(String(value))) {
			throw new NodeOperationError(ctx.getNode(), `Metadata "${name}" is not valid`, {
				itemIndex,
				description: 'Metadata names may hold letters, digits and dashes; values printable ASCII only.',
			});
		}
		headers[`X-Document-Metadata-${name}`] = String(value);
	}
	return headers;
}

/** The metadata headers with the product tag, when one applies, in place of any the Metadata option names. */
function withProductTag(
	ctx: IExecuteFunctions,
	itemIndex: number,
	headers: IDataObject,
	productTag: string | undefined,
): IDataObject {
	if (productTag === undefined) return headers;
	const tag = productTag.trim();
	if (!/^[\x21-\x7e]+$/.test(tag)) {
		throw new NodeOperationError(ctx.getNode(), `Product tag "${productTag}" is not valid`, {
			itemIndex,
			description: 'A product tag is printable ASCII without spaces, e.g. sepaExtractions.',
		});
	}
	const result: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (name.toLowerCase() !== PRODUCT_TAG_HEADER.toLowerCase()) result[name] = value;
	}
	result[PRODUCT_TAG_HEADER] = tag;
	return result;
}

function pageProperties(ctx: IExecuteFunctions, itemIndex: number, pages: string): string[] {
	if (pages === 'single') return [ctx.getNodeParameter('binaryPropertyName', itemIndex) as string];
	const names =
		pages === 'all'
			? Object.keys(ctx.getInputData()[itemIndex].binary ?? {})
			: (ctx.getNodeParameter('binaryPropertyNames', itemIndex) as string)
					.split(',')
					.map((name) => name.trim())
					.filter(Boolean);
	if (names.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No binary fields to upload', {
			itemIndex,
			description: pages === 'all' ? 'The item has no binary data.' : 'List the binary fields, e.g. "page1, page2".',
		});
	}
	if (names.length > MAX_PAGES) {
		throw new NodeOperationError(ctx.getNode(), `${names.length} pages is more than Gini processes (10)`, {
			itemIndex,
			description: 'Split the document, or upload the first 10 pages.',
		});
	}
	return names;
}

/**
 * A failure after the document was created says which document it was, so that the extractions are fetched later
 * instead of the file being uploaded again.
 */
async function naming<T>(ctx: IExecuteFunctions, id: string, itemIndex: number, step: Promise<T>): Promise<T> {
	try {
		return await step;
	} catch (error) {
		const nodeError = asNodeError(ctx, error, itemIndex);
		if (!nodeError.description?.includes(id)) {
			const note = `The document was uploaded (ID ${id}): get its extractions with Document > Get Extractions rather than uploading it again.`;
			nodeError.description = [nodeError.description, note].filter(Boolean).join(' ');
		}
		throw nodeError;
	}
}

/**
 * Uploads a document (one file, or several as the pages of one composite document) and outputs it as Gini
 * describes it, or, with Wait for Extractions, together with its payment data once processed.
 */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const pages = this.getNodeParameter('pages', itemIndex, 'single') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as UploadOptions;
	const stream = (this.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject).streamUploads !== false;
	const files: UploadFile[] = [];
	for (const property of pageProperties(this, itemIndex, pages)) {
		files.push(await readUploadFile(this, itemIndex, property, stream));
	}
	const rotations = parseRotations(this, itemIndex, options.rotations ?? '');
	if (rotations.length > files.length) {
		// More rotations than pages means the page list is not what the user thinks: refuse rather than guess.
		throw new NodeOperationError(this.getNode(), `${rotations.length} rotations given for ${files.length} pages`, {
			itemIndex,
			description: 'Give at most one rotation per page, in page order, e.g. "0, 90, 0".',
		});
	}
	const eInvoice = files.some((file) => file.mediaType === 'application/xml');
	if (eInvoice && files.length > 1) {
		throw new NodeOperationError(this.getNode(), 'An XML e-invoice cannot be a page of a multi-page document', {
			itemIndex,
			description:
				'An XML e-invoice is a whole document: upload it on its own (Pages: One File), and the other files separately.',
		});
	}
	const productTag = options.productTag ?? (eInvoice ? DEFAULT_PRODUCT_TAG : undefined);
	const target = {
		fileName: options.fileName?.trim() || files[0].fileName,
		docType: options.docType,
		metadata: withProductTag(this, itemIndex, metadataHeaders(this, itemIndex, options), productTag),
	};
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const wait = this.getNodeParameter('waitForExtractions', itemIndex, false) as boolean;
	// Checked before uploading: a bad timeout must not leave an uploaded document behind a failed item.
	const timeout = wait ? waitTimeoutOf(this, itemIndex) : 0;

	const url = eInvoice
		? await uploadEInvoice(this, session, user, files[0], target)
		: pages === 'single'
			? await uploadSingle(this, session, user, files[0], target)
			: await uploadMultiPage(this, session, user, files, rotations, target);
	// Always "created": the node outputs only documents Gini named in answer to this item's upload.
	const uploadStatus = 'created';

	const id = url.split('/').pop() as string;

	if (!wait) {
		let document: IDataObject;
		try {
			document = await fetchDocument(this, session, user, url);
		} catch (error) {
			// The upload worked; only reading it back failed (after its own retries). Not an error item: a workflow
			// that repeats failed items would upload the document twice.
			document = { id, name: target.fileName, readError: (error as Error).message };
		}
		return [{ json: { ...document, uploadStatus } }];
	}
	const document = await naming(this, id, itemIndex, waitForProcessing(this, session, user, url, timeout));
	assertProcessed(this, session, document);
	const extractions = await naming(this, id, itemIndex, fetchExtractions(this, session, user, url));
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return [{ json: { document, extractions: extractionsOutput(document, extractions, simplify), uploadStatus } }];
}
