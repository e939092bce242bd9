import fc from 'fast-check';

import {
	LOOKBACK_MS,
	MAX_FAILED_POLLS,
	MAX_PENDING,
	emissionOrder,
	newestFinished,
	pendingToFetch,
	isLastAttempt,
	planPoll,
	reachesFloor,
	settle,
	startState,
	type DocumentStatus,
	type PassOrder,
	type TriggerState,
} from '../../nodes/GiniPay/trigger/pollState';
import { readState, storedState } from '../../nodes/GiniPay/trigger/storedState';

const ACCOUNT = 'account-hash';
const T0 = 1_700_000_000_000;

function doc(
	id: string,
	creationDate: number,
	progress = 'COMPLETED',
	partial = false,
): DocumentStatus {
	return { id, creationDate, progress, partial };
}

/** Gini's order (docs/gini-api.md §4.2). */
function newestFirst(documents: DocumentStatus[]): DocumentStatus[] {
	return [...documents].sort((a, b) => b.creationDate - a.creationDate);
}

function fresh(
	floor = 0,
	known: Record<string, number> = {},
	pending: Record<string, number> = {},
): TriggerState {
	return {
		account: ACCOUNT,
		floor,
		known: new Map(Object.entries(known)),
		pending: new Map(Object.entries(pending)),
		failures: new Map(),
		undated: new Set(),
	};
}

/** A poll that emits every document due. */
function advance(
	state: TriggerState,
	listed: DocumentStatus[],
	fetched: DocumentStatus[] = [],
	gone: string[] = [],
): { state: TriggerState; emit: DocumentStatus[] } {
	const plan = planPoll(state, listed, fetched, gone);
	return {
		state: settle(
			plan,
			plan.due.map((document) => document.id),
		),
		emit: plan.due,
	};
}

function ids(documents: DocumentStatus[]): string[] {
	return documents.map((document) => document.id);
}

/** An id map as a plain object, for readable expectations (only for ids that are safe as keys). */
function record(map: Map<string, number>): Record<string, number> {
	return Object.fromEntries(map);
}

/** The position as n8n hands it back after persisting it: JSON. */
function persisted(state: TriggerState): unknown {
	return JSON.parse(JSON.stringify(storedState(state)));
}

describe('readState and storedState', () => {
	const valid = fresh(T0, { a: T0 }, { b: T0 + 1 });

	it('reads back what it stored, through JSON, as a copy', () => {
		const read = readState(persisted(valid), ACCOUNT);
		expect(read).toEqual(valid);
		read!.known.set('c', 1);
		expect(valid.known.has('c')).toBe(false);
	});

	it('reads the position version 1 stored (ids as object keys), so an update re-emits nothing', () => {
		const v1 = {
			version: 1,
			account: ACCOUNT,
			floor: T0,
			known: { a: T0 },
			pending: { b: T0 + 1 },
		};
		expect(readState(JSON.parse(JSON.stringify(v1)), ACCOUNT)).toEqual(valid);
	});

	it('keeps ids that are names of Object.prototype, in both versions', () => {
		const ids = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
		const state = fresh(T0);
		ids.forEach((id, i) => state.known.set(id, T0 + i));
		state.pending.set('__proto__', T0 + 9);
		const read = readState(persisted(state), ACCOUNT);
		expect([...read!.known.keys()]).toEqual(ids);
		expect([...read!.pending.keys()]).toEqual(['__proto__']);

		// Version 1 wrote `known[id] = date`: "__proto__" never got stored, the others did.
		const v1 = JSON.parse(
			'{"version":1,"account":"account-hash","floor":1,"known":{"constructor":1,"toString":2},"pending":{}}',
		) as unknown;
		expect([...readState(v1, ACCOUNT)!.known.keys()]).toEqual(['constructor', 'toString']);
	});

	it.each<[string, unknown]>([
		['nothing stored', undefined],
		['another account', { ...storedState(valid), account: 'other' }],
		['another version', { ...storedState(valid), version: 3 }],
		['a floor that is not a number', { ...storedState(valid), floor: '1' }],
		['known ids without dates', { ...storedState(valid), known: [['a', 'x']] }],
		['version 1 known ids without dates', { ...storedState(valid), version: 1, known: { a: 'x' } }],
		[
			'version 1 pending as a list',
			{ ...storedState(valid), version: 1, known: {}, pending: ['b'] },
		],
		['pending as an object in version 2', { ...storedState(valid), pending: { b: T0 } }],
	])('treats %s as a first activation', (_case, raw) => {
		expect(readState(raw, ACCOUNT)).toBeUndefined();
	});
});

