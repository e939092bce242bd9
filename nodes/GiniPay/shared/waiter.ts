/**
 * One waiter for all the documents of a node run that Gini is still processing (progress PENDING, docs/gini-api.md
 * §4.3). Pure scheduling: the reads, the listing, the clock and the sleep are handed in (api/waiter.ts hands in the
 * real ones), so it is unit-tested on a fake clock.
 *
 * - Pace: each document is looked at one interval (1 s, as Gini's SDKs poll, docs/gini-api.md §6.2) after its last
 *   answer, so a document that finishes is picked up within one interval plus one answer's time, with about one GET
 *   per second of processing plus the one that sees it done.
 * - A document just uploaded is looked at first one interval after Gini's answer (`firstLookAt`): Gini is processing
 *   it, so a look right away would only say PENDING.
 * - Many documents, one request, while Gini asks to slow down: one listing of the user's documents created since the
 *   oldest waiting one (GET /documents, which carries each document's `progress`, §4.2) looks at all of them at once,
 *   when at least `listingMinPending` of them wait and it takes fewer requests than there are documents; a document
 *   the listing did not show, a listing that fails or one that costs more than it saves falls back to a GET per
 *   document. Not otherwise (`listing: 'throttled'`): Gini pages its list newest first by a cursor, so a listing of
 *   N waiting documents is N ÷ page size requests one after another, and the oldest documents, which finish first,
 *   come last. Measured (bench, 200 invoices, 1 s processing, Gini 50 ms away), listing always made the batch 15 %
 *   slower than a GET per document, for 1 GET per document fewer.
 * - Politeness: every request goes through the run's Limiter, which the uploads share, so the requests in flight
 *   never exceed its cap. A read that Gini throttled (429, 503: `throttleOf`) pauses the whole waiter (`slowDown`)
 *   and lengthens the interval for all documents until Gini has been quiet for a while; that document is not failed.
 * - Each document has its own deadline: the last look is at the deadline, and a document still PENDING then fails
 *   alone, with the error its request builds (`timedOut`); a read that fails otherwise fails only its document.
 */
import type { Limiter } from './limiter';

/** The part of the interval after which a document seen in a listing is looked at again (see `list`). */
const LISTING_SHARE = 0.5;

/** The fields of a Gini document the waiter reads. */
export interface WaitedDocument {
	id?: unknown;
	progress?: unknown;
	creationDate?: unknown;
}

/** One listing: the documents it showed and the requests (pages) it took. */
export interface ListedDocuments<D> {
	documents: D[];
	requests: number;
}

export interface WaitRequest<D extends WaitedDocument> {
	/** The document's URL: what the waiter knows it by. */
	url: string;
	/** When to give up (ms, the waiter's clock). The last look is at the deadline. */
	deadline: number;
	/** Documents of one group (one user at one Pay API) can be seen by one listing. */
	group?: string;
	/** The document as read last and when (e.g. an upload's read-back): the first look follows one interval later. */
	last?: { document: D; at: number };
	/** When to look first if there is no `last` (e.g. a document just created, which Gini is processing). Default now. */
	firstLookAt?: number;
	/** Reads the document (GET /documents/{id}). */
	read: () => Promise<D>;
	/**
	 * Lists the group's documents created at or after `since` (ms) in at most `maxRequests` requests, and fails when
	 * that is not enough (then the group's documents are read with GETs). The waiter uses the first request's.
	 */
	list?: (since: number, maxRequests: number) => Promise<ListedDocuments<D>>;
	/** The error a document still PENDING at its deadline fails with; `last` is its last answer. */
	timedOut: (last: D | undefined) => Error;
}

export interface WaiterOptions {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	limiter: Limiter;
	/** Between an answer and the next look at a document (ms). Default: POLL_INTERVAL_MS. */
	intervalMs?: number;
	/**
	 * Whether a failed read means "slow down" (429, 503 after the transport's own retries): ms to pause, 0 for "as
	 * long as the interval", undefined for a failure of the document itself.
	 */
	throttleOf?: (error: unknown) => number | undefined;
	/** Documents of one group that must be waiting before a listing is tried. Default: LISTING_MIN_PENDING. */
	listingMinPending?: number;
	/** When listings are tried: only while Gini asks to slow down (the default), or always. */
	listing?: 'throttled' | 'always';
}

/** Gini's SDKs look at a pending document once a second (docs/gini-api.md §6.2). */
export const POLL_INTERVAL_MS = 1000;
/** A listing is worth trying from this many waiting documents of one user (a page holds 20 or more). */
export const LISTING_MIN_PENDING = 10;
/** Throttling stretches the interval at most this many times. */
export const MAX_SLOWDOWN = 8;
/** Quiet intervals after which a stretched interval halves again. */
const QUIET_INTERVALS = 10;

export function isPending(document: WaitedDocument): boolean {
	return document.progress === 'PENDING';
}

function idOf(document: WaitedDocument | undefined): string | undefined {
	return typeof document?.id === 'string' && document.id !== '' ? document.id : undefined;
}

