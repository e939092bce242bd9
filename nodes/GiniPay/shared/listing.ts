/**
 * Paging through GET /documents whatever Gini's paging does, as pure logic (no n8n imports, no I/O):
 * api/listing.ts sends the requests this asks for.
 *
 * Gini's current "list documents" page documents `limit` (default 20) and `next`, "the next creation
 * date (in number form) of the next paginated documents (default 0)", which replaced `offset`; the
 * answer is `{documents}` only, with no `totalCount` and no stated order. The mobile SDKs page with
 * `offset`/`limit` and read a `totalCount` (docs/gini-api.md §4.2). So nothing about a page is taken on
 * trust:
 * - the order is read from the creation dates of each answer (newest first, oldest first, or none);
 * - the next page is asked for with the `next` cursor, a creation date: newest first just after the
 *   oldest date listed ("created before"), oldest first just before the newest ("created after"), so
 *   that documents sharing the date at a page's end are not skipped. `offset` is sent only when the
 *   cursor brought nothing new and `offset` then does;
 * - a page that brings no document not listed before ends the listing, an empty page too; a short
 *   page does not (Gini may cap `limit`), unless a `totalCount` agrees;
 * - documents are deduplicated by id (the last copy wins: it is the newest state);
 * - MAX_PAGES bounds it all: a server that keeps sending new documents fails the listing with
 *   ListingError instead of running forever.
 */

/** Gini's creationDate is a number of ms (docs/gini-api.md §4.3). */
export function creationDateOf(value: unknown): number {
	if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
	if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text);
	// Only ISO 8601: Date.parse reads almost any text as some date.
	return /^\d{4}-\d{2}-\d{2}(T|$)/.test(text) ? Date.parse(text) : Number.NaN;
}

export interface ListedDocument {
	id?: unknown;
	creationDate?: unknown;
}

export type ListOrder = 'newestFirst' | 'oldestFirst' | 'unknown' | 'unordered';

/** The query of one request: `limit` and either `next` or `offset` (never both), or neither. */
export interface PageQuery {
	limit: number;
	next?: number;
	offset?: number;
}

export interface ListGoal {
	/**
	 * Only documents created at or after this are needed (undefined: all). Read lazily, after each
	 * answer, so it may come from the first answer (e.g. Gini's clock in its `Date` header).
	 */
	since?: () => number | undefined;
	/**
	 * Whether the documents listed so far (newest first) are enough. Asked only when Gini lists newest
	 * first: then nothing newer than what is listed is still unread.
	 */
	enough?: (newestFirst: ListedDocument[]) => boolean;
	/**
	 * Where an earlier listing stopped: this one starts there with the `next` cursor (or `offset`,
	 * where the earlier listing paged with it) instead of at the beginning of the list, and reads on
	 * in that order. A first answer that does not show the listing starts where it should (a Gini
	 * that ignores `next`; documents deleted before the offset) ends the listing with
	 * `resumeRefused` set: the caller lists again from the beginning.
	 */
	resume?: ListResume;
}

/**
 * A listing's starting point: the documents created at or before `date` (newest first) or at or
 * after it (oldest first).
 */
export interface ListResume {
	order: 'newestFirst' | 'oldestFirst';
	date: number;
	/**
	 * Where Gini pages only with `offset`: a position in the list at which a document created
	 * strictly before `date` in the list's order (newer when newest first) stood. The first answer
	 * must start with such a document, else documents deleted above the position moved the list and
	 * some could be skipped: the resume is refused. Documents added move the list the other way: they
	 * are listed again, and known.
	 */
	offset?: number;
}

/** Pages one listing may take. With Gini's pages of at least 20, tens of thousands of documents. */
export const MAX_PAGES = 1000;

/** A listing that could not end: the message says what the server did. */
export class ListingError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'ListingError';
	}
}

export type Probe = 'next' | 'offset';

function keyOf(document: ListedDocument): string {
	return typeof document.id === 'string' ? `id:${document.id}` : `json:${JSON.stringify(document)}`;
}

