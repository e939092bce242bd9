import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	GINI_COMPOSITE_JSON,
	MAX_DOCUMENT_BYTES,
	checkUpload,
	signatureType,
	type DocumentMediaType,
} from '../../shared/mediaTypes';
import { payApiRequest, type GiniSession, type GiniUser, type OpenStream } from '../../transport';
import { createdLocation } from './shared';

/** Gini processes the first 10 pages of a document (gini-api.md §4.1, "Limits"). */
export const MAX_PAGES = 10;

export interface UploadFile {
	property: string;
	/** The bytes, or a way to open them as a stream for each attempt (see readUploadFile). */
	content: Buffer | OpenStream;
	size: number;
	mediaType: DocumentMediaType;
	fileName: string;
}

const HEAD_BYTES = 64;

async function readHead(ctx: IExecuteFunctions, binaryId: string): Promise<Buffer> {
	const stream = (await ctx.helpers.getBinaryStream(binaryId, HEAD_BYTES)) as AsyncIterable<Buffer> & {
		destroy(): void;
	};
	try {
		for await (const chunk of stream) return Buffer.from(chunk).subarray(0, HEAD_BYTES);
		return Buffer.alloc(0);
	} finally {
		stream.destroy();
	}
}

function refuse(ctx: IExecuteFunctions, itemIndex: number, property: string, reason: string, hint: string): never {
	throw new NodeOperationError(ctx.getNode(), `${reason} (binary field "${property}")`, { itemIndex, description: hint });
}

/**
 * Reads one binary through n8n's helpers, whatever the binary data mode, and checks it as Gini would. A PDF or
 * image that n8n keeps outside memory (filesystem, S3, database) is streamed: only its first bytes are read here,
 * and each attempt opens a new stream. What is already in memory, and plain text (which must be checked whole and
 * is under 512 KiB), is buffered.
 */
export async function readUploadFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	stream: boolean,
): Promise<UploadFile> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, property);
	const fileName = binary.fileName ?? property;
	if (stream && binary.id) {
		const binaryId = binary.id;
		const { fileSize } = await ctx.helpers.getBinaryMetadata(binaryId);
		const head = await readHead(ctx, binaryId);
		if (signatureType(head)) {
			const check = checkUpload(head, binary.mimeType, fileSize);
			if (!check.ok) refuse(ctx, itemIndex, property, check.reason, check.hint);
			const open = async () => await ctx.helpers.getBinaryStream(binaryId);
			return { property, content: open, size: fileSize, mediaType: check.mediaType, fileName };
		}
		if (fileSize >= MAX_DOCUMENT_BYTES) {
			const check = checkUpload(head, binary.mimeType, fileSize);
			if (!check.ok) refuse(ctx, itemIndex, property, check.reason, check.hint);
		}
	}
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	const check = checkUpload(bytes, binary.mimeType);
	if (!check.ok) refuse(ctx, itemIndex, property, check.reason, check.hint);
	return { property, content: bytes, size: bytes.length, mediaType: check.mediaType, fileName };
}

export interface UploadTarget {
	fileName: string;
	docType?: string;
	metadata: IDataObject;
}

function query(target: UploadTarget): IDataObject {
	const qs: IDataObject = { filename: target.fileName };
	if (target.docType) qs.doctype = target.docType;
	return qs;
}

/** How an upload ended: Gini answered 201, or the answer was lost and the document was found afterwards. */
export interface Uploaded {
	url: string;
	reconciled: boolean;
}

/** Documents this process created or recovered, so two reconciliations never claim the same document. */
const claimed = new Set<string>();
const MAX_CLAIMED = 10_000;

function claim(url: string): void {
	claimed.add(url);
	if (claimed.size > MAX_CLAIMED) claimed.delete(claimed.values().next().value as string);
}

/** Tolerance for the clocks of n8n and Gini when comparing "created after the attempt began". */
const CLOCK_SKEW_MS = 5_000;

/** Documents per page when looking for a lost upload (Get Many pages by 100 too). */
const RECONCILE_PAGE_SIZE = 100;

/**
 * After an upload whose answer was lost (a reset after the body was sent, a timeout), looks among the user's
 * newest documents for one with the same name created after the attempt began. Found: that is our document.
 * The list is newest first (gini-api.md §4.2), so it pages back until the documents predate the attempt: uploads
 * running alongside may have pushed ours off the first page while this lookup was itself being retried. Documents
 * added between two pages only shift the next page, so none is skipped.
 */