describe('startState', () => {
	const page = newestFirst([doc('old', T0), doc('tie-1', T0 + 5), doc('tie-2', T0 + 5, 'PENDING')]);

	it('starts at the newest document, knowing every document of that millisecond', () => {
		expect(startState(ACCOUNT, page, false)).toEqual(
			fresh(T0 + 5, { 'tie-1': T0 + 5, 'tie-2': T0 + 5 }),
		);
	});

	it('emits nothing that existed, not even a document that finishes after activation', () => {
		const state = startState(ACCOUNT, page, false);
		const later = newestFirst([doc('old', T0), doc('tie-1', T0 + 5), doc('tie-2', T0 + 5)]);
		expect(advance(state, later).emit).toEqual([]);
	});

	it('starts before everything with Include Existing Documents, or when there are no documents', () => {
		expect(startState(ACCOUNT, page, true)).toEqual(fresh());
		expect(startState(ACCOUNT, [], false)).toEqual(fresh());
	});
});

describe('reachesFloor and pendingToFetch', () => {
	it('says a page reaches the floor only when it holds an older document', () => {
		const state = fresh(T0);
		expect(reachesFloor(state, [doc('a', T0 + 1), doc('b', T0)])).toBe(false);
		expect(reachesFloor(state, [doc('a', T0 + 1), doc('b', T0 - 1)])).toBe(true);
	});

	it('fetches only the pending documents the listing did not show', () => {
		const state = fresh(T0, {}, { listed: T0 + 1, older: T0 - LOOKBACK_MS });
		expect(pendingToFetch(state, [doc('listed', T0 + 1, 'PENDING')])).toEqual(['older']);
	});
});

