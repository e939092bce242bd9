import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { GINI_COMPOSITE_JSON, checkUpload, type DocumentMediaType } from '../../shared/mediaTypes';
import { payApiRequest, type GiniSession, type GiniUser } from '../../transport';
import { createdLocation } from './shared';

/** Gini processes the first 10 pages of a document (gini-api.md §4.1, "Limits"). */
export const MAX_PAGES = 10;

export interface UploadFile {
	property: string;
	bytes: Buffer;
	mediaType: DocumentMediaType;
	fileName: string;
}

/** Reads one binary through n8n's helpers (any binary data mode) and checks it as Gini would. */
export async function readUploadFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<UploadFile> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, property);
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	const check = checkUpload(bytes, binary.mimeType);
	if (!check.ok) {
		throw new NodeOperationError(ctx.getNode(), `${check.reason} (binary field "${property}")`, {
			itemIndex,
			description: check.hint,
		});
	}
	return { property, bytes, mediaType: check.mediaType, fileName: binary.fileName ?? property };
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

async function post(
	ctx: IExecuteFunctions,
	session: GiniSession,
	user: GiniUser,
	target: UploadTarget,
	contentType: string,
	body: Buffer | IDataObject,
	action: string,
): Promise<string> {
	const created = await payApiRequest(
		ctx,
		session,
		user,
		{
			method: 'POST',
			url: `${session.payApiUrl}/documents`,
			qs: query(target),
			headers: { 'Content-Type': contentType, ...target.metadata },
			body,
		},
		action,
	);
	return createdLocation(ctx, session, created);
}

/** One file, one document (gini-api.md §4.1). Returns the document's URL. */
export async function uploadSingle(
	ctx: IExecuteFunctions,
	session: GiniSession,
	user: GiniUser,
	file: UploadFile,
	target: UploadTarget,
): Promise<string> {
	return await post(ctx, session, user, target, file.mediaType, file.bytes, 'Uploading the document');
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
): Promise<string> {
	const partials: string[] = [];
	for (const [index, file] of files.entries()) {
		const subtype = file.mediaType.split('/')[1];
		partials.push(
			await post(
				ctx,
				session,
				user,
				{ ...target, fileName: file.fileName },
				`application/vnd.gini.v1.partial+${subtype}`,
				file.bytes,
				`Uploading page ${index + 1}`,
			),
		);
	}
	const composite = {
		partialDocuments: partials.map((document, index) => ({ document, rotationDelta: rotations[index] ?? 0 })),
	};
	return await post(ctx, session, user, target, GINI_COMPOSITE_JSON, composite, 'Creating the multi-page document');
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