function creationDateOf(document: WaitedDocument | undefined): number | undefined {
	const date = Number(document?.creationDate);
	return document?.creationDate !== undefined && Number.isFinite(date) ? date : undefined;
}

interface Entry<D extends WaitedDocument> {
	request: WaitRequest<D>;
	last?: D;
	due: number;
	busy: boolean;
	/** False once a listing did not show it (Gini may not list it, e.g. a partial): GETs from then on. */
	listable: boolean;
	looks: number;
	gets: number;
	resolve: (document: D) => void;
	reject: (error: Error) => void;
}

interface Group {
	listingOff: boolean;
	listing: boolean;
	/** Requests the last listing took. */
	lastRequests?: number;
}

export interface WaiterStats {
	/** GETs of single documents sent (each through the limiter). */
	gets: number;
	/** Listings sent, and the requests (pages) they took. */
	listings: number;
	listingRequests: number;
	/** Times a throttled read paused the waiter. */
	throttled: number;
	/** Documents being waited for now. */
	pending: number;
}

export class DocumentWaiter<D extends WaitedDocument> {
	private readonly entries = new Set<Entry<D>>();
	private readonly groups = new Map<string, Group>();
	private readonly intervalMs: number;
	private readonly listingMinPending: number;
	private driving = false;
	private napUntil = Number.POSITIVE_INFINITY;
	private wakeNap: (() => void) | undefined;
	private pausedUntil = 0;
	private slowdown = 1;
	private lastThrottleAt = 0;
	private readonly counts = { gets: 0, listings: 0, listingRequests: 0, throttled: 0 };

	constructor(private readonly options: WaiterOptions) {
		this.intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
		this.listingMinPending = options.listingMinPending ?? LISTING_MIN_PENDING;
	}

	get stats(): WaiterStats {
		return { ...this.counts, pending: this.entries.size };
	}

	/** The interval now, stretched while Gini throttles. */
	get currentIntervalMs(): number {
		return this.intervalMs * this.slowdown;
	}

	/** Resolves with the document once its progress is not PENDING; rejects at its deadline or on a failed read. */
	async wait(request: WaitRequest<D>): Promise<D> {
		if (request.last && !isPending(request.last.document)) return request.last.document;
		return await new Promise<D>((resolve, reject) => {
			const entry: Entry<D> = {
				request,
				last: request.last?.document,
				due: request.last
					? Math.min(request.last.at + this.currentIntervalMs, request.deadline)
					: Math.min(request.firstLookAt ?? this.options.now(), request.deadline),
				busy: false,
				listable: true,
				looks: 0,
				gets: 0,
				resolve,
				reject,
			};
			this.entries.add(entry);
			if (request.group !== undefined && !this.groups.has(request.group)) {
				this.groups.set(request.group, { listingOff: !request.list, listing: false });
			}
			this.wake(entry.due);
			if (!this.driving) void this.drive();
		});
	}

