import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import type { CreatedDocument } from '../../api/documents';
import { runWaiter } from '../../api/waiter';
import { extractionsOutput } from '../../api/extractions';
import { isLostAnswerError, type UploadFile } from '../../api/uploads';
import {
	kindsDisagree,
	namesList,
	skipReason,
	type BinaryChoice,
	type BinaryFile,
	type FileKind,
} from '../../shared/fileKinds';
import { documentHead, paymentItem } from '../../shared/paymentItem';
import { recordCreated } from '../createdDocuments';
import { asNodeError, errorItemJson, markFileRefusal, naming } from '../errors';
import {
	claimUpload,
	flagPossibleDuplicatesOption,
	guardPayment,
	skipUploadedBeforeOption,
} from './dedup';
import { isLater, later, type Later, type OperationOption } from '../operation';
import { waitingCap } from '../requestOptions';
import { simplifyField, waitForExtractionsFields, waitTimeoutOf } from './shared';
import { readBinaryHead, readUploadFile, readUploadFiles, streamsUploads } from './uploadFiles';
import {
	DEFAULT_PRODUCT_TAG,
	PlanError,
	eachOutput,
	lostCopyFields,
	pageNames,
	planUpload,
	type Pages,
} from './uploadPlan';
import { withErrorFields } from '../../shared/errorFields';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Upload',
	action: 'Upload a document',
	description: 'Upload an invoice (PDF, image or text; one or several pages) for extraction',
};

const show = { resource: ['document'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Pages',
		name: 'pages',
		type: 'options',
		options: [
			{ name: 'One File', value: 'single', description: 'Upload one binary field as one document' },
			{
				name: 'Each Binary Field as Its Own Document',
				value: 'each',
				description:
					'Upload every file of the item (e.g. each e-mail attachment) as a document of its own: one output item per file',
			},
			{
				name: 'Several Binary Fields (Multi-Page)',
				value: 'listed',
				description: 'Upload the listed binary fields as the pages of one document, in that order',
			},
			{
				name: 'All Binary Fields of the Item (Multi-Page)',
				value: 'all',
				description:
					'Upload every binary of the item (PDF, PNG or JPEG) as the pages of one document, in their order',
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
		hint: "The name of the input binary field containing the file to upload. E-mail nodes name attachments attachment_0, attachment_1, ...: use 'Each Binary Field as Its Own Document' for those.",
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
		description:
			'Comma-separated names of the binary fields, one per page, at most 10. Pages must be PDF, PNG or JPEG.',
		displayOptions: { show: { ...show, pages: ['listed'] } },
	},
	{
		displayName: 'File Kinds',
		name: 'fileKinds',
		type: 'multiOptions',
		options: [
			{
				name: 'Any Other File (Becomes an Error Item)',
				value: 'other',
				description: 'Gini cannot read it: the item says which file it was and what kind',
			},
			{ name: 'Image (PNG, JPEG, GIF, TIFF)', value: 'image' },
			{ name: 'PDF', value: 'pdf' },
			{ name: 'Text File', value: 'text' },
			{ name: 'XML E-Invoice (XRechnung, ZUGFeRD)', value: 'xml' },
		],
		default: ['pdf', 'image', 'xml'],
		description:
			'Which files to upload; the others are skipped and listed in skippedAttachments. Judged by the file type the binary declares (aliases such as application/x-pdf included) and its name, and by its first bytes when those two disagree.',
		displayOptions: { show: { ...show, pages: ['each'] } },
	},
	{
		displayName: 'Skip Images Smaller Than (KB)',
		name: 'minImageKb',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 10,
		description:
			'Logos and signature images in e-mails are small; a photographed invoice is larger. 0 uploads every image.',
		displayOptions: { show: { ...show, pages: ['each'] } },
	},
	{
		displayName: 'Skip File Names Containing',
		name: 'skipNamesContaining',
		type: 'string',
		default: '',
		placeholder: 'e.g. logo, signature, image00',
		description: 'Comma-separated parts of file names to skip (upper or lower case alike)',
		displayOptions: { show: { ...show, pages: ['each'] } },
	},
	...waitForExtractionsFields(show),
	simplifyField(show),
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
				description:
					'Name to give the document in Gini. Defaults to the file name of the (first) binary.',
			},
			flagPossibleDuplicatesOption(true),
			{
				displayName: 'Include Input Binary',
				name: 'includeInputBinary',
				type: 'boolean',
				default: false,
				description:
					'Whether to pass the uploaded file on with the output item, e.g. to archive the PDF in a later node without merging',
			},
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'fixedCollection',
				placeholder: 'Add Metadata',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					'Your own labels, stored with the document at Gini, e.g. BranchId to group uploads. ASCII only.',
				hint: 'Sent as X-Document-Metadata-&lt;Name&gt; headers',
				options: [
					{
						displayName: 'Entry',
						name: 'entry',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. BranchId',
							},
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
				description:
					'Multi-page only: degrees to rotate each page by, a multiple of 90, in page order',
			},
			{
				displayName: 'Product Tag',
				name: 'productTag',
				type: 'options',
				default: DEFAULT_PRODUCT_TAG,
				description:
					'Which extraction Gini runs. The node always sends one for XML e-invoices (SEPA unless set here), as Gini’s SDKs do; for other files only when set.',
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
					{
						name: 'SEPA',
						value: 'sepaExtractions',
						description: 'SEPA payment extractions (Gini’s default)',
					},
				],
			},
			{
				displayName: 'Read Back Document',
				name: 'readBack',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/waitForExtractions': [false] } },
				description:
					'Whether to read the document from Gini right after the upload, for its processing status. Off, the node outputs what Gini answered to the upload, one request less per file.',
			},
			skipUploadedBeforeOption,
		],
	},
];

