import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { UploadFile } from '../../api/uploads';
import { MAX_DOCUMENT_BYTES, checkUpload, signatureType } from '../../shared/mediaTypes';
import { withErrorFields } from '../../shared/errorFields';

const HEAD_BYTES = 64;

/**
 * Stored files up to this size are read in one go. Streaming one costs three reads of the store (its metadata, its
 * first bytes, its body), each an open of a file, an S3 request or a database query; reading it whole costs one, and
 * holding it costs little: at most Concurrency × 1 MiB.
 */
export const SMALL_FILE_BYTES = 1024 * 1024;

/** The size n8n recorded when it stored the binary (`bytes`, beside the readable `fileSize`), if it did. */
function storedSize(binary: IBinaryData): number | undefined {
	const { bytes } = binary;
	return typeof bytes === 'number' && Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
}

async function readHead(ctx: IExecuteFunctions, binaryId: string): Promise<Buffer> {
	const stream = (await ctx.helpers.getBinaryStream(
		binaryId,
		HEAD_BYTES,
	)) as AsyncIterable<Buffer> & {
		destroy(): void;
	};
	try {
		for await (const chunk of stream) return Buffer.from(chunk).subarray(0, HEAD_BYTES);
		return Buffer.alloc(0);
	} finally {
		stream.destroy();
	}
}

function refuse(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	reason: string,
	hint: string,
): never {
	// The file itself is refused: the same bytes fail the same way in any later run (`retryable: false` on its item).
	const error = new NodeOperationError(ctx.getNode(), `${reason} (binary field "${property}")`, {
		itemIndex,
		description: hint,
	});
	throw withErrorFields(error, { retryable: false });
}

/**
 * Reads one binary through n8n's helpers, whatever the binary data mode, and checks it as Gini would. A PDF or
 * image over 1 MiB that n8n keeps outside memory (filesystem, S3, database) is streamed: only its first bytes are
 * read here, and each attempt opens a new stream, so memory stays flat in the file size. What is already in memory,
 * a stored file of at most 1 MiB by n8n's record of its size, and plain text (which must be checked whole and is
 * under 512 KiB) are read whole, in one read.
 */
export async function readUploadFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	stream: boolean,
): Promise<UploadFile> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, property);
	const fileName = binary.fileName ?? property;
	const size = storedSize(binary);
	if (stream && binary.id && (size === undefined || size > SMALL_FILE_BYTES)) {
		const binaryId = binary.id;
		const { fileSize } = await ctx.helpers.getBinaryMetadata(binaryId);
		const head = await readHead(ctx, binaryId);
		if (signatureType(head)) {
			const check = checkUpload(head, binary.mimeType, fileSize, binary.fileName);
			if (!check.ok) refuse(ctx, itemIndex, property, check.reason, check.hint);
			const open = async () => await ctx.helpers.getBinaryStream(binaryId);
			return { property, content: open, size: fileSize, mediaType: check.mediaType, fileName };
		}
		if (fileSize >= MAX_DOCUMENT_BYTES) {
			const check = checkUpload(head, binary.mimeType, fileSize, binary.fileName);
			if (!check.ok) refuse(ctx, itemIndex, property, check.reason, check.hint);
		}
	}
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	const check = checkUpload(bytes, binary.mimeType, bytes.length, binary.fileName);
	if (!check.ok) refuse(ctx, itemIndex, property, check.reason, check.hint);
	return { property, content: bytes, size: bytes.length, mediaType: check.mediaType, fileName };
}

/** Whether Stream Uploads is on (the default) for the item. */
export function streamsUploads(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return (
		(ctx.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject).streamUploads !== false
	);
}

/** The binaries' files, read and checked in order (readUploadFile); the first bad one throws. */
export async function readUploadFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: string[],
): Promise<UploadFile[]> {
	const stream = streamsUploads(ctx, itemIndex);
	const files: UploadFile[] = [];
	for (const property of properties) {
		files.push(await readUploadFile(ctx, itemIndex, property, stream));
	}
	return files;
}

/**
 * The first bytes of a binary, enough for its signature: from the store for a stored binary, else decoded from the
 * start of its base64 text only.
 */
export async function readBinaryHead(ctx: IExecuteFunctions, binary: IBinaryData): Promise<Buffer> {
	if (binary.id) return await readHead(ctx, binary.id);
	return Buffer.from(binary.data.slice(0, Math.ceil(HEAD_BYTES / 3) * 4), 'base64');
}
