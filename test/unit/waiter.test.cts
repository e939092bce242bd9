import { Limiter } from '../../nodes/GiniPay/shared/limiter';
import {
	DocumentWaiter,
	POLL_INTERVAL_MS,
	type ListedDocuments,
	type WaitRequest,
} from '../../nodes/GiniPay/shared/waiter';

/**
 * A virtual clock: `sleep` registers a timer, and `run` fires the earliest one only when nothing else can move (every
 * promise has settled as far as it can). Time passes only by timers, so a test of minutes takes milliseconds and
 * no figure depends on the machine's speed.
 */
class FakeClock {
	time = 0;
	private timers: Array<{ at: number; fire: () => void }> = [];

	now = (): number => this.time;

	sleep = async (ms: number): Promise<void> =>
		await new Promise<void>((fire) => this.timers.push({ at: this.time + Math.max(0, ms), fire }));

	async run<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		const done = work.finally(() => {
			settled = true;
		});
		done.catch(() => undefined);
		for (;;) {
			for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
			if (settled) return await done;
			if (this.timers.length === 0) throw new Error('stuck: nothing pending and no timer');
			if (this.time > 30 * 60_000) throw new Error('ran for 30 virtual minutes');
			const at = Math.min(...this.timers.map((timer) => timer.at));
			this.time = at;
			const due = this.timers.filter((timer) => timer.at <= at);
			this.timers = this.timers.filter((timer) => timer.at > at);
			for (const timer of due) timer.fire();
		}
	}
}

interface Doc {
	id: string;
	progress: string;
	creationDate: number;
}

class TimeoutError extends Error {}
class Throttled extends Error {
	constructor(readonly retryAfterMs: number) {
		super('429');
	}
}

const LATENCY_MS = 50;

/** A fake Gini: documents that finish at `readyAt`, answers after LATENCY_MS, requests in flight counted. */
class FakeGini {
	readonly readyAt = new Map<string, number>();
	readonly gets = new Map<string, number>();
	readonly getTimes: number[] = [];
	inFlight = 0;
	peak = 0;
	listings = 0;
	listingPages = 0;
	/** Answers the next GETs with 429, one per entry. */
	throttleNext: number[] = [];

	constructor(private readonly clock: FakeClock) {}

	add(id: string, processingMs: number, createdAt = this.clock.time): void {
		this.readyAt.set(id, createdAt + processingMs);
	}

	document(id: string): Doc {
		const ready = this.readyAt.get(id) ?? Number.POSITIVE_INFINITY;
		return {
			id,
			progress: this.clock.time >= ready ? 'COMPLETED' : 'PENDING',
			creationDate: 0,
		};
	}

	private async answer<T>(make: () => T): Promise<T> {
		this.inFlight++;
		this.peak = Math.max(this.peak, this.inFlight);
		try {
			await this.clock.sleep(LATENCY_MS);
			return make();
		} finally {
			this.inFlight--;
		}
	}

	read = async (id: string): Promise<Doc> => {
		this.gets.set(id, (this.gets.get(id) ?? 0) + 1);
		this.getTimes.push(this.clock.time);
		const throttle = this.throttleNext.shift();
		return await this.answer(() => {
			if (throttle !== undefined) throw new Throttled(throttle);
			return this.document(id);
		});
	};

	/** Pages of 20, the listed ids only (a listing may leave documents out); `older` documents listed first. */
	list = async (ids: string[], maxRequests: number, older = 0): Promise<ListedDocuments<Doc>> => {
		this.listings++;
		const pages = Math.max(1, Math.ceil((ids.length + older) / 20));
		if (pages > maxRequests) {
			this.listingPages += maxRequests;
			for (let page = 0; page < maxRequests; page++) await this.answer(() => undefined);
			throw new Error('Listing the documents costs more than reading them');
		}
		this.listingPages += pages;
		for (let page = 1; page < pages; page++) await this.answer(() => undefined);
		return await this.answer(() => ({
			documents: ids.map((id) => this.document(id)),
			requests: pages,
		}));
	};
}

