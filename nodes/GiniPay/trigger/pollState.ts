/**
 * Where the Gini Pay Trigger stands between polls, as pure functions (storedState.ts keeps it in
 * the workflow's static data). No n8n imports, no clock: every time here is Gini's
 * `creationDate` (ms), so the position never depends on the clock of the n8n host (docs/gini-api.md
 * §4.3).
 *
 * The position is a `floor` plus the documents `known` at or above it: every document created
 * before the floor has been handled, and a document at or above it has been handled exactly when
 * its id is known. A poll lists the documents created at or after the floor, in whatever order Gini
 * lists them (§4.2, api/listing.ts). The floor trails the newest creation date by LOOKBACK_MS, so that
 * a document whose upload started earlier but became visible later (a large file next to a small
 * one) is still found; `known` keeps such late documents from being emitted twice. The floor moves
 * for no other reason: the state is bounded by that time window, not by a number of ids, so a burst
 * of documents never lifts the floor past one that could still appear.
 */

/** What the trigger needs to know about one listed or fetched document. */
export interface DocumentStatus {
	id: string;
	/**
	 * Gini's creationDate (ms); NaN when Gini sent none that reads as a date. Such an "undated"
	 * document cannot be placed against the floor: it is remembered by id alone (`undated`).
	 */
	creationDate: number;
	/** PENDING, COMPLETED or ERROR (docs/gini-api.md §4.3). */
	progress: string;
	/** A page of a multi-page upload (§4.1.1): users want the composite that joins the pages. */
	partial: boolean;
}

/** The position in memory; storedState.ts turns it into JSON for the static data and back. */
export interface TriggerState {
	/** Which Pay API, client and user the position is for (a hash): another one starts afresh. */
	account: string;
	/** Every document created before this (Gini's creationDate, ms) has been handled. */
	floor: number;
	/** Handled documents created at or after `floor`: id → creationDate. */
	known: Map<string, number>;
	/** Documents seen while PENDING, looked at each poll until they finish: id → creationDate. */
	pending: Map<string, number>;
	/**
	 * Waited-for documents that Gini failed to return (or their extractions): id → polls in which
	 * reading it failed. At MAX_FAILED_POLLS the node emits the document with the error instead.
	 */
	failures: Map<string, number>;
	/** Handled documents without a usable creationDate, oldest first, at most MAX_UNDATED. */
	undated: Set<string>;
}

/**
 * The late-visibility window: how long after its creationDate a document may first show up in Gini's
 * list. A document can show up after newer ones (a large file next to a small one, a slow line, a
 * multi-page upload), with a creationDate older than theirs. Such a document "could still
 * appear" while Gini's clock is less than LOOKBACK_MS past its creationDate. The newest creationDate
 * Gini listed is a time its clock has reached, so a floor at that date minus LOOKBACK_MS never
 * passes a document that could still appear; the ids below the floor are dropped (the floor stands
 * for them). A document that shows up later than this after its creation is not emitted. Ten
 * minutes is ten times the longest upload request the node itself lets run (60 s,
 * shared/retry.ts).
 */
export const LOOKBACK_MS = 10 * 60 * 1000;

/**
 * Undated documents remembered by id (they cannot be placed against the floor): the newest ones
 * are kept.
 */
export const MAX_UNDATED = 250;
/**
 * Documents waited for at once (each one not listed costs a request per poll); newer documents in
 * processing wait for a later poll to be taken on.
 */
export const MAX_PENDING = 100;

/**
 * Polls in which a finished document (or one waited for) could not be read before it is
 * emitted with the error: a failure that lasts is not worth more polls, a passing one (a 503, a
 * document whose extractions are not there yet) gets the next poll.
 */
export const MAX_FAILED_POLLS = 3;

export function isDated(document: DocumentStatus): boolean {
	return Number.isFinite(document.creationDate);
}

function datesOf(documents: DocumentStatus[]): number[] {
	return documents.filter(isDated).map((document) => document.creationDate);
}

export function isFinished(progress: string): boolean {
	return progress === 'COMPLETED' || progress === 'ERROR';
}

