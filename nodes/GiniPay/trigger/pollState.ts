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
 *
 * A listing that does not reach the floor within a poll's listing time goes on in the next poll
 * where it stopped (`pass`), and the floor moves only once the pass is through: every poll makes
 * progress on a backlog, however long the list and however short n8n's poll budget.
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
	/** A listing that takes more than one poll, under way: absent when none is. */
	pass?: Pass;
}

/** The order in which Gini lists, when its creation dates show one (api/listing.ts). */
export type PassOrder = 'newestFirst' | 'oldestFirst';

/**
 * A listing from the newest document down to the floor (or from the floor up, when Gini lists
 * oldest first) that did not end in one poll: a backlog after the workflow was off, or a Gini too
 * slow for n8n's poll budget. Each poll goes on where the last one stopped, so every poll makes
 * progress, and the floor moves only when the pass has read everything down (or up) to its end.
 */
export interface Pass {
	order: PassOrder;
	/**
	 * Every document listed before this creation date (in the pass's order: newer ones when newest
	 * first, older ones when oldest first) has been handled; the next poll lists from this date on,
	 * this date included, so documents sharing it are read again (known ones are skipped).
	 */
	resumeAt: number;
	/**
	 * The newest creation date listed in the pass's first poll: where the floor may go (less
	 * LOOKBACK_MS) once the pass ends. Newer dates of later polls do not count, because documents
	 * that showed up late behind the pass's position were not read by it.
	 */
	newest: number;
	/**
	 * The oldest creation date of a document the pass did not take on (more in processing than
	 * MAX_PENDING): the floor stays at or below it, so the next pass reads it again.
	 */
	limit: number;
	/**
	 * Where Gini pages only with `offset`: a position in its list above `resumeAt`, from which the
	 * next poll lists (api/listing.ts checks that nothing moved it past unread documents).
	 */
	offset?: number;
}

/** How the listing of a poll went (api/listing.ts). */
export interface ListingOutcome {
	/** False when the listing stopped before it reached the floor (the poll's listing time was over). */
	complete: boolean;
	/** The order Gini's creation dates showed. */
	order: PassOrder | 'unknown' | 'unordered';
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
	/** The oldest creation date listed (+Infinity when no dated document was listed). */
	oldest: number;
	/** How the listing went: whether it reached the floor, in which order Gini listed. */
	listing: ListingOutcome;
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
 * @param listing whether the listing reached the floor (false when the poll's listing time was
 *   over), and the order Gini listed in
 */
export function planPoll(
	state: TriggerState,
	listed: DocumentStatus[],
	fetched: DocumentStatus[] = [],
	gone: string[] = [],
	listing: ListingOutcome = { complete: true, order: 'unknown' },
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
		oldest: Math.min(...datesOf(listed)),
		listing,
	};
}

/** Whether a poll goes through its due documents in the order Gini lists: see emissionOrder. */
function inListingOrder(plan: PollPlan): boolean {
	const { order, complete } = plan.listing;
	return order === 'newestFirst' && (!complete || plan.from.pass !== undefined);
}

/**
 * The order in which a poll emits the due documents while its time lasts: oldest first, except in a
 * pass (a listing that takes more than one poll) through a Gini that lists newest first, where it
 * goes the way the list does, newest first, so that what is left for the next poll lies where the
 * listing goes on (Pass.resumeAt). A poll's items still go out oldest first.
 */
export function emissionOrder(plan: PollPlan): DocumentStatus[] {
	return inListingOrder(plan) ? [...plan.due].reverse() : plan.due;
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
	const { listing } = plan;
	// The floor may not pass a document that was not taken on, nor one that was not read.
	let limit = listing.complete ? Number.POSITIVE_INFINITY : from.floor;
	/** Finished documents not emitted (the poll's time was over): the next poll takes them. */
	const left: number[] = [];
	/** Documents in processing not taken on (MAX_PENDING are waited for). */
	let overflow = Number.POSITIVE_INFINITY;
	for (const document of plan.fresh) {
		const { id } = document;
		const dated = isDated(document);
		// An undated document waits under the floor's date: only the order of waiting ids uses it.
		const creationDate = dated ? document.creationDate : from.floor;
		const inProcessing = !document.partial && !isFinished(document.progress);
		const waits = unread.has(id) || (inProcessing && pending.size < MAX_PENDING);
		if (!done.has(id) && !document.partial && !waits) {
			if (!dated) continue;
			limit = Math.min(limit, creationDate);
			if (inProcessing) overflow = Math.min(overflow, creationDate);
			else left.push(creationDate);
			continue;
		}
		if (dated) known.set(id, creationDate);
		else undated.add(id);
		if (waits) pending.set(id, creationDate);
		if (unread.has(id)) failures.set(id, 1);
	}

	const recent = new Set([...undated].slice(-MAX_UNDATED));
	const next = { account: from.account, pending, failures, undated: recent };
	const pass = nextPass(plan, left, overflow);
	// While a pass is under way the floor stays: documents between it and the pass's position
	// were not read yet.
	if (pass) return { ...next, floor: from.floor, known, pass };

	const newest = from.pass ? from.pass.newest : plan.newest;
	const passLimit = from.pass ? from.pass.limit : Number.POSITIVE_INFINITY;
	// Fresh documents are never older than the floor, so neither is `limit`.
	const floor = Math.min(Math.max(from.floor, newest - LOOKBACK_MS), limit, passLimit);
	const kept = [...known].filter(([, date]) => date >= floor);
	return { ...next, floor, known: new Map(kept) };
}

/**
 * Whether the listing goes on in the next poll, and from where (Pass). A pass starts when the
 * listing stopped before the floor in an order the creation dates showed, and goes on while it has
 * not reached the floor (the end of the list, oldest first) or left finished documents unemitted.
 * Documents in processing that were not taken on lie behind the pass's position: `limit` keeps the
 * floor below them until the next pass reads them again.
 */
function nextPass(plan: PollPlan, left: number[], overflow: number): Pass | undefined {
	const { from, listing } = plan;
	const { order } = listing;
	if (order !== 'newestFirst' && order !== 'oldestFirst') return undefined;
	if (listing.complete && (left.length === 0 || from.pass === undefined)) return undefined;
	const newestFirst = order === 'newestFirst';
	// Unemitted documents lie where the listing goes on (emissionOrder); else it goes on after
	// the last date listed.
	const resumeAt =
		left.length > 0
			? newestFirst
				? Math.max(...left)
				: Math.min(...left)
			: newestFirst
				? plan.oldest
				: plan.newest;
	if (!Number.isFinite(resumeAt)) return undefined;
	return {
		order,
		resumeAt,
		newest: from.pass ? from.pass.newest : plan.newest,
		limit: Math.min(from.pass?.limit ?? Number.POSITIVE_INFINITY, overflow),
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
