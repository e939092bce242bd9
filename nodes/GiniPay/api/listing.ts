import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	DocumentPager,
	ListingError,
	MAX_PAGES,
	type ListGoal,
	type ListOrder,
	type PageQuery,
	type Probe,
} from '../shared/listing';
import {
	payApiRequest,
	type GiniContext,
	type GiniResponse,
	type GiniSession,
	type GiniUser,
} from '../transport';

/** Documents asked for per page. Gini's default is 20 and it may answer fewer than asked. */
export const PAGE_SIZE = 100;

export interface ListOptions extends ListGoal {
	/** What the requests are for, in error messages (e.g. "Listing documents"). */
	action?: string;
	/** Asked before each request after the first: true stops the listing (`complete` false). */
	shouldStop?: () => boolean;
	/** Sees each answer and when its request was sent (this machine's clock). */
	onAnswer?: (response: GiniResponse, sentAt: number) => void;
	/** Bound on the requests of one listing (shared/listing.ts MAX_PAGES). */
	maxPages?: number;
}

export interface DocumentList {
	/** Each listed document once, newest first (by creationDate; undated ones last). */
	documents: IDataObject[];
	/** False when `shouldStop` ended the listing before the goal was reached. */
	complete: boolean;
	/** The order Gini listed in, as its creation dates showed. */
	order: ListOrder;
	/** Whether the listing started at `resume` (false: the resume was refused, the listing started over). */
	resumed: boolean;
	/** How the pages after the first were asked for: the `next` cursor or `offset` (undefined: one page). */
	paging: Probe | undefined;
	/** The position in Gini's list of the first document listed (an `offset` resume starts past 0). */
	firstOffset: number;
}

function queryOf(query: PageQuery): IDataObject {
	const qs: IDataObject = { limit: query.limit };
	if (query.next !== undefined) qs.next = query.next;
	if (query.offset !== undefined) qs.offset = query.offset;
	return qs;
}

/** Hands an answer to the pager; the ListingError when the list cannot be read to an end. */
function takeOrExplain(
	pager: DocumentPager<IDataObject>,
	documents: IDataObject[],
	totalCount: unknown,
): ListingError | undefined {
	try {
		pager.take(documents, totalCount);
		return undefined;
	} catch (error) {
		if (error instanceof ListingError) return error;
		// take() throws nothing else; anything that does is a defect of the node, shown as such.
		return new ListingError(
			(error as Error).message,
			'The node failed while reading the document list.',
		);
	}
}

/**
 * The user's documents, whatever Gini's paging does (shared/listing.ts): the `next` cursor Gini
 * documents, `offset` only where Gini shows it honours it, each document once, newest first. The one
 * lister of Get Many, the Trigger and the lookup after a lost upload answer.
 */
export async function listDocuments(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	options: ListOptions = {},
): Promise<DocumentList> {
	const action = options.action ?? 'Listing documents';
	const maxPages = options.maxPages ?? MAX_PAGES;
	let pager = new DocumentPager<IDataObject>(PAGE_SIZE, options, maxPages);
	let resumed = options.resume !== undefined;
	let requests = 0;
	for (let query = pager.query(); query; query = pager.query()) {
		if (requests > 0 && options.shouldStop?.()) {
			return {
				documents: pager.documents(),
				complete: false,
				order: pager.order,
				resumed,
				paging: pager.paging,
				firstOffset: resumed ? (options.resume?.offset ?? 0) : 0,
			};
		}
		const sentAt = Date.now();
		const response = await payApiRequest(
			ctx,
			session,
			user,
			{
				method: 'GET',
				url: `${session.payApiUrl}/documents`,
				qs: queryOf(query),
				expect: 'documentList',
			},
			action,
		);
		requests += 1;
		options.onAnswer?.(response, sentAt);
		const body = (response.body ?? {}) as { documents?: unknown; totalCount?: unknown };
		const documents = (Array.isArray(body.documents) ? body.documents : []).filter(
			(document): document is IDataObject => typeof document === 'object' && document !== null,
		);
		const stuck = takeOrExplain(pager, documents, body.totalCount);
		if (stuck) {
			const message = `${action} failed: ${stuck.message}`;
			throw new NodeApiError(ctx.getNode(), { message } as JsonObject, {
				message,
				description: stuck.description,
				itemIndex: session.itemIndex,
			});
		}
		if (pager.resumeRefused) {
			// Gini did not answer where the earlier listing stopped: this one starts over from the
			// beginning of the list.
			pager = new DocumentPager<IDataObject>(
				PAGE_SIZE,
				{ ...options, resume: undefined },
				maxPages,
			);
			resumed = false;
		}
	}
	return {
		documents: pager.documents(),
		complete: true,
		order: pager.order,
		resumed,
		paging: pager.paging,
		firstOffset: resumed ? (options.resume?.offset ?? 0) : 0,
	};
}