describe('advance', () => {
	it('emits new finished documents oldest first and waits for pending ones', () => {
		const listed = newestFirst([
			doc('c', T0 + 3, 'PENDING'),
			doc('b', T0 + 2, 'ERROR'),
			doc('a', T0 + 1),
		]);
		const outcome = advance(fresh(T0), listed);
		expect(outcome.emit.map((document) => document.id)).toEqual(['a', 'b']);
		expect(record(outcome.state.pending)).toEqual({ c: T0 + 3 });
		expect(record(outcome.state.known)).toEqual({ a: T0 + 1, b: T0 + 2, c: T0 + 3 });
	});

	it('never emits a document twice, also when a page repeats it', () => {
		const listed = [doc('b', T0 + 2), doc('a', T0 + 1), doc('a', T0 + 1)];
		const first = advance(fresh(T0), listed);
		expect(first.emit.map((document) => document.id)).toEqual(['a', 'b']);
		expect(advance(first.state, listed).emit).toEqual([]);
	});

	it('skips the pages of a multi-page upload but emits the composite', () => {
		const listed = newestFirst([
			doc('composite', T0 + 3),
			doc('page-2', T0 + 2, 'COMPLETED', true),
			doc('page-1', T0 + 1, 'COMPLETED', true),
		]);
		const outcome = advance(fresh(T0), listed);
		expect(outcome.emit.map((document) => document.id)).toEqual(['composite']);
		expect(record(outcome.state.pending)).toEqual({});
	});

	it('emits a pending document once it finished, seen in the listing or fetched by id', () => {
		const state = fresh(
			T0,
			{ listed: T0 + 1, fetched: T0 + 2 },
			{ listed: T0 + 1, fetched: T0 + 2 },
		);
		const outcome = advance(state, [doc('listed', T0 + 1, 'ERROR')], [doc('fetched', T0 + 2)]);
		expect(outcome.emit.map((document) => document.id)).toEqual(['listed', 'fetched']);
		expect(record(outcome.state.pending)).toEqual({});
	});

	it('keeps waiting for a document still pending, and forgets one that was deleted', () => {
		const state = fresh(T0, {}, { waiting: T0 + 1, deleted: T0 + 2 });
		const outcome = advance(state, [], [doc('waiting', T0 + 1, 'PENDING')], ['deleted']);
		expect(outcome.emit).toEqual([]);
		expect(record(outcome.state.pending)).toEqual({ waiting: T0 + 1 });
	});

	it('emits a document that became visible after a newer one, within the lookback', () => {
		const first = advance(fresh(T0), [doc('newer', T0 + 60_000)]);
		const late = doc('late', T0 + 1_000);
		const second = advance(first.state, newestFirst([doc('newer', T0 + 60_000), late]));
		expect(second.emit).toEqual([late]);
	});

	it('emits a document created in the same millisecond as one already emitted', () => {
		const first = advance(fresh(T0), [doc('a', T0 + 1)]);
		expect(
			advance(first.state, [doc('b', T0 + 1), doc('a', T0 + 1)]).emit.map((d) => d.id),
		).toEqual(['b']);
	});

	it('treats names of Object.prototype as ids like any other', () => {
		const ids = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
		const listed = newestFirst(ids.map((id, i) => doc(id, T0 + 1 + i)));
		const first = advance(fresh(T0), listed);
		expect(first.emit.map((document) => document.id)).toEqual(ids);
		expect(advance(first.state, listed).emit).toEqual([]);

		const waiting = advance(fresh(T0), [doc('__proto__', T0 + 1, 'PENDING')]);
		expect([...waiting.state.pending.keys()]).toEqual(['__proto__']);
		const finished = advance(waiting.state, [doc('__proto__', T0 + 1)]);
		expect(finished.emit.map((document) => document.id)).toEqual(['__proto__']);
	});

	it('ignores documents older than the floor', () => {
		expect(advance(fresh(T0), [doc('old', T0 - 1)]).emit).toEqual([]);
	});

	it('keeps the floor LOOKBACK_MS behind the newest document and forgets ids below it', () => {
		const first = advance(fresh(T0), [doc('a', T0 + 1)]);
		const newest = T0 + 2 * LOOKBACK_MS;
		const second = advance(first.state, [doc('b', newest), doc('a', T0 + 1)]);
		expect(second.state.floor).toBe(newest - LOOKBACK_MS);
		expect(record(second.state.known)).toEqual({ b: newest });
	});

	it('keeps every id of the late-visibility window however many, so a late document is emitted', () => {
		const listed = newestFirst(Array.from({ length: 1000 }, (_, i) => doc(`d${i}`, T0 + 10 + i)));
		const outcome = advance(fresh(T0), listed);
		expect(outcome.emit).toHaveLength(1000);
		expect(outcome.state.known.size).toBe(1000);
		expect(outcome.state.floor).toBe(T0);
		expect(advance(outcome.state, listed).emit).toEqual([]);
		const late = doc('late', T0 + 5);
		expect(advance(outcome.state, newestFirst([...listed, late])).emit).toEqual([late]);
	});

	it('keeps documents in processing beyond MAX_PENDING for a later poll, oldest taken on first', () => {
		const ids = Array.from({ length: MAX_PENDING + 30 }, (_, i) => `p${i}`);
		const waiting = newestFirst(ids.map((id, i) => doc(id, T0 + i, 'PENDING')));
		const first = advance(fresh(T0), waiting);
		expect([...first.state.pending.keys()]).toEqual(ids.slice(0, MAX_PENDING));
		expect(first.state.floor).toBeLessThanOrEqual(T0 + MAX_PENDING);
		expect(first.state.known.has(`p${MAX_PENDING}`)).toBe(false);

		const finished = newestFirst(ids.map((id, i) => doc(id, T0 + i)));
		const second = advance(first.state, finished);
		expect(second.emit.map((document) => document.id)).toEqual(ids);
		expect(second.state.pending.size).toBe(0);
		expect(advance(second.state, finished).emit).toEqual([]);
	});

	it('emits finished documents newer than the ones it cannot wait for yet, and only once', () => {
		const waiting = Array.from({ length: MAX_PENDING + 1 }, (_, i) =>
			doc(`p${i}`, T0 + i, 'PENDING'),
		);
		const done = doc('done', T0 + 500);
		const first = advance(fresh(T0), newestFirst([...waiting, done]));
		expect(first.emit).toEqual([done]);
		expect(first.state.floor).toBeLessThanOrEqual(T0 + MAX_PENDING);
		expect(advance(first.state, newestFirst([...waiting, done])).emit).toEqual([]);
	});

	it('does not take on a finished document that was due but not emitted, nor lets the floor pass it', () => {
		const listed = newestFirst([
			doc('a', T0 + 1),
			doc('b', T0 + 2),
			doc('c', T0 + 2 * LOOKBACK_MS),
		]);
		const plan = planPoll(fresh(T0), listed);
		const state = settle(plan, ['a', 'c']);
		expect(state.floor).toBeLessThanOrEqual(T0 + 2);
		expect(advance(state, listed).emit.map((document) => document.id)).toEqual(['b']);
	});
});