/** Newest first, by creation date; undated documents after all dated ones, in the order listed. */
export function newestFirst<T extends ListedDocument>(documents: T[]): T[] {
	const dated = documents.map((document, index) => ({
		document,
		index,
		date: creationDateOf(document.creationDate),
	}));
	return dated
		.sort((a, b) => {
			const undated = Number(Number.isNaN(a.date)) - Number(Number.isNaN(b.date));
			if (undated !== 0) return undated;
			return (Number.isNaN(a.date) ? 0 : b.date - a.date) || a.index - b.index;
		})
		.map(({ document }) => document);
}

/**
 * One listing. Call `query()` for the next request (undefined: the listing is over), send it, and
 * hand the answer to `take()`; `documents()` is the result. `take` throws ListingError when the
 * server cannot be paged to an end.
 */
export class DocumentPager<T extends ListedDocument = ListedDocument> {
	private readonly byKey = new Map<string, T>();
	private pages = 0;
	private sawDescending = false;
	private sawAscending = false;
	private minDate = Number.POSITIVE_INFINITY;
	private maxDate = Number.NEGATIVE_INFINITY;
	/** The paging that brought new documents; undefined before the second page. */
	private method: Probe | undefined;
	/** Probes tried since the last page that brought something new. */
	private readonly tried = new Set<Probe>();
	private probe: Probe | undefined;
	private offset = 0;
	private lastQuery: PageQuery | undefined;
	private lastProgressFull = false;
	private sawEmptyAnswer = false;
	/** The longest answer so far: what Gini fills a page with (it may cap `limit`). */
	private largestPage = 0;
	private over = false;
	/** Why the listing ended, for logs and errors. */
	reason = '';
	/** The first answer to `goal.resume` did not start where the earlier listing stopped: nothing was listed. */
	resumeRefused = false;

	constructor(
		private readonly pageSize: number,
		private readonly goal: ListGoal = {},
		private readonly maxPages = MAX_PAGES,
	) {
		// A resumed listing goes on in the order the earlier one saw.
		if (goal.resume?.order === 'newestFirst') this.sawDescending = true;
		if (goal.resume?.order === 'oldestFirst') this.sawAscending = true;
	}

	get done(): boolean {
		return this.over;
	}

	/** How the pages after the first were asked for: the `next` cursor or `offset` (undefined: one page). */
	get paging(): Probe | undefined {
		return this.method;
	}

	get order(): ListOrder {
		if (this.sawDescending && this.sawAscending) return 'unordered';
		if (this.sawDescending) return 'newestFirst';
		if (this.sawAscending) return 'oldestFirst';
		return 'unknown';
	}

	/** Every document listed, once each, newest first. */
	documents(): T[] {
		return newestFirst([...this.byKey.values()]);
	}

	/** The next request, or undefined when the listing is over. */
	query(): PageQuery | undefined {
		if (this.over) return undefined;
		if (this.pages === 0) {
			const { resume } = this.goal;
			if (resume?.offset !== undefined) {
				return (this.lastQuery = { limit: this.pageSize, offset: resume.offset });
			}
			// Documents sharing the resume date are listed again: whether Gini reads `next` as
			// "strictly before/after" or as "up to", none of them is skipped.
			if (resume) {
				const next =
					resume.order === 'newestFirst' ? resume.date + 1 : Math.max(0, resume.date - 1);
				return (this.lastQuery = { limit: this.pageSize, next });
			}
			return (this.lastQuery = { limit: this.pageSize });
		}
		const probe = this.probe as Probe;
		this.lastQuery =
			probe === 'offset'
				? { limit: this.pageSize, offset: this.offset }
				: { limit: this.pageSize, next: this.cursor() };
		return this.lastQuery;
	}

	private since(): number | undefined {
		const since = this.goal.since?.();
		return since !== undefined && Number.isFinite(since) ? since : undefined;
	}

	/**
	 * Newest first: just after the oldest date listed; oldest first: just before the newest one (or just under
	 * `since`). Gini documents no uniqueness of creation dates, so a page may end inside a group of documents that
	 * share one: the cursor takes that date in again, whether Gini reads `next` as "strictly before/after" or as
	 * "up to", and the documents seen twice are deduplicated.
	 */
	private cursor(): number {
		if (this.order === 'oldestFirst') {
			const since = this.since();
			return Math.max(this.maxDate - 1, since === undefined ? 0 : since - 1);
		}
		if (this.order === 'newestFirst') return this.minDate + 1;
		// All listed documents share one date: either order's cursor finds the rest, unless more documents share
		// that date than one page holds (Gini's dates are milliseconds: a pager cannot tell that case apart).
		return this.minDate;
	}