async function findLostUpload(
	ctx: IExecuteFunctions,
	session: GiniSession,
	user: GiniUser,
	fileName: string,
	attemptStartedAt: number,
): Promise<string | undefined> {
	const since = attemptStartedAt - CLOCK_SKEW_MS;
	for (let offset = 0; ; ) {
		const response = await payApiRequest(
			ctx,
			session,
			user,
			{
				method: 'GET',
				url: `${session.payApiUrl}/documents`,
				qs: { offset, limit: RECONCILE_PAGE_SIZE },
				expect: 'documentList',
			},
			'Looking for an upload whose answer was lost',
		);
		const documents = ((response.body as IDataObject)?.documents ?? []) as IDataObject[];
		const match = documents.find((document) => {
			const url = `${session.payApiUrl}/documents/${String(document.id)}`;
			return document.name === fileName && Number(document.creationDate) >= since && !claimed.has(url);
		});
		if (match) return `${session.payApiUrl}/documents/${String(match.id)}`;
		const oldest = documents[documents.length - 1];
		if (documents.length < RECONCILE_PAGE_SIZE || !(Number(oldest?.creationDate) >= since)) return undefined;
		offset += documents.length;
	}
}

async function post(
	ctx: IExecuteFunctions,
	session: GiniSession,
	user: GiniUser,
	target: UploadTarget,
	contentType: string,
	body: Buffer | IDataObject | OpenStream,
	action: string,
	size?: number,
): Promise<Uploaded> {
	let recovered: string | undefined;
	const created = await payApiRequest(
		ctx,
		session,
		user,
		{
			method: 'POST',
			url: `${session.payApiUrl}/documents`,
			qs: query(target),
			headers: {
				'Content-Type': contentType,
				...target.metadata,
				...(typeof body === 'function' && size !== undefined ? { 'Content-Length': size } : {}),
			},
			body,
			retry: 'create',
			expect: 'created',
			reconcile: async (attemptStartedAt) => {
				recovered = await findLostUpload(ctx, session, user, target.fileName, attemptStartedAt);
				return recovered ? { statusCode: 201, headers: { location: recovered }, body: '' } : undefined;
			},
		},
		action,
	);
	const url = createdLocation(ctx, session, created);
	claim(url);
	return { url, reconciled: recovered === url };
}

/** One file, one document (gini-api.md §4.1). Returns the document's URL. */
export async function uploadSingle(
	ctx: IExecuteFunctions,
	session: GiniSession,
	user: GiniUser,
	file: UploadFile,
	target: UploadTarget,
): Promise<Uploaded> {
	return await post(ctx, session, user, target, file.mediaType, file.content, 'Uploading the document', file.size);
}

/**
 * Several files as one document: each page is a partial document, then a composite joins them in order, with a
 * rotation per page (gini-api.md §4.1.1, §4.1.2). Returns the composite's URL.
 */
export async function uploadMultiPage(
	ctx: IExecuteFunctions,
	session: GiniSession,
	user: GiniUser,
	files: UploadFile[],
	rotations: number[],
	target: UploadTarget,
): Promise<Uploaded> {
	const partials: Uploaded[] = [];
	for (const [index, file] of files.entries()) {
		const subtype = file.mediaType.split('/')[1];
		partials.push(
			await post(
				ctx,
				session,
				user,
				{ ...target, fileName: file.fileName },
				`application/vnd.gini.v1.partial+${subtype}`,
				file.content,
				`Uploading page ${index + 1}`,
				file.size,
			),
		);
	}
	const composite = {
		partialDocuments: partials.map(({ url }, index) => ({ document: url, rotationDelta: rotations[index] ?? 0 })),
	};
	const joined = await post(ctx, session, user, target, GINI_COMPOSITE_JSON, composite, 'Creating the multi-page document');
	return { ...joined, reconciled: joined.reconciled || partials.some((partial) => partial.reconciled) };
}

/** "0, 90, 180" → [0, 90, 180]; each a multiple of 90, normalised to 0..270 as Gini's Android SDK does. */
export function parseRotations(ctx: IExecuteFunctions, itemIndex: number, text: string): number[] {
	if (!text.trim()) return [];
	return text.split(',').map((part) => {
		const degrees = Number(part.trim());
		if (!Number.isInteger(degrees) || degrees % 90 !== 0) {
			throw new NodeOperationError(ctx.getNode(), `"${part.trim()}" is not a rotation`, {
				itemIndex,
				description: 'Give one rotation per page in degrees, a multiple of 90, e.g. "0, 90, 0".',
			});
		}
		return ((degrees % 360) + 360) % 360;
	});
}