interface UploadOptions {
	includeInputBinary?: boolean;
	readBack?: boolean;
	productTag?: string;
	docType?: string;
	fileName?: string;
	rotations?: string;
	metadata?: { entry?: Array<{ name: string; value: string }> };
	skipUploadedBefore?: boolean;
	flagPossibleDuplicates?: boolean;
}

function pageProperties(ctx: IExecuteFunctions, itemIndex: number, pages: string): string[] {
	return planned(ctx, itemIndex, () =>
		pageNames(pages as Exclude<Pages, 'each'>, {
			binaryPropertyName:
				pages === 'single' ? (ctx.getNodeParameter('binaryPropertyName', itemIndex) as string) : '',
			binaryPropertyNames:
				pages === 'listed'
					? (ctx.getNodeParameter('binaryPropertyNames', itemIndex) as string)
					: '',
			inputNames: Object.keys(ctx.getInputData()[itemIndex].binary ?? {}),
		}),
	);
}

/** A plan step (uploadPlan.ts) for this item: its refusal becomes the item's error. */
function planned<T>(ctx: IExecuteFunctions, itemIndex: number, step: () => T): T {
	try {
		return step();
	} catch (error) {
		if (!(error instanceof PlanError)) throw asNodeError(ctx, error, itemIndex);
		return refused(ctx, itemIndex, error);
	}
}

function refused(ctx: IExecuteFunctions, itemIndex: number, error: PlanError): never {
	throw new NodeOperationError(ctx.getNode(), error.message, {
		itemIndex,
		description: error.description,
	});
}

/**
 * Uploads a document (one file, or several as the pages of one composite document) and outputs it in the one
 * output shape (shared/paymentItem.ts): with Wait for Payment Data (the default) with its payment data once
 * processed, otherwise at once with what Gini answered to the upload. "Each Binary Field as Its Own Document"
 * uploads the item's chosen files one by one, one output item each.
 */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[] | Later<INodeExecutionData[]>> {
	const pages = this.getNodeParameter('pages', itemIndex, 'single') as string;
	if (pages === 'each') return await uploadEach(this, gini, itemIndex);
	// An error item names the file it is about, as in Each Binary Field mode.
	const nameFile = fileNaming(this, itemIndex, pages);
	try {
		const outcome = await uploadDocument.call(
			this,
			gini,
			itemIndex,
			pages,
			pageProperties(this, itemIndex, pages),
		);
		return isLater<INodeExecutionData>(outcome)
			? later(outcome.later.then((item) => [item], nameFile))
			: [outcome];
	} catch (error) {
		return nameFile(error);
	}
}

