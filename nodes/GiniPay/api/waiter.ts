import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { DOCUMENT_LINK, linkedId } from '../shared/links';
import { Limiter } from '../shared/limiter';
import { DocumentWaiter, type ListedDocuments, type WaiterOptions } from '../shared/waiter';
import { userLabel, type GiniContext, type GiniSession, type GiniUser } from '../transport';
import { fetchDocument } from './documents';
import { stillProcessingError } from './extractions';
import { listDocuments } from './listing';

/**
 * The waiter of a node run (shared/waiter.ts) on the real clock and Gini's real API: documents read with
 * GET /documents/{id}, a user's many waiting documents seen at once with GET /documents (docs/gini-api.md §4.2, §4.3),
 * every request through the run's Limiter, which the uploads share.
 */
export type GiniWaiter = DocumentWaiter<IDataObject>;

/** 429 and 503 that the transport's own retries (with `Retry-After`) did not get past. */
export function throttleOf(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	return error.httpCode === '429' || error.httpCode === '503' ? 0 : undefined;
}

export function createWaiter(
	limiter: Limiter,
	options: Partial<Omit<WaiterOptions, 'limiter'>> = {},
): GiniWaiter {
	return new DocumentWaiter<IDataObject>({
		now: () => Date.now(),
		sleep: async (ms) => await sleep(ms),
		...options,
		limiter,
	});
}

const RUNS = new WeakMap<object, { limiter: Limiter; waiter: GiniWaiter }>();

/**
 * The limiter and waiter of one node run, made on first use: `run` is an object that lives as long as the run (the
 * execute context, or the run's item list), `concurrency` the cap on requests in flight (Request Options >
 * Concurrency). Uploads take their slots from the same limiter.
 */
export function runWaiter(
	run: object,
	concurrency: number,
): { limiter: Limiter; waiter: GiniWaiter } {
	let found = RUNS.get(run);
	if (!found) {
		const limiter = new Limiter(concurrency);
		found = { limiter, waiter: createWaiter(limiter) };
		RUNS.set(run, found);
	}
	return found;
}

/** Documents of one user at one Pay API: what one listing can show. */
export function waitGroup(session: GiniSession, user: GiniUser): string {
	return `${session.payApiUrl} ${user.kind} ${userLabel(user)}`;
}

/**
 * Waits until Gini has processed the document at `url` (progress leaves PENDING) or `timeoutSeconds` pass, and fails
 * this item alone then, with stillProcessingError (api/extractions.ts). `known` is the document as
 * read just now (an upload's read-back): the first look follows one interval later.
 */
export async function waitForDocument(
	waiter: GiniWaiter,
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
	timeoutSeconds: number,
	known?: IDataObject,
	justCreated = false,
): Promise<IDataObject> {
	const now = Date.now();
	return await waiter.wait({
		url,
		deadline: now + timeoutSeconds * 1000,
		group: waitGroup(session, user),
		last: known ? { document: known, at: now } : undefined,
		firstLookAt: !known && justCreated ? now + waiter.currentIntervalMs : undefined,
		// A 429 or 503 slows the waiter down for every document, as soon as the transport sees it (it then waits for
		// `Retry-After` and reads again). One past the read's own retries also fails this item, naming its document,
		// as it did before the waiter (a person can fetch the payment data later).
		read: async () => {
			try {
				return await fetchDocument(ctx, session, user, url, (ms) => waiter.slowDown(ms));
			} catch (error) {
				throw slowingDown(waiter, error);
			}
		},
		list: async (since, maxRequests): Promise<ListedDocuments<IDataObject>> => {
			let requests = 0;
			const listed = await listDocuments(ctx, session, user, {
				action: 'Watching the documents Gini is processing',
				since: () => since,
				onAnswer: () => {
					requests++;
				},
				// Oldest first, Gini would page from the user's first document: not worth it, GETs then.
				shouldStop: () => requests >= maxRequests,
			});
			if (!listed.complete) throw new Error('Listing the documents costs more than reading them');
			return { documents: listed.documents, requests };
		},
		timedOut: (last) =>
			stillProcessingError(
				ctx,
				session,
				last ?? { id: linkedId(url, DOCUMENT_LINK) ?? url },
				timeoutSeconds,
			),
	});
}

/** Slows the waiter down when `error` is Gini throttling (429, 503); returns the error to fail the item with. */
function slowingDown(waiter: GiniWaiter, error: unknown): unknown {
	const pause = throttleOf(error);
	if (pause !== undefined) waiter.slowDown(pause);
	return error;
}