	/** The probes the order allows, in the order to try them: the documented cursor first. */
	private probes(): Probe[] {
		// A resumed listing goes on with the paging it resumed with.
		if (this.goal.resume) return [this.goal.resume.offset === undefined ? 'next' : 'offset'];
		const cursorUsable = this.order !== 'unordered' && Number.isFinite(this.minDate);
		return cursorUsable ? ['next', 'offset'] : ['offset'];
	}

	/** Whether the first answer of a resumed listing starts where the earlier listing stopped. */
	private resumes(resume: ListResume, query: PageQuery, datesInOrder: number[]): boolean {
		if (resume.offset === undefined) {
			return this.honours(
				query,
				datesInOrder.filter((date) => !Number.isNaN(date)),
			);
		}
		// At offset 0 nothing lies above; anywhere else the first document must be one listed before.
		if (resume.offset === 0) return true;
		const first = datesInOrder[0];
		if (first === undefined || Number.isNaN(first)) return false;
		return resume.order === 'newestFirst' ? first > resume.date : first < resume.date;
	}

	/** Whether every dated document of an answer to `next` lies where the cursor says. */
	private honours(query: PageQuery, dates: number[]): boolean {
		if (query.next === undefined) return true;
		const cursor = query.next;
		const before = dates.every((date) => date <= cursor);
		const after = dates.every((date) => date >= cursor);
		if (this.order === 'newestFirst') return before;
		if (this.order === 'oldestFirst') return after;
		return before || after;
	}

	private describe(): string {
		const order = {
			newestFirst: 'newest first',
			oldestFirst: 'oldest first',
			unknown: 'in an order its creation dates do not show',
			unordered: 'in no order of creation date',
		}[this.order];
		const paging = this.method === undefined ? 'one page' : `\`${this.method}\``;
		return `${this.byKey.size} documents in ${this.pages} pages, listed ${order}, paged with ${paging}`;
	}

	/** Takes the answer to the last `query()`. */
	take(answer: T[], totalCount?: unknown): void {
		const query = this.lastQuery;
		if (!query || this.over) throw new Error('take() without a query');
		this.pages += 1;
		const datesInOrder = answer.map((document) => creationDateOf(document.creationDate));
		const dated = datesInOrder.filter((date) => !Number.isNaN(date));
		const minBefore = this.minDate;
		const maxBefore = this.maxDate;
		const orderBefore = this.order;
		for (let i = 1; i < dated.length; i++) {
			if (dated[i] < dated[i - 1]) this.sawDescending = true;
			if (dated[i] > dated[i - 1]) this.sawAscending = true;
		}
		const fresh = answer.filter((document) => !this.byKey.has(keyOf(document)));
		const honoured = this.honours(query, dated);
		const retaken = this.onlyRetakenTies(query, answer, orderBefore, minBefore, maxBefore);
		this.largestPage = Math.max(this.largestPage, answer.length);
		for (const document of answer) this.byKey.set(keyOf(document), document);
		for (const date of dated) {
			this.minDate = Math.min(this.minDate, date);
			this.maxDate = Math.max(this.maxDate, date);
		}

		if (this.pages === 1) {
			if (this.goal.resume && !this.resumes(this.goal.resume, query, datesInOrder)) {
				this.resumeRefused = true;
				this.byKey.clear();
				return this.end('Gini did not answer the resumed listing where it stopped');
			}
			if (answer.length === 0) return this.end('the list is empty');
			this.offset = (query.offset ?? 0) + answer.length;
			if (query.offset !== undefined) this.method = 'offset';
			this.progressed(answer.length >= query.limit);
		} else if (answer.length === 0 || retaken) {
			this.sawEmptyAnswer = true;
			// A cursor never seen working that answers nothing after a full page may be misread
			// (a server reading `next` as an offset, as an old client sent it): `offset` decides.
			const unproven =
				query.next !== undefined && this.method === undefined && this.goal.resume === undefined;
			if (unproven && this.lastProgressFull && !this.tried.has('offset')) {
				this.tried.add('next');
				this.probe = 'offset';
				this.checkBound();
				return;
			}
			return this.end(
				`Gini answered ${query.next !== undefined ? '`next`' : '`offset`'} with an empty page`,
			);
		} else {
			// New documents that continue the list (not ones created meanwhile, on top of it).
			const continues = (document: T) => {
				const date = creationDateOf(document.creationDate);
				if (Number.isNaN(date)) return true;
				if (orderBefore === 'newestFirst') return date <= minBefore;
				if (orderBefore === 'oldestFirst') return date >= maxBefore;
				return true;
			};
			const progress = honoured && fresh.some(continues);
			if (progress) {
				this.method = query.next !== undefined ? 'next' : 'offset';
				this.offset = query.offset !== undefined ? query.offset + answer.length : this.byKey.size;
				this.progressed(answer.length >= query.limit);
			} else {
				this.tried.add(query.next !== undefined ? 'next' : 'offset');
				const untried = this.probes().filter((probe) => !this.tried.has(probe));
				if (untried.length > 0) {
					if (untried[0] === 'offset' && this.method !== 'offset') this.offset = this.byKey.size;
					this.probe = untried[0];
				} else if (this.sawEmptyAnswer || !this.lastProgressFull || this.goal.resume) {
					return this.end('a page brought no document not listed before');
				} else {
					throw new ListingError(
						'Gini keeps answering with documents already listed',
						`Asked for the page after ${this.describe()}, Gini answered with the same documents to the \`next\` cursor ` +
							'and to `offset`: the list cannot be read further, and what was read would be incomplete.',
					);
				}
			}
		}
		if (this.over) return;
		if (this.goalReached(answer, query, totalCount)) return;
		this.checkBound();
	}

