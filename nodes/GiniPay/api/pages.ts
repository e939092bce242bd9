import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	payApiRequest,
	type GiniContext,
	type GiniResponse,
	type GiniSession,
	type GiniUser,
	type ShapedRequest,
} from '../transport';

/** Gini's iOS SDK asks again every second while a page is not rendered (docs/gini-api.md §4.8). */
export const RENDERING_POLL_MS = 1000;

/**
 * Sends a GET and, while Gini answers 404 (the page previews are not rendered yet, docs/gini-api.md §4.8), asks
 * again every second until `deadline` (ms since the epoch). Then the 404 fails the item, saying what was waited for;
 * the error keeps Gini's status and request ID.
 */
async function untilRendered(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	request: ShapedRequest,
	action: string,
	waitedFor: RenderingWait & { what: string },
): Promise<GiniResponse> {
	for (;;) {
		try {
			return await payApiRequest(ctx, session, user, request, action);
		} catch (error) {
			const notRendered = error instanceof NodeApiError && error.httpCode === '404';
			if (notRendered && Date.now() + RENDERING_POLL_MS <= waitedFor.deadline) {
				await sleep(RENDERING_POLL_MS);
				continue;
			}
			if (notRendered) {
				// Gini's status and request ID stay on the error; the message says what the node waited for.
				error.message = `Gini had no ${waitedFor.what} of document ${waitedFor.documentId} after ${waitedFor.seconds} s`;
				error.description = [
					"Gini answers 404 until it has rendered the page images of a document it is still processing. Raise 'Timeout (Seconds)' in 'Options', or try again later.",
					error.description,
				]
					.filter(Boolean)
					.join(' ');
			}
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: session.itemIndex });
		}
	}
}

/** How long to wait for page images that Gini is still rendering. */
export interface RenderingWait {
	/** When to give up, in ms since the epoch. */
	deadline: number;
	/** The timeout as the user set it, for the error message. */
	seconds: number;
	/** The document, for the error message. */
	documentId: string;
}

/** `GET /documents/{id}/pages`: the pages and their images' links by size (docs/gini-api.md §4.8). */
export async function fetchPages(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
	wait: RenderingWait,
): Promise<IDataObject[]> {
	const response = await untilRendered(
		ctx,
		session,
		user,
		{ method: 'GET', url, expect: 'pageList' },
		'Reading the pages of the document',
		{ what: 'list of page images', ...wait },
	);
	return response.body as IDataObject[];
}

/** `GET /documents/{id}/pages/{n}/{size}`: one page as a JPEG image (docs/gini-api.md §4.8). */
export async function fetchPageImage(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
	pageNumber: number,
	wait: RenderingWait,
): Promise<Buffer> {
	const response = await untilRendered(
		ctx,
		session,
		user,
		{
			method: 'GET',
			url,
			expect: 'pageImage',
			headers: { Accept: 'image/jpeg' },
			encoding: 'arraybuffer',
		},
		`Reading the image of page ${pageNumber}`,
		{ what: `image of page ${pageNumber}`, ...wait },
	);
	return response.body as Buffer;
}