/**
 * The position on first activation, from the newest page of documents. Without `includeExisting` it
 * starts at the newest existing document, so only documents created after it are emitted, also when
 * an existing one is still PENDING (it existed before the trigger did). With it, everything is new,
 * and the first poll emits all finished documents.
 */
export function startState(
	account: string,
	newestPage: DocumentStatus[],
	includeExisting: boolean,
): TriggerState {
	const empty = { pending: new Map(), failures: new Map() };
	if (includeExisting || newestPage.length === 0) {
		return { account, floor: 0, known: new Map(), undated: new Set(), ...empty };
	}
	const dates = datesOf(newestPage);
	const floor = dates.length > 0 ? Math.max(...dates) : 0;
	const known = new Map<string, number>();
	// Documents sharing the newest creation date: Gini's dates are in ms, ties are possible.
	for (const document of newestPage) {
		if (document.creationDate >= floor) known.set(document.id, document.creationDate);
	}
	const undated = new Set(newestPage.filter((document) => !isDated(document)).map(({ id }) => id));
	return { account, floor, known, undated, ...empty };
}

/** Whether the pages read so far reach below the floor, so older pages hold nothing new. */
export function reachesFloor(state: TriggerState, page: DocumentStatus[]): boolean {
	return page.some((document) => document.creationDate < state.floor);
}

/** Pending documents the listing did not show (older than the pages read): fetched by id. */
export function pendingToFetch(state: TriggerState, listed: DocumentStatus[]): string[] {
	const seen = new Set(listed.map((document) => document.id));
	return [...state.pending.keys()].filter((id) => !seen.has(id));
}

/** What one poll has to do, worked out from the listing before anything is emitted. */
export interface PollPlan {
	/** The position the poll started from. */
	from: TriggerState;
	/** Finished documents to emit, oldest first: waited-for ones that finished, and new ones. */
	due: DocumentStatus[];
	/** Documents not handled before, oldest first, each once: `settle` decides which it accepts. */
	fresh: DocumentStatus[];
	/** Pending documents that no longer exist (deleted). */
	gone: Set<string>;
	/**
	 * Pending documents that turned out to be pages of a multi-page upload (a composite names them
	 * now): they stop being waited for and are never emitted; their composite is.
	 */
	partials: Set<string>;
	/** The newest creation date listed (or the floor). */
	newest: number;
	/** Whether the listing reached the floor; if not, older documents were not read. */
	listedAll: boolean;
}

/** Oldest first, by creation date then id; undated documents after all dated ones. */
function byAge(a: DocumentStatus | [string, number], b: DocumentStatus | [string, number]): number {
	const [idA, dateA] = Array.isArray(a) ? a : [a.id, a.creationDate];
	const [idB, dateB] = Array.isArray(b) ? b : [b.id, b.creationDate];
	const order = Number.isFinite(dateA) && Number.isFinite(dateB) ? dateA - dateB : 0;
	const undated = Number(!Number.isFinite(dateA)) - Number(!Number.isFinite(dateB));
	return undated || order || (idA < idB ? -1 : idA > idB ? 1 : 0);
}

/**
 * The first half of a poll: what is due for emission.
 * @param listed documents from the listing, in any order, possibly with repeats
 * @param fetched the pending documents that were fetched by id
 * @param gone pending documents that no longer exist (deleted)
 * @param listedAll false when the listing stopped before it reached the floor (the poll's time
 *   was over)
 */