	/**
	 * Whether an answer to the cursor holds only documents already listed at the date the cursor took in again
	 * (see cursor()) and is shorter than a page Gini filled before: then nothing lies beyond, as if the page were
	 * empty. A page of such documents as long as a full one may hide more of that date: it is no end.
	 */
	private onlyRetakenTies(
		query: PageQuery,
		answer: T[],
		order: ListOrder,
		minBefore: number,
		maxBefore: number,
	): boolean {
		if (query.next === undefined || answer.length === 0 || answer.length >= this.largestPage)
			return false;
		const boundary =
			order === 'newestFirst' ? minBefore : order === 'oldestFirst' ? maxBefore : undefined;
		return answer.every(
			(document) =>
				this.byKey.has(keyOf(document)) && creationDateOf(document.creationDate) === boundary,
		);
	}

	/** A page brought something new: the paging that worked goes on, starting from the documented cursor. */
	private progressed(full: boolean): void {
		this.lastProgressFull = full;
		this.tried.clear();
		this.sawEmptyAnswer = false;
		const probes = this.probes();
		this.probe = this.method && probes.includes(this.method) ? this.method : probes[0];
		if (this.probe === 'offset' && this.method !== 'offset') this.offset = this.byKey.size;
	}

	private goalReached(answer: T[], query: PageQuery, totalCount: unknown): boolean {
		if (
			typeof totalCount === 'number' &&
			answer.length < query.limit &&
			this.byKey.size >= totalCount
		) {
			this.end('a short page completed the totalCount Gini sent');
			return true;
		}
		if (this.order !== 'newestFirst') return false;
		const since = this.since();
		if (since !== undefined && this.minDate < since) {
			this.end('the list reached documents created before the ones needed');
			return true;
		}
		if (this.goal.enough?.(this.documents())) {
			this.end('enough of the newest documents were listed');
			return true;
		}
		return false;
	}

	private checkBound(): void {
		if (this.pages < this.maxPages) return;
		throw new ListingError(
			`Gini's document list did not end after ${this.maxPages} pages`,
			`Gini kept sending documents not listed before: ${this.describe()}. The node stops here rather than page without end.`,
		);
	}

	private end(reason: string): void {
		this.over = true;
		this.reason = reason;
	}
}