/**
 * What rethrows an error of a One File (or pages) upload with the file it concerns: `fileName` (the document's name:
 * the File Name option, else the first page's file name) and, for One File, `binaryField`. errorJson puts both on the
 * error item.
 */
function fileNaming(
	ctx: IExecuteFunctions,
	itemIndex: number,
	pages: string,
): (error: unknown) => never {
	return (error) => {
		const nodeError = markFileRefusal(asNodeError(ctx, error, itemIndex));
		const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
		let property: string | undefined;
		try {
			property =
				pages === 'single'
					? (ctx.getNodeParameter('binaryPropertyName', itemIndex) as string)
					: pageProperties(ctx, itemIndex, pages)[0];
		} catch {
			property = undefined;
		}
		const options = ctx.getNodeParameter('options', itemIndex, {}) as UploadOptions;
		const fileName =
			options.fileName?.trim() || (property ? binaries[property]?.fileName : undefined);
		const named = nodeError as typeof nodeError & { fileName?: string; binaryField?: string };
		if (fileName && named.fileName === undefined) named.fileName = fileName;
		if (pages === 'single' && property && named.binaryField === undefined)
			named.binaryField = property;
		throw named;
	};
}

/** The size in bytes of a binary of the item, without reading it. */
async function binarySize(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number> {
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	return Buffer.byteLength(binary.data, 'base64');
}

/**
 * Each chosen binary of the item as a document of its own, in the item's order. Every chosen file is read and
 * checked (type, size, bytes) before the first is uploaded, so that a bad attachment fails the item with nothing
 * uploaded yet. Under Continue On Fail a file that fails becomes an error item naming the binary field and file, and
 * the others are still uploaded. A skipped file is listed, with the reason, in `skippedAttachments` on every output
 * item of the item; when nothing was uploaded, one item says so, so that no e-mail passes without a trace.
 */
async function uploadEach(
	ctx: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[] | Later<INodeExecutionData[]>> {
	const choice: BinaryChoice = {
		kinds: ctx.getNodeParameter('fileKinds', itemIndex, ['pdf', 'image', 'xml']) as FileKind[],
		minImageBytes: Math.max(
			0,
			(ctx.getNodeParameter('minImageKb', itemIndex, 10) as number) * 1024,
		),
		skipNamesContaining: namesList(
			ctx.getNodeParameter('skipNamesContaining', itemIndex, '') as string,
		),
	};
	const binaries = ctx.getInputData()[itemIndex].binary ?? {};
	const named = (property: string) => ({
		binaryField: property,
		fileName: binaries[property].fileName ?? property,
	});
	const skipped: IDataObject[] = [];
	const chosen: string[] = [];
	for (const [property, binary] of Object.entries(binaries)) {
		const file: BinaryFile = {
			mimeType: binary.mimeType,
			fileName: binary.fileName,
			size: await binarySize(ctx, binary),
		};
		// The declared type and the name disagree (invoice.pdf declared as a Word file): the first bytes decide.
		if (kindsDisagree(binary.mimeType, binary.fileName))
			file.head = await readBinaryHead(ctx, binary);
		const reason = skipReason(file, choice);
		if (reason) skipped.push({ ...named(property), reason });
		else chosen.push(property);
	}

	const stream = streamsUploads(ctx, itemIndex);
	const checked: Array<{ property: string; file?: UploadFile; error?: Error }> = [];
	for (const property of chosen) {
		try {
			checked.push({ property, file: await readUploadFile(ctx, itemIndex, property, stream) });
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			checked.push({ property, error: nodeError });
		}
	}

	// A file that failed, as its error item under Continue On Fail; without it, the item's error.
	const failed = (property: string, failure: unknown): INodeExecutionData => {
		const nodeError = markFileRefusal(asNodeError(ctx, failure, itemIndex));
		if (!ctx.continueOnFail()) throw nodeError;
		return { json: errorItemJson(ctx, nodeError, named(property)) };
	};
	const entries: Array<INodeExecutionData | Promise<INodeExecutionData>> = [];
	for (const { property, file, error } of checked) {
		if (!file) {
			entries.push({ json: errorItemJson(ctx, error as Error, named(property)) });
			continue;
		}
		try {
			const outcome = await uploadDocument.call(ctx, gini, itemIndex, 'single', [property], [file]);
			// Waiting for Gini does not hold up the next attachment's upload.
			entries.push(
				isLater<INodeExecutionData>(outcome)
					? outcome.later.catch((failure: unknown) => failed(property, failure))
					: outcome,
			);
		} catch (uploadError) {
			entries.push(failed(property, uploadError));
		}
	}
	if (entries.some((entry) => entry instanceof Promise)) {
		// Without Continue On Fail the first failing attachment fails the item, once the others have settled.
		return later(
			Promise.allSettled(entries).then((settled) =>
				eachOutput(
					settled.map((outcome) => {
						if (outcome.status === 'rejected') throw asNodeError(ctx, outcome.reason, itemIndex);
						return outcome.value;
					}),
					skipped,
				),
			),
		);
	}
	return eachOutput(entries as INodeExecutionData[], skipped);
}

/**
 * An earlier execution began uploading this file and never learnt whether Gini stored it (its worker was killed, its
 * answer lost), and Gini holds documents of its name: Skip Files Uploaded Before does not send it again blindly.
 */
function interruptedUploadError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fileName: string,
	ids: string[],
): NodeOperationError {
	const error = new NodeOperationError(
		ctx.getNode(),
		`An earlier execution stopped while uploading "${fileName}", and Gini holds ${ids.length === 1 ? 'a document' : `${ids.length} documents`} of that name`,
		{
			itemIndex,
			description: `One of them may be this file: check ${ids.join(', ')} (Document > Get Extractions). The node did not upload it again. To upload it anyway, turn 'Skip Files Uploaded Before' off for one run.`,
		},
	);
	return withErrorFields(error, { candidateDocumentIds: ids, uploadMayExist: true });
}

/**
 * One document from the given binary fields (one file, or the pages of one document), as one output item. `checked`
 * are the fields' files when the caller has read and checked them already.
 */
async function uploadDocument(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
	pages: string,
	properties: string[],
	checked?: UploadFile[],
): Promise<INodeExecutionData | Later<INodeExecutionData>> {
	const options = this.getNodeParameter('options', itemIndex, {}) as UploadOptions;
	const files = checked ?? (await readUploadFiles(this, itemIndex, properties));
	const plan = planned(this, itemIndex, () =>
		planUpload(pages as Exclude<Pages, 'each'>, files, options),
	);
	const { target } = plan;
	const wait = this.getNodeParameter('waitForExtractions', itemIndex, true) as boolean;
	// Checked before uploading: a bad timeout must not leave an uploaded document behind a failed item.
	const timeout = wait ? waitTimeoutOf(this, itemIndex) : 0;

	const claim = options.skipUploadedBefore
		? await claimUpload(this, itemIndex, files, target.fileName)
		: undefined;
	if (claim?.skipped) return { json: claim.skipped };
	// Every request to Gini of the run shares one cap (Concurrency): the uploads and the waiter's looks alike.
	const { limiter } = runWaiter(this, waitingCap(this));
	let created: CreatedDocument | undefined;
	try {
		if (claim?.interrupted) {
			const found = await limiter.run(async () => await gini.documents.named(target.fileName));
			if (found.length > 0) throw interruptedUploadError(this, itemIndex, target.fileName, found);
		}
		created = await limiter.run(
			async () =>
				plan.send === 'eInvoice'
					? await gini.uploads.eInvoice(files[0], target)
					: plan.send === 'single'
						? await gini.uploads.single(files[0], target)
						: await gini.uploads.multiPage(files, plan.rotations, target),
			true,
		);
	} catch (error) {
		// A stopped execution may have stopped after Gini stored the file: the next one looks before uploading.
		const stopped = this.getExecutionCancelSignal?.()?.aborted === true;
		await claim?.failed(stopped || isLostAnswerError(error));
		throw asNodeError(this, error, itemIndex);
	}
	await claim?.uploaded(created.id);
	const { id, url } = created;
	recordCreated(this, itemIndex, id);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	// The uploaded files only: with Each Binary Field, each item carries its own file.
	const input = this.getInputData()[itemIndex].binary ?? {};
	const binary = options.includeInputBinary
		? Object.fromEntries(
				properties.filter((name) => input[name]).map((name) => [name, input[name]]),
			)
		: undefined;
	// Sent again after a lost answer: Gini may also hold the lost attempt's copy (api/uploads.ts).
	const lostCopy: IDataObject = created.uploadMayExist
		? lostCopyFields(target.fileName, created.lostSince ?? Date.now())
		: {};
	const withBinary = outputWith(binary, lostCopy);

	if (!wait) {
		// What Gini's 201 answer said (its body may be the document JSON or empty; the Location names the id).
		const known = { documentId: id, fileName: target.fileName, status: 'uploaded' };
		if (!options.readBack) {
			const head = { ...documentHead(created.document, known), documentId: id };
			return withBinary(paymentItem({ head, document: created.document, simplify }) as IDataObject);
		}
		try {
			const document = await gini.documents.get(url);
			const head = { ...documentHead(document, known), documentId: id };
			return withBinary(paymentItem({ head, document, simplify }) as IDataObject);
		} catch (error) {
			// The upload worked; only reading it back failed (after its own retries). Not an error item: a workflow
			// that repeats failed items would upload the document twice.
			const head = { ...documentHead(created.document, known), documentId: id };
			return withBinary({ ...head, readError: (error as Error).message });
		}
	}
	// The document joins the run's waiter; the upload's slot is free for the next file (api/waiter.ts).
	// A failure after the document was created says which document it was, so that the extractions are fetched
	// later instead of the file being uploaded again.
	return later(
		naming(
			this,
			itemIndex,
			{
				documentId: id,
				uploadMayExist: created.uploadMayExist,
				note: `The document was uploaded (ID ${id}): get its extractions with Document > Get Extractions rather than uploading it again.`,
			},
			paymentData(this, { gini, created, itemIndex, simplify, timeout, options }, withBinary),
		),
	);
}

/**
 * The output item of a document once its payment data is in: the payment item, the uploaded binaries when asked
 * for, and the warning of a resend after a lost answer.
 */
function outputWith(
	binary: INodeExecutionData['binary'],
	lostCopy: IDataObject,
): (output: IDataObject) => INodeExecutionData {
	return (output) => {
		const json = { ...output, ...lostCopy };
		return binary ? { json, binary } : { json };
	};
}

/**
 * Waits in the run's waiter for an uploaded document and reads its payment data. Outside `uploadDocument` on purpose:
 * what it keeps while the document waits is only what it is given here, never the file that was sent, so a batch's
 * binaries are released once uploaded, whatever its size.
 */
async function paymentData(
	ctx: IExecuteFunctions,
	sent: {
		gini: GiniClient;
		created: CreatedDocument;
		itemIndex: number;
		simplify: boolean;
		timeout: number;
		options: Pick<UploadOptions, 'flagPossibleDuplicates'>;
	},
	output: (json: IDataObject) => INodeExecutionData,
): Promise<INodeExecutionData> {
	const { gini, created, itemIndex } = sent;
	const { limiter, waiter } = runWaiter(ctx, waitingCap(ctx));
	// Gini's 201 may carry the document (then the first look follows one interval later); it was just created.
	const answered = created.document?.progress === undefined ? undefined : created.document;
	const processed = await gini.documents.whenProcessed(waiter, created.url, sent.timeout, {
		known: answered,
		justCreated: true,
	});
	gini.documents.assertProcessed(processed);
	const extractions = await limiter.run(async () => await gini.documents.extractions(created.url));
	const guard = sent.options.flagPossibleDuplicates
		? { ...(await guardPayment(ctx, itemIndex, created.id, extractions)) }
		: undefined;
	return output(extractionsOutput(processed, extractions, sent.simplify, guard));
}