describe("a poll cut short by n8n's time budget", () => {
	it('keeps the floor where it was when the listing did not reach it', () => {
		const state = fresh(T0);
		// The newest page only: older documents (T0 + 1 ... ) were not read.
		const newestPage = [doc('new', T0 + 3 * LOOKBACK_MS)];
		const plan = planPoll(state, newestPage, [], [], { complete: false, order: 'unknown' });
		const next = settle(plan, ['new']);
		expect(next.floor).toBe(T0);
		const all = [...newestPage, doc('older', T0 + 1)];
		expect(advance(next, all).emit.map((d) => d.id)).toEqual(['older']);
	});

	it('leaves a waited-for document that finished but was not emitted waiting', () => {
		const state = fresh(T0, { w: T0 + 1 }, { w: T0 + 1 });
		const next = settle(planPoll(state, [doc('w', T0 + 1)]), []);
		expect(record(next.pending)).toEqual({ w: T0 + 1 });
		expect(advance(next, [doc('w', T0 + 1)]).emit.map((d) => d.id)).toEqual(['w']);
	});
});

describe('a listing that takes more than one poll (a pass)', () => {
	const newestFirstListing = { complete: false, order: 'newestFirst' } as const;

	it('goes on where the listing stopped, and moves the floor only when it reaches it', () => {
		const all = newestFirst(Array.from({ length: 30 }, (_, i) => doc(`d${i}`, T0 + 1 + i)));
		// The first poll read the newest ten only.
		const first = planPoll(fresh(T0), all.slice(0, 10), [], [], newestFirstListing);
		const after = settle(first, ids(emissionOrder(first)));
		expect(after.pass).toEqual({
			order: 'newestFirst',
			resumeAt: T0 + 21,
			newest: T0 + 30,
			limit: Number.POSITIVE_INFINITY,
		});
		expect(after.floor).toBe(T0);

		// The next poll lists from there on (the cursor takes T0 + 21 in again) down to the floor.
		const rest = all.filter((d) => d.creationDate <= T0 + 21);
		const second = planPoll(after, rest, [], [], { complete: true, order: 'newestFirst' });
		expect(ids(second.due)).toEqual(ids(newestFirst(all.slice(10))).reverse());
		const done = settle(second, ids(second.due));
		expect(done.pass).toBeUndefined();
		expect(advance(done, all).emit).toEqual([]);
	});

	it('goes through a newest-first pass newest first and resumes at the newest document left', () => {
		const page = newestFirst(Array.from({ length: 10 }, (_, i) => doc(`d${i}`, T0 + 1 + i)));
		const plan = planPoll(fresh(T0), page, [], [], newestFirstListing);
		const tried = emissionOrder(plan);
		expect(ids(tried)).toEqual(ids(page));
		// Time for four only.
		const next = settle(plan, ids(tried.slice(0, 4)));
		expect(next.pass?.resumeAt).toBe(T0 + 6);
		const resumed = planPoll(next, page.slice(4), [], [], { complete: true, order: 'newestFirst' });
		expect(ids(resumed.due)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5']);
	});

	it('goes on while a complete listing left documents unemitted, and ends when none is left', () => {
		const page = [doc('a', T0 + 1), doc('b', T0 + 2)];
		const started = settle(planPoll(fresh(T0), [page[1]], [], [], newestFirstListing), ['b']);
		const complete = { complete: true, order: 'newestFirst' } as const;
		const plan = planPoll(started, [page[0]], [], [], complete);
		const left = settle(plan, []);
		expect(left.pass?.resumeAt).toBe(T0 + 1);
		const ended = settle(planPoll(left, [page[0]], [], [], complete), ['a']);
		expect(ended.pass).toBeUndefined();
	});

	it('keeps the floor below documents in processing it could not take on', () => {
		const waiting = Array.from({ length: MAX_PENDING + 2 }, (_, i) =>
			doc(`p${i}`, T0 + 1 + i, 'PENDING'),
		);
		const first = settle(planPoll(fresh(T0), newestFirst(waiting), [], [], newestFirstListing), []);
		// The oldest MAX_PENDING are waited for; the two newest are not taken on.
		expect(first.pass?.limit).toBe(T0 + 1 + MAX_PENDING);
		const ended = settle(planPoll(first, [], [], [], { complete: true, order: 'newestFirst' }), []);
		expect(ended.pass).toBeUndefined();
		expect(ended.floor).toBeLessThanOrEqual(T0 + 1 + MAX_PENDING);
	});

	it('moves the floor after an oldest-first pass no further than its first poll allows', () => {
		// Oldest first: the first poll reads the oldest document only; a document dated just
		// after it shows up late, once the pass has gone past its date, while the pass reads far
		// newer documents.
		const oldestFirst = (complete: boolean) => ({ complete, order: 'oldestFirst' }) as const;
		const a = doc('a', T0 + 1);
		const b = doc('b', T0 + 3 * LOOKBACK_MS);
		const c = doc('c', T0 + 4 * LOOKBACK_MS);
		const first = settle(planPoll(fresh(T0), [a], [], [], oldestFirst(false)), ['a']);
		expect(first.pass?.resumeAt).toBe(T0 + 1);
		const second = settle(planPoll(first, [a, b], [], [], oldestFirst(false)), ['b']);
		expect(second.pass?.resumeAt).toBe(b.creationDate);
		const ended = settle(planPoll(second, [b, c], [], [], oldestFirst(true)), ['c']);
		expect(ended.pass).toBeUndefined();
		const late = doc('late', T0 + 2);
		expect(advance(ended, [a, late, b, c]).emit).toEqual([late]);
	});

	it('survives JSON, and a damaged pass only restarts the listing', () => {
		const state = {
			...fresh(T0),
			pass: {
				order: 'newestFirst',
				resumeAt: T0 + 5,
				newest: T0 + 9,
				limit: Number.POSITIVE_INFINITY,
			},
		} as TriggerState;
		expect(readState(persisted(state), ACCOUNT)).toEqual(state);
		const bounded = { ...state, pass: { ...state.pass!, limit: T0 + 2, offset: 40 } };
		expect(readState(persisted(bounded), ACCOUNT)).toEqual(bounded);
		const badOffset = { ...storedState(state), pass: { ...storedState(bounded).pass, offset: -1 } };
		expect(readState(badOffset, ACCOUNT)?.pass).toBeUndefined();
		const damaged = { ...storedState(state), pass: { order: 'sideways', resumeAt: 'x' } };
		const read = readState(damaged, ACCOUNT);
		expect(read?.pass).toBeUndefined();
		expect(read?.floor).toBe(T0);
	});
});

describe('a document that cannot be read', () => {
	/** One poll in which reading `failing` fails and everything else due is emitted. */
	function pollFailing(state: TriggerState, listed: DocumentStatus[], failing: string) {
		const plan = planPoll(state, listed);
		const last = isLastAttempt(state, failing);
		const emitted = plan.due.map((d) => d.id).filter((id) => id !== failing || last);
		return { state: settle(plan, emitted, last ? [] : [failing]), emitted };
	}

	it('is tried on the next polls while the others go out, and given up at MAX_FAILED_POLLS', () => {
		const listed = newestFirst([doc('a', T0 + 1), doc('broken', T0 + 2), doc('c', T0 + 3)]);
		let outcome = pollFailing(fresh(T0), listed, 'broken');
		expect(outcome.emitted).toEqual(['a', 'c']);
		expect(record(outcome.state.pending)).toEqual({ broken: T0 + 2 });
		expect(record(outcome.state.failures)).toEqual({ broken: 1 });

		for (let poll = 2; poll < MAX_FAILED_POLLS; poll++) {
			outcome = pollFailing(outcome.state, listed, 'broken');
			expect(outcome.emitted).toEqual([]);
			expect(outcome.state.failures.get('broken')).toBe(poll);
		}
		outcome = pollFailing(outcome.state, listed, 'broken');
		expect(outcome.emitted).toEqual(['broken']);
		expect(outcome.state.pending.size).toBe(0);
		expect(outcome.state.failures.size).toBe(0);
		expect(advance(outcome.state, listed).emit).toEqual([]);
	});

	it('goes out normally once it can be read again', () => {
		const listed = [doc('flaky', T0 + 1)];
		const first = pollFailing(fresh(T0), listed, 'flaky');
		const second = advance(first.state, listed);
		expect(second.emit.map((d) => d.id)).toEqual(['flaky']);
		expect(second.state.failures.size).toBe(0);
	});

	it('counts a waited-for document whose own URL fails, and forgets the count when it is deleted', () => {
		const state = fresh(T0, { waiting: T0 + 1 }, { waiting: T0 + 1 });
		const plan = planPoll(state, []);
		const failedOnce = settle(plan, [], ['waiting']);
		expect(record(failedOnce.failures)).toEqual({ waiting: 1 });
		const deleted = settle(planPoll(failedOnce, [], [], ['waiting']), []);
		expect(deleted.pending.size).toBe(0);
		expect(deleted.failures.size).toBe(0);
	});
});

describe('a document without a usable creationDate', () => {
	const undated = (id: string, progress = 'COMPLETED') => doc(id, Number.NaN, progress);

	it('is emitted once, after the dated ones, and never moves the floor', () => {
		const listed = [undated('u'), doc('b', T0 + 2), doc('a', T0 + 1)];
		const first = advance(fresh(T0), listed);
		expect(first.emit.map((d) => d.id)).toEqual(['a', 'b', 'u']);
		expect(first.state.floor).toBe(T0);
		expect([...first.state.undated]).toEqual(['u']);
		expect(advance(first.state, listed).emit).toEqual([]);
		// Remembered by id even after the floor moved far past every dated document.
		const later = advance(first.state, [undated('u'), doc('c', T0 + 3 * LOOKBACK_MS)]);
		expect(later.emit.map((d) => d.id)).toEqual(['c']);
		expect(later.state.known.has('u')).toBe(false);
	});

	it('is waited for while in processing, and survives JSON', () => {
		const first = advance(fresh(T0), [undated('u', 'PENDING')]);
		const stored = readState(persisted(first.state), ACCOUNT)!;
		expect([...stored.pending.keys()]).toEqual(['u']);
		const second = advance(stored, [], [undated('u')]);
		expect(second.emit.map((d) => d.id)).toEqual(['u']);
		expect(second.state.pending.size).toBe(0);
	});

	it('is left out of the start position unless existing documents are included', () => {
		const page = [undated('u'), doc('a', T0)];
		const state = startState(ACCOUNT, page, false);
		expect(state.floor).toBe(T0);
		expect(advance(state, page).emit).toEqual([]);
		expect(startState(ACCOUNT, [undated('u')], false).floor).toBe(0);
	});
});

describe('newestFinished', () => {
	it('picks the newest finished document that is not a page of a multi-page upload', () => {
		const listed = newestFirst([
			doc('pending', T0 + 4, 'PENDING'),
			doc('page', T0 + 3, 'COMPLETED', true),
			doc('failed', T0 + 2, 'ERROR'),
			doc('done', T0 + 1),
		]);
		expect(newestFinished(listed)?.id).toBe('failed');
		expect(newestFinished([doc('pending', T0, 'PENDING')])).toBeUndefined();
	});
});

/**
 * A model of Gini and of the node's poll loop: documents appear in the listing some time after
 * their creation date (never later than the lookback), finish some time after that, and the node
 * reads pages newest first until it passes the floor. Whatever the timing, every finished document
 * that is not a page is emitted exactly once.
 */
describe('exactly once, whatever the timing', () => {
	interface Arrival {
		/** ms after the previous document's creation date (0 = same millisecond). */
		gap: number;
		visibleAfter: number;
		finishedAfter: number;
		partial: boolean;
		error: boolean;
	}

	const arrivalFields = {
		gap: fc.integer({ min: 0, max: 120_000 }),
		visibleAfter: fc.integer({ min: 0, max: LOOKBACK_MS - 1 }),
		finishedAfter: fc.integer({ min: 0, max: 5 * LOOKBACK_MS }),
		partial: fc.boolean(),
		error: fc.boolean(),
	};
	const arrival = fc.record(arrivalFields);

	/**
	 * `budget`: documents emitted per poll, `pages`: pages listed per poll, before time is over;
	 * `order`: the order Gini lists in. A poll with a pass under way lists from its position on, as
	 * Gini's `next` cursor does. After the timed polls, polls without limits run until the position
	 * is at rest.
	 */
	function simulate(
		arrivals: Arrival[],
		pollTimes: number[],
		pageSize: number,
		budget = Number.POSITIVE_INFINITY,
		pages = Number.POSITIVE_INFINITY,
		order: PassOrder = 'newestFirst',
	): string[] {
		let created = T0;
		const documents = arrivals.map((a, index) => {
			created += a.gap;
			return { id: `d${index}`, creationDate: created, ...a };
		});
		const statusAt = (d: (typeof documents)[number], now: number): DocumentStatus => {
			const finished = now >= d.creationDate + d.visibleAfter + d.finishedAfter;
			return doc(
				d.id,
				d.creationDate,
				finished ? (d.error ? 'ERROR' : 'COMPLETED') : 'PENDING',
				d.partial,
			);
		};
		const end = created + 6 * LOOKBACK_MS;
		const times = pollTimes.map((offset) => T0 + offset).sort((a, b) => a - b);
		// Unlimited polls at the end: enough to finish a pass and the one after it.
		const finals = Array.from({ length: 4 }, () => end);
		let state = startState(ACCOUNT, [], true);
		const emitted: string[] = [];
		for (const [index, now] of [...times, ...finals].entries()) {
			const limited = index < times.length;
			const visible = documents
				.filter((d) => now >= d.creationDate + d.visibleAfter)
				.map((d) => statusAt(d, now));
			const inOrder =
				order === 'newestFirst' ? newestFirst(visible) : newestFirst(visible).reverse();
			const { pass } = state;
			const from = inOrder.filter((d) => {
				if (pass) {
					return order === 'newestFirst'
						? d.creationDate <= pass.resumeAt
						: d.creationDate >= pass.resumeAt;
				}
				return order === 'newestFirst' || d.creationDate >= state.floor;
			});
			const listed: DocumentStatus[] = [];
			let complete = true;
			for (let offset = 0; offset < from.length; offset += pageSize) {
				// Out of time after `pages` pages (at least one is read).
				if (offset > 0 && offset >= pages * pageSize && limited) {
					complete = false;
					break;
				}
				const page = from.slice(offset, offset + pageSize);
				listed.push(...page);
				if (order === 'newestFirst' && reachesFloor(state, page)) break;
			}
			const fetched = pendingToFetch(state, listed).map((id) =>
				statusAt(documents[Number(id.slice(1))], now),
			);
			const plan = planPoll(state, listed, fetched, [], { complete, order });
			// Out of time after `budget` documents.
			const tried = emissionOrder(plan);
			const cut = limited ? tried.slice(0, budget) : tried;
			emitted.push(...cut.map((d) => d.id));
			state = settle(
				plan,
				cut.map((d) => d.id),
			);
		}
		return emitted;
	}

	it('emits each finished document that is not a page exactly once', () => {
		fc.assert(
			fc.property(
				fc.array(arrival, { maxLength: 40 }),
				fc.array(fc.integer({ min: 0, max: 40 * 120_000 }), { maxLength: 30 }),
				fc.integer({ min: 1, max: 7 }),
				(arrivals, pollTimes, pageSize) => {
					const emitted = simulate(arrivals, pollTimes, pageSize);
					const expected = arrivals.flatMap((a, index) => (a.partial ? [] : [`d${index}`]));
					expect([...emitted].sort()).toEqual([...expected].sort());
				},
			),
		);
	});

	it.each<[PassOrder]>([['newestFirst'], ['oldestFirst']])(
		"also when n8n's time budget cuts polls short (documents emitted and pages listed; Gini lists %s)",
		(order) => {
			// Gaps up to the lookback, so that one poll's documents span more than it.
			const spread = fc.record({ ...arrivalFields, gap: fc.integer({ min: 0, max: LOOKBACK_MS }) });
			fc.assert(
				fc.property(
					fc.array(spread, { maxLength: 40 }),
					fc.array(fc.integer({ min: 0, max: 40 * 120_000 }), { maxLength: 30 }),
					fc.integer({ min: 1, max: 7 }),
					fc.integer({ min: 0, max: 5 }),
					fc.integer({ min: 1, max: 20 }),
					(arrivals, pollTimes, pageSize, budget, pages) => {
						const emitted = simulate(arrivals, pollTimes, pageSize, budget, pages, order);
						const expected = arrivals.flatMap((a, index) => (a.partial ? [] : [`d${index}`]));
						expect([...emitted].sort()).toEqual([...expected].sort());
					},
				),
				{ numRuns: 300 },
			);
		},
	);
});

describe('a page of a multi-page upload recognised only after it was waited for', () => {
	it('is no longer waited for, is never emitted, and its composite is', () => {
		// Poll 1: the page is listed before its composite exists, with nothing marking it as a page.
		let state = fresh(T0);
		({ state } = advance(state, [doc('page', T0 + 1, 'PENDING')]));
		expect([...state.pending.keys()]).toEqual(['page']);

		// Poll 2: the composite names it; the page has finished meanwhile.
		const listed = [doc('composite', T0 + 2), doc('page', T0 + 1, 'COMPLETED', true)];
		const plan = planPoll(state, listed);
		expect(plan.due.map(({ id }) => id)).toEqual(['composite']);
		expect([...plan.partials]).toEqual(['page']);
		const next = settle(plan, ['composite']);
		expect(next.pending.size).toBe(0);
		expect(next.known.has('page')).toBe(true);
		expect(advance(next, listed).emit).toEqual([]);
	});
});