	/**
	 * Gini asked to slow down: no request of the waiter goes out for `ms`, and the interval doubles (up to
	 * MAX_SLOWDOWN times) until Gini has been quiet for a while. Also for a transport that sees `Retry-After`.
	 */
	slowDown(ms: number): void {
		const now = this.options.now();
		// Many reads throttled at once are one signal: the interval doubles once per interval at most.
		const sameBurst =
			this.counts.throttled > 0 && now - this.lastThrottleAt < this.currentIntervalMs;
		this.counts.throttled++;
		if (!sameBurst) this.slowdown = Math.min(MAX_SLOWDOWN, this.slowdown * 2);
		this.lastThrottleAt = now;
		this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(ms, this.currentIntervalMs));
	}

	private async drive(): Promise<void> {
		this.driving = true;
		try {
			while (this.entries.size > 0) {
				const now = this.options.now();
				if (now < this.pausedUntil) {
					this.failPausedPastDeadline(now);
					await this.nap(this.pausedUntil - now);
					continue;
				}
				this.launchDue(now);
				let next = Number.POSITIVE_INFINITY;
				for (const entry of this.entries) if (!entry.busy) next = Math.min(next, entry.due);
				await this.nap(next - this.options.now());
			}
		} finally {
			this.driving = false;
		}
	}

	/** Sleeps up to `ms`, or until a document becomes due earlier (`wake`). */
	private async nap(ms: number): Promise<void> {
		if (ms <= 0 && Number.isFinite(ms)) return;
		const woken = new Promise<void>((resolve) => (this.wakeNap = resolve));
		this.napUntil = this.options.now() + ms;
		await (Number.isFinite(ms) ? Promise.race([this.options.sleep(ms), woken]) : woken);
		this.wakeNap = undefined;
		this.napUntil = Number.POSITIVE_INFINITY;
	}

	private wake(at: number): void {
		if (at < this.napUntil) this.wakeNap?.();
	}

	private failPausedPastDeadline(now: number): void {
		for (const entry of this.entries) {
			if (!entry.busy && now >= entry.request.deadline) {
				this.settle(entry, () => entry.reject(entry.request.timedOut(entry.last)));
			}
		}
	}

	private launchDue(now: number): void {
		const due = [...this.entries].filter((entry) => !entry.busy && entry.due <= now);
		if (due.length === 0) return;
		const listed = new Set<Entry<D>>();
		const listing = this.options.listing === 'always' || this.slowdown > 1;
		for (const [name, group] of listing ? this.groups : []) {
			if (group.listingOff || group.listing) continue;
			if (!due.some((entry) => entry.request.group === name)) continue;
			// Every waiting document of the group that is due within the interval: one listing sees them all.
			const candidates = [...this.entries].filter(
				(entry) =>
					entry.request.group === name &&
					!entry.busy &&
					entry.listable &&
					entry.due <= now + this.currentIntervalMs &&
					creationDateOf(entry.last) !== undefined &&
					idOf(entry.last) !== undefined,
			);
			if (candidates.length < this.listingMinPending) continue;
			if (group.lastRequests !== undefined && group.lastRequests * 2 > candidates.length) continue;
			for (const entry of candidates) listed.add(entry);
			void this.list(name, group, candidates);
		}
		for (const entry of due) if (!listed.has(entry)) void this.get(entry);
	}

	private async list(name: string, group: Group, candidates: Array<Entry<D>>): Promise<void> {
		const list = candidates.find((entry) => entry.request.list)?.request.list;
		if (!list) return;
		group.listing = true;
		for (const entry of candidates) entry.busy = true;
		const since = Math.min(...candidates.map((entry) => creationDateOf(entry.last) as number));
		this.counts.listings++;
		let listed: ListedDocuments<D> | undefined;
		try {
			// At most half a request per document: otherwise GETs cost about as much.
			const maxRequests = Math.max(1, Math.floor(candidates.length / 2));
			listed = await this.options.limiter.run(async () => await list(since, maxRequests));
		} catch (error) {
			const pause = this.options.throttleOf?.(error);
			if (pause !== undefined) this.slowDown(pause);
			// A listing that fails for any other reason is not tried again for this group: GETs always work.
			else group.listingOff = true;
		} finally {
			group.listing = false;
		}
		const now = this.options.now();
		if (listed) {
			this.counts.listingRequests += listed.requests;
			// The next listing of the group is sent only if this one took at most half a request per document.
			group.lastRequests = listed.requests;
		}
		const byId = new Map<string, D>();
		for (const document of listed?.documents ?? []) {
			const id = idOf(document);
			if (id !== undefined) byId.set(id, document);
		}
		for (const entry of candidates) {
			if (!this.entries.has(entry)) continue;
			entry.busy = false;
			const seen = byId.get(idOf(entry.last) as string);
			// One listing looks at every waiting document of the user at once, so it may come twice an interval: a
			// document that finishes is then picked up within half an interval, for a request or two in all.
			if (seen) this.observe(entry, seen, now, LISTING_SHARE);
			else if (listed) {
				entry.listable = false;
				if (entry.due <= now) void this.get(entry);
				else this.wake(entry.due);
			} else this.wake(entry.due);
		}
		this.wake(now);
	}

	private async get(entry: Entry<D>): Promise<void> {
		entry.busy = true;
		try {
			const document = await this.options.limiter.run(async () => {
				this.counts.gets++;
				entry.gets++;
				return await entry.request.read();
			});
			this.observe(entry, document, this.options.now());
		} catch (error) {
			const now = this.options.now();
			const pause = this.options.throttleOf?.(error);
			if (pause === undefined) {
				this.settle(entry, () => entry.reject(error as Error));
				return;
			}
			this.slowDown(pause);
			entry.busy = false;
			if (now >= entry.request.deadline) {
				this.settle(entry, () => entry.reject(entry.request.timedOut(entry.last)));
				return;
			}
			entry.due = Math.min(
				Math.max(now + this.currentIntervalMs, this.pausedUntil),
				entry.request.deadline,
			);
			this.wake(entry.due);
		}
	}

	private observe(entry: Entry<D>, document: D, at: number, share = 1): void {
		entry.busy = false;
		entry.looks++;
		entry.last = document;
		if (this.slowdown > 1 && at - this.lastThrottleAt >= QUIET_INTERVALS * this.currentIntervalMs) {
			this.slowdown = Math.max(1, this.slowdown / 2);
			this.lastThrottleAt = at;
		}
		if (!isPending(document)) {
			this.settle(entry, () => entry.resolve(document));
			return;
		}
		if (at >= entry.request.deadline) {
			this.settle(entry, () => entry.reject(entry.request.timedOut(document)));
			return;
		}
		entry.due = Math.min(at + this.currentIntervalMs * share, entry.request.deadline);
		this.wake(entry.due);
	}

	private settle(entry: Entry<D>, finish: () => void): void {
		if (!this.entries.delete(entry)) return;
		finish();
	}
}