function setup(
	cap = 10,
	options: { listingMinPending?: number; listing?: 'throttled' | 'always' } = {},
) {
	const clock = new FakeClock();
	const gini = new FakeGini(clock);
	const limiter = new Limiter(cap);
	const waiter = new DocumentWaiter<Doc>({
		now: clock.now,
		sleep: clock.sleep,
		limiter,
		throttleOf: (error) => (error instanceof Throttled ? error.retryAfterMs : undefined),
		listingMinPending: options.listingMinPending ?? Number.POSITIVE_INFINITY,
		listing: options.listing ?? 'always',
	});
	const request = (id: string, timeoutMs: number, extra: Partial<WaitRequest<Doc>> = {}) => ({
		url: `https://gini.test/documents/${id}`,
		deadline: clock.time + timeoutMs,
		read: async () => await gini.read(id),
		timedOut: () => new TimeoutError(`${id} still processing`),
		...extra,
	});
	/** Waits for each id; resolves with when each came back (or the error). */
	const waitAll = async (ids: string[], timeoutMs = 60_000, extra = {}) =>
		await clock.run(
			Promise.all(
				ids.map(async (id) => {
					try {
						const document = await waiter.wait(request(id, timeoutMs, extra));
						return { id, at: clock.time, document, error: undefined as Error | undefined };
					} catch (error) {
						return { id, at: clock.time, document: undefined, error: error as Error };
					}
				}),
			),
		);
	/**
	 * Waits for each id as a document of one user that a listing can show; `known`: as read just now (the first look
	 * one interval later), else looked at right away.
	 */
	const waitListed = async (
		list: string[],
		listing: (since: number, max: number) => Promise<ListedDocuments<Doc>>,
		known = true,
	) =>
		await clock.run(
			Promise.all(
				list.map(
					async (id) =>
						await waiter.wait(
							request(id, 60_000, {
								group: 'user-1',
								list: listing,
								...(known ? { last: { document: gini.document(id), at: clock.time } } : {}),
							}),
						),
				),
			),
		);
	return { clock, gini, limiter, waiter, request, waitAll, waitListed };
}

