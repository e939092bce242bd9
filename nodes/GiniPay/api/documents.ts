import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DOCUMENT_LINK, idOrLinkedId, linkedId, resourceUrl } from '../shared/links';
import {
	locationOf,
	payApiRequest,
	type GiniContext,
	type GiniResponse,
	type GiniSession,
	type GiniUser,
} from '../transport';
import { readPayApi } from './read';

/**
 * The URL of one document on the configured Pay API, from its ID or from a link Gini wrote (`Location`,
 * `_links.document`, `partialDocuments[].document`, ...). A link is rebased on the configured base by its path
 * (shared/links.ts), whatever host it names: behind a gateway Gini names its own host, and the request, with the
 * user's credentials, goes to the configured base only. Anything but a document (a sub-resource such as
 * `<document>/extractions`) is refused, before any request.
 */
export function documentUrl(ctx: GiniContext, session: GiniSession, idOrUrl: string): string {
	const value = idOrUrl.trim();
	const id = idOrLinkedId(value, DOCUMENT_LINK);
	if (id !== undefined) return resourceUrl(session.payApiUrl, DOCUMENT_LINK, id);
	if (/^([a-z][a-z\d+.-]*:)?\/\//i.test(value) || value.startsWith('/')) {
		throw new NodeOperationError(ctx.getNode(), 'The URL does not name a Gini document', {
			itemIndex: session.itemIndex,
			description:
				"Expected a document URL ending in /documents/<document ID> (on the credential's 'Pay API Base URL'), not a sub-resource such as .../extractions.",
		});
	}
	throw new NodeOperationError(ctx.getNode(), 'The document ID is empty or malformed', {
		itemIndex: session.itemIndex,
		description: 'Give the ID of a Gini document (a UUID) or its URL.',
	});
}

/** A document Gini created: its URL on the configured base, and the link Gini wrote for it (for composites). */
export interface CreatedDocument {
	id: string;
	url: string;
	/** The `Location` as Gini wrote it (absolute), which a composite refers to (docs/gini-api.md §4.1.1). */
	link: string;
	/** The document JSON when the 201 answer carried one (Gini may answer with an empty body). */
	document?: IDataObject;
	/**
	 * Set when the document was created by an attempt sent again after an earlier one's answer was lost (and the
	 * lookups found nothing): Gini may still hold a copy from that attempt, created since `lostSince`.
	 */
	uploadMayExist?: true;
	lostSince?: number;
}

/**
 * The document a 201 answer to an upload names. Gini's `Location` is rebased on the configured base by its path, as
 * Gini's SDKs do; when it names no document (or is missing), the `id` of the document JSON in the answer, if any.
 * Only when neither names one does the item fail, and then it says a document was created, so that nobody uploads
 * the file again blindly.
 */
export function createdDocument(
	ctx: GiniContext,
	session: GiniSession,
	response: GiniResponse,
): CreatedDocument {
	const location = locationOf(response);
	const answered = response.body as IDataObject | undefined;
	const document =
		answered !== null &&
		typeof answered === 'object' &&
		!Array.isArray(answered) &&
		typeof answered.id === 'string'
			? answered
			: undefined;
	const fromLocation = location === undefined ? undefined : linkedId(location, DOCUMENT_LINK);
	if (location !== undefined && fromLocation !== undefined) {
		const url = resourceUrl(session.payApiUrl, DOCUMENT_LINK, fromLocation);
		const link = URL.canParse(location) ? location : url;
		return { id: fromLocation, url, link, document };
	}
	const body = response.body as IDataObject | undefined;
	const fromBody = typeof body?.id === 'string' ? idOrLinkedId(body.id, DOCUMENT_LINK) : undefined;
	if (fromBody !== undefined) {
		const url = resourceUrl(session.payApiUrl, DOCUMENT_LINK, fromBody);
		const links = body?._links as IDataObject | undefined;
		const self = typeof links?.document === 'string' ? links.document : undefined;
		const link =
			self !== undefined && linkedId(self, DOCUMENT_LINK) === fromBody && URL.canParse(self)
				? self
				: url;
		return { id: fromBody, url, link, document };
	}
	throw new NodeOperationError(
		ctx.getNode(),
		location === undefined
			? 'Gini created the document but sent no Location header'
			: 'Gini created the document but its Location is not a document URL',
		{
			itemIndex: session.itemIndex,
			description:
				(location === undefined ? '' : `Gini answered with Location "${location}". `) +
				'The document exists at Gini: find it with Document > Get Many before uploading the file again.',
		},
	);
}

/** One document with its processing status (docs/gini-api.md §4.3). */
export async function fetchDocument(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
	onThrottle?: (waitMs: number) => void,
): Promise<IDataObject> {
	return await readPayApi(ctx, session, user, url, 'document', 'Reading the document', onThrottle);
}

/**
 * Deletes one document. Deleting is safe to repeat; when the answer to a DELETE was lost and the repeat gets 404, the
 * lost one deleted the document, and the transport takes that 404 as success (shape 'deleted', shared/answers.ts).
 */
export async function deleteDocument(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
): Promise<void> {
	await payApiRequest(
		ctx,
		session,
		user,
		{ method: 'DELETE', url, expect: 'deleted' },
		'Deleting the document',
	);
}