export function planPoll(
	state: TriggerState,
	listed: DocumentStatus[],
	fetched: DocumentStatus[] = [],
	gone: string[] = [],
	listedAll = true,
): PollPlan {
	const current = new Map<string, DocumentStatus>();
	for (const document of [...listed, ...fetched]) current.set(document.id, document);
	const goneIds = new Set(gone);
	const due: DocumentStatus[] = [];
	const partials = new Set<string>();
	for (const id of state.pending.keys()) {
		const document = current.get(id);
		if (goneIds.has(id) || !document) continue;
		if (document.partial) partials.add(id);
		else if (isFinished(document.progress)) due.push(document);
	}
	const fresh = new Map<string, DocumentStatus>();
	for (const document of listed) {
		const { id, creationDate } = document;
		const handled = isDated(document) ? state.known.has(id) : state.undated.has(id);
		if (creationDate < state.floor || handled || state.pending.has(id) || fresh.has(id)) continue;
		fresh.set(id, document);
		if (!document.partial && isFinished(document.progress)) due.push(document);
	}
	return {
		from: state,
		due: due.sort(byAge),
		fresh: [...fresh.values()].sort(byAge),
		gone: goneIds,
		partials,
		newest: Math.max(state.floor, ...datesOf(listed)),
		listedAll,
	};
}

/** Whether this poll's failure to read a document is the last one allowed (see MAX_FAILED_POLLS). */
export function isLastAttempt(state: TriggerState, id: string): boolean {
	return (state.failures.get(id) ?? 0) + 1 >= MAX_FAILED_POLLS;
}

/**
 * The second half of a poll: the next position, given which documents were emitted and which could
 * not be read (due ones, or pending ones fetched by id). A failed document is waited for like a
 * pending one and tried again on the next poll, without holding up any other document.
 *
 * New documents are taken on oldest first. A document that is not taken on (a pending one while
 * MAX_PENDING documents are waited for already) is neither known nor pending, and the floor stays at
 * or below its creation date, so the next poll lists it again and decides anew: nothing beyond a cap
 * is ever dropped.
 *
 * The floor rises to the newest creation date minus LOOKBACK_MS and no further: `known` holds every
 * id of that window, however many (about 60 bytes each in the static data).
 */
export function settle(
	plan: PollPlan,
	emitted: Iterable<string>,
	failed: Iterable<string> = [],
): TriggerState {
	const { from } = plan;
	const done = new Set(emitted);
	const unread = new Set([...failed].filter((id) => !done.has(id)));
	const known = new Map(from.known);
	const pending = new Map(from.pending);
	const failures = new Map<string, number>();
	for (const id of from.pending.keys()) {
		if (plan.gone.has(id) || plan.partials.has(id) || done.has(id)) pending.delete(id);
		else if (unread.has(id)) failures.set(id, (from.failures.get(id) ?? 0) + 1);
		else if (from.failures.has(id)) failures.set(id, from.failures.get(id) as number);
	}
	const undated = new Set(from.undated);
	// The floor may not pass a document that was not taken on, nor one that was not read.
	let limit = plan.listedAll ? Number.POSITIVE_INFINITY : from.floor;
	for (const document of plan.fresh) {
		const { id } = document;
		const dated = isDated(document);
		// An undated document waits under the floor's date: only the order of waiting ids uses it.
		const creationDate = dated ? document.creationDate : from.floor;
		const inProcessing = !document.partial && !isFinished(document.progress);
		const waits = unread.has(id) || (inProcessing && pending.size < MAX_PENDING);
		if (!done.has(id) && !document.partial && !waits) {
			if (dated) limit = Math.min(limit, creationDate);
			continue;
		}
		if (dated) known.set(id, creationDate);
		else undated.add(id);
		if (waits) pending.set(id, creationDate);
		if (unread.has(id)) failures.set(id, 1);
	}

	// Fresh documents are never older than the floor, so neither is `limit`.
	const floor = Math.min(Math.max(from.floor, plan.newest - LOOKBACK_MS), limit);
	const kept = [...known].filter(([, date]) => date >= floor);
	const recent = [...undated].slice(-MAX_UNDATED);
	return {
		account: from.account,
		floor,
		known: new Map(kept),
		pending,
		failures,
		undated: new Set(recent),
	};
}

/**
 * The "fetch test event" sample: the newest finished document that is not a page of a multi-page
 * upload.
 */
export function newestFinished(listed: DocumentStatus[]): DocumentStatus | undefined {
	return listed
		.filter((document) => !document.partial && isFinished(document.progress))
		.sort((a, b) => byAge(b, a))[0];
}