const ids = (count: number, prefix = 'doc') =>
	Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('DocumentWaiter', () => {
	it('picks a finished document up within one interval (plus one answer) of its completion', async () => {
		const { gini, waitAll } = setup();
		const list = ids(40);
		list.forEach((id, i) => gini.add(id, 300 + i * 173));
		const results = await waitAll(list);
		for (const result of results) {
			expect(result.error).toBeUndefined();
			const late = result.at - (gini.readyAt.get(result.id) as number);
			expect(late).toBeGreaterThanOrEqual(0);
			expect(late).toBeLessThanOrEqual(POLL_INTERVAL_MS + 2 * LATENCY_MS);
		}
	});

	it('sends about one GET per second of processing, plus the one that sees it done', async () => {
		const { gini, waitAll } = setup();
		const list = ids(30);
		list.forEach((id, i) => gini.add(id, (i % 6) * 1000 + 500));
		await waitAll(list);
		list.forEach((id, i) => {
			const seconds = Math.ceil(((i % 6) * 1000 + 500) / 1000);
			expect(gini.gets.get(id)).toBeLessThanOrEqual(seconds + 1);
			expect(gini.gets.get(id)).toBeGreaterThanOrEqual(seconds);
		});
	});

	it('starts one interval after a read the caller already made', async () => {
		const { clock, gini, waiter, request } = setup();
		gini.add('known', 2500);
		const known = gini.document('known');
		const document = await clock.run(
			waiter.wait(request('known', 60_000, { last: { document: known, at: clock.time } })),
		);
		expect(document.progress).toBe('COMPLETED');
		// Looks at 1 s and 2.05 s see it pending, the one at 3.1 s sees it done.
		expect(gini.gets.get('known')).toBe(3);
	});

	it('looks at a document just uploaded first one interval after the upload, not right away', async () => {
		const { clock, gini, waiter, request } = setup();
		gini.add('fresh', 1000);
		const document = await clock.run(
			waiter.wait(request('fresh', 60_000, { firstLookAt: clock.time + POLL_INTERVAL_MS })),
		);
		expect(document.progress).toBe('COMPLETED');
		// One GET, at 1 s, which sees it done; a look at 0 would only have said PENDING.
		expect(gini.getTimes).toEqual([POLL_INTERVAL_MS]);
	});

	it('never has more requests in flight than the cap, however many documents wait', async () => {
		const { gini, limiter, waitAll } = setup(4);
		const list = ids(200);
		list.forEach((id, i) => gini.add(id, (i % 7) * 700));
		const results = await waitAll(list);
		expect(results.every((result) => result.error === undefined)).toBe(true);
		expect(gini.peak).toBeLessThanOrEqual(4);
		expect(limiter.peak).toBeLessThanOrEqual(4);
		// The cap was reached, so the figure says something.
		expect(gini.peak).toBe(4);
	});

	it('shares the cap with other work on the same limiter (the uploads)', async () => {
		const { clock, gini, limiter, waiter, request } = setup(3);
		const list = ids(20);
		list.forEach((id) => gini.add(id, 1500));
		let uploadsInFlight = 0;
		let peakTogether = 0;
		const upload = async () =>
			await limiter.run(async () => {
				uploadsInFlight++;
				peakTogether = Math.max(peakTogether, uploadsInFlight + gini.inFlight);
				await clock.sleep(80);
				uploadsInFlight--;
			});
		await clock.run(
			Promise.all([
				...list.map(async (id) => await waiter.wait(request(id, 60_000))),
				...Array.from({ length: 30 }, upload),
			]),
		);
		expect(peakTogether).toBeLessThanOrEqual(3);
	});

	it('slows the whole waiter down when Gini throttles one read: no request goes out during Retry-After', async () => {
		const { gini, waiter, waitAll } = setup();
		const list = ids(10);
		list.forEach((id) => gini.add(id, 10_000));
		gini.throttleNext = [5000];
		const results = await waitAll(list);
		expect(results.every((result) => result.error === undefined)).toBe(true);
		// The throttled GET was the first one, sent at 0 and answered at 50 ms: nothing until 5.05 s.
		const first = gini.getTimes[0];
		const during = gini.getTimes.filter((at) => at > first + LATENCY_MS && at < 5000 + LATENCY_MS);
		// Only the other nine documents' first GETs, all sent at 0, came before the answer.
		expect(gini.getTimes.filter((at) => at === 0)).toHaveLength(10);
		expect(during).toHaveLength(0);
		expect(waiter.stats.throttled).toBe(1);
		// After it the interval is stretched to 2 s for all: looks at 5.05, 7.1, 9.15 and 11.2 s, not one a second.
		const after = gini.getTimes.filter((at) => at >= 5000);
		expect(after).toHaveLength(10 * 4);
	});

	it('takes many reads throttled at once as one signal: the interval doubles once', async () => {
		const { gini, waiter, waitAll } = setup();
		const list = ids(10);
		list.forEach((id) => gini.add(id, 10_000));
		gini.throttleNext = list.map(() => 3000);
		const results = await waitAll(list);
		expect(results.every((result) => result.error === undefined)).toBe(true);
		expect(waiter.stats.throttled).toBe(10);
		// Paused until 3.05 s, then one look every 2 s (not 2^10 s): 3.05, 5.1, 7.15, 9.2 and 11.25 s.
		expect(gini.getTimes.filter((at) => at >= 3000)).toHaveLength(10 * 5);
	});

	it('fails a document that never finishes alone, at its own deadline, while the others are picked up', async () => {
		const { gini, waitAll } = setup();
		const list = ids(8);
		list.forEach((id, i) => gini.add(id, i === 3 ? Number.POSITIVE_INFINITY : 500 + i * 400));
		const results = await waitAll(list, 5000);
		const stuck = results[3];
		expect(stuck.error).toBeInstanceOf(TimeoutError);
		expect(stuck.error?.message).toBe('doc-3 still processing');
		// Its last look was at its deadline.
		expect(stuck.at).toBeGreaterThanOrEqual(5000);
		expect(stuck.at).toBeLessThanOrEqual(5000 + LATENCY_MS);
		for (const result of results.filter((_, i) => i !== 3)) {
			expect(result.error).toBeUndefined();
			expect(result.at).toBeLessThan(5000);
		}
	});

	it('gives each document its own deadline', async () => {
		const { clock, gini, waiter, request } = setup();
		gini.add('short', Number.POSITIVE_INFINITY);
		gini.add('long', Number.POSITIVE_INFINITY);
		const outcome = async (id: string, timeoutMs: number) =>
			await waiter.wait(request(id, timeoutMs)).catch(() => clock.time);
		const [short, long] = await clock.run(
			Promise.all([outcome('short', 2000), outcome('long', 7000)]),
		);
		expect(short).toBe(2000 + LATENCY_MS);
		expect(long).toBe(7000 + LATENCY_MS);
	});

	it('fails only the document whose read fails for another reason', async () => {
		const broken = new Error('404');
		const again = setup();
		ids(5).forEach((id) => again.gini.add(id, 2000));
		const outcomes = await again.clock.run(
			Promise.all(
				ids(5).map(
					async (id, i) =>
						await again.waiter
							.wait(
								again.request(id, 60_000, {
									read: async () => {
										if (i === 2) throw broken;
										return await again.gini.read(id);
									},
								}),
							)
							.then(
								() => 'done',
								(error: Error) => error.message,
							),
				),
			),
		);
		expect(outcomes).toEqual(['done', 'done', '404', 'done', 'done']);
	});

	it('does not depend on the order the documents were handed over in', async () => {
		// A cap above the batch: with fewer slots the first handed over are read first, by design (arrival order).
		const times = async (order: string[]) => {
			const { gini, waitAll } = setup(30);
			ids(30).forEach((id, i) => gini.add(id, ((i * 7) % 11) * 300));
			const results = await waitAll(order);
			return Object.fromEntries(
				results.map((result) => [result.id, { at: result.at, gets: gini.gets.get(result.id) }]),
			);
		};
		const forward = await times(ids(30));
		const backward = await times(ids(30).reverse());
		const shuffled = await times(
			ids(30).sort(
				(a, b) => ((a.length * 31 + a.charCodeAt(4)) % 7) - ((b.length * 31 + b.charCodeAt(4)) % 7),
			),
		);
		for (const id of ids(30)) {
			expect(backward[id].gets).toBe(forward[id].gets);
			expect(shuffled[id].gets).toBe(forward[id].gets);
			expect(backward[id].at).toBe(forward[id].at);
			expect(shuffled[id].at).toBe(forward[id].at);
		}
	});

	describe('with a listing', () => {
		it('watches many documents of one user with one listing per interval instead of a GET each', async () => {
			const { clock, gini, waiter, request } = setup(10, { listingMinPending: 10 });
			const list = ids(100);
			list.forEach((id, i) => gini.add(id, 1000 + (i % 3) * 1000));
			const listing = async (_since: number, max: number): Promise<ListedDocuments<Doc>> =>
				await gini.list(list, max);
			const results = await clock.run(
				Promise.all(
					list.map(async (id) => {
						const document = await waiter.wait(
							request(id, 60_000, {
								group: 'user-1',
								last: { document: gini.document(id), at: clock.time },
								list: listing,
							}),
						);
						return { id, at: clock.time, document };
					}),
				),
			);
			for (const result of results) {
				expect(result.document.progress).toBe('COMPLETED');
				const late = result.at - (gini.readyAt.get(result.id) as number);
				expect(late).toBeLessThanOrEqual(POLL_INTERVAL_MS + 6 * LATENCY_MS);
			}
			const requests = gini.listingPages + [...gini.gets.values()].reduce((a, b) => a + b, 0);
			// Per document GETs would be about 2 to 4 each: 300 requests; the listing takes 5 pages a round.
			expect(requests).toBeLessThan(60);
			expect(waiter.stats.listings).toBeGreaterThan(0);
		});

		it('by default lists only while Gini asks to slow down: a GET each otherwise, then one listing', async () => {
			const { gini, waiter, waitListed } = setup(20, {
				listingMinPending: 10,
				listing: 'throttled',
			});
			const list = ids(20);
			list.forEach((id) => gini.add(id, 4000));
			const listing = async (_since: number, max: number): Promise<ListedDocuments<Doc>> =>
				await gini.list(list, max);
			// The first round of GETs: one of them is throttled (no Retry-After), which stretches the interval.
			gini.throttleNext = [0];
			const results = await waitListed(list, listing);
			expect(results.every((document) => document.progress === 'COMPLETED')).toBe(true);
			// The first look was a GET each (no listing before Gini throttled); after the 429 one listing sees them all.
			expect(gini.getTimes.filter((at) => at === POLL_INTERVAL_MS)).toHaveLength(20);
			expect(waiter.stats.throttled).toBe(1);
			expect(waiter.stats.listings).toBeGreaterThan(0);
			expect(gini.getTimes.filter((at) => at > POLL_INTERVAL_MS)).toHaveLength(0);
		});

		it('by default does not list while Gini answers normally', async () => {
			const { gini, waiter, waitListed } = setup(10, {
				listingMinPending: 10,
				listing: 'throttled',
			});
			const list = ids(20);
			list.forEach((id) => gini.add(id, 3000));
			const listing = async (_since: number, max: number): Promise<ListedDocuments<Doc>> =>
				await gini.list(list, max);
			await waitListed(list, listing, false);
			expect(waiter.stats.listings).toBe(0);
			expect(gini.listings).toBe(0);
			// A look at 0, 1.05, 2.1 and 3.15 s each.
			expect(waiter.stats.gets).toBe(20 * 4);
		});

		it('reads the documents a listing did not show with a GET each', async () => {
			const { gini, waitListed } = setup(10, { listingMinPending: 5 });
			const list = ids(20);
			list.forEach((id) => gini.add(id, 2500));
			// The listing shows only the first half (as a listing that lags behind might).
			const listing = async (_since: number, max: number): Promise<ListedDocuments<Doc>> =>
				await gini.list(list.slice(0, 10), max);
			const results = await waitListed(list, listing);
			expect(results.every((document) => document.progress === 'COMPLETED')).toBe(true);
			for (const id of list.slice(0, 10)) expect(gini.gets.get(id) ?? 0).toBe(0);
			for (const id of list.slice(10)) expect(gini.gets.get(id)).toBeGreaterThan(0);
		});

		it('does not list again when a listing would take more requests than half the documents', async () => {
			const { gini, waitListed } = setup(10, { listingMinPending: 10 });
			const list = ids(20);
			list.forEach((id) => gini.add(id, 4000));
			// 500 older documents listed before these (Gini listing oldest first): 26 pages for 20 documents.
			const listing = async (_since: number, max: number): Promise<ListedDocuments<Doc>> =>
				await gini.list(list, max, 500);
			const results = await waitListed(list, listing);
			expect(results.every((document) => document.progress === 'COMPLETED')).toBe(true);
			expect(gini.listings).toBe(1);
			// It gave up after 10 requests (half a request per document), not 26.
			expect(gini.listingPages).toBe(10);
			for (const id of list) expect(gini.gets.get(id)).toBeGreaterThanOrEqual(4);
		});

		it('falls back to GETs for good when the listing fails', async () => {
			const { clock, gini, waiter, request } = setup(10, { listingMinPending: 5 });
			const list = ids(12);
			list.forEach((id) => gini.add(id, 3000));
			let listings = 0;
			const results = await clock.run(
				Promise.all(
					list.map(
						async (id) =>
							await waiter.wait(
								request(id, 60_000, {
									group: 'user-1',
									last: { document: gini.document(id), at: clock.time },
									list: async () => {
										listings++;
										throw new Error('500');
									},
								}),
							),
					),
				),
			);
			expect(results.every((document) => document.progress === 'COMPLETED')).toBe(true);
			expect(listings).toBe(1);
			for (const id of list) expect(gini.gets.get(id)).toBeGreaterThan(0);
		});
	});
});

describe('Limiter', () => {
	it('refuses a cap below one', () => {
		expect(() => new Limiter(0)).toThrow(RangeError);
	});

	it('runs tasks in arrival order once a slot is free', async () => {
		const limiter = new Limiter(1);
		const order: number[] = [];
		let release: () => void = () => undefined;
		const first = limiter.run(async () => {
			await new Promise<void>((resolve) => (release = resolve));
			order.push(1);
		});
		const second = limiter.run(async () => {
			order.push(2);
		});
		const third = limiter.run(async () => {
			order.push(3);
		});
		expect(limiter.queued).toBe(2);
		release();
		await Promise.all([first, second, third]);
		expect(order).toEqual([1, 2, 3]);
		expect(limiter.peak).toBe(1);
		expect(limiter.inFlight).toBe(0);
	});
});
