/**
 * The Gini Pay Trigger inside n8n-core (PollContext, PollTriggerExecutor, static data persisted as
 * n8n does) against a scriptable fake Gini: a node:http server on loopback whose documents, answers
 * and speed each test sets exactly. Covers what the emulator cannot be made to do on purpose: more
 * documents in processing than the trigger waits for at once, a document whose extractions keep
 * failing, ids that are names of Object.prototype, a creationDate that is not a number, a Gini
 * slow enough to run into n8n's poll time budget, a backlog longer than a poll can list (paged with
 * Gini's `next` cursor, newest or oldest first), and a document that shows up late behind hundreds.
 *
 * Time here is Gini's: Date, which n8n's poll budget is measured with (budget.ts), stands still
 * except while the fake answers, and each answer moves it on by exactly the time the test gives it
 * (`delayMs`, `listDelayMs`). A poll runs out of its budget at the same request on every machine,
 * however loaded; a budget measured on the real clock made what a poll lists, and so the order
 * across polls, depend on the machine. The timers stay real: the node's request timeouts and
 * backoff, which the budgets here (minutes of Gini's time) leave seconds of real time.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';
import { POSITION_KEY } from '../../nodes/GiniPay/trigger/poll';
import { MAX_FAILED_POLLS } from '../../nodes/GiniPay/trigger/pollState';
import { pollTrigger, type PollTriggerResult } from '../harness/index.cts';
import {
	startLoopbackServer,
	type LoopbackServer,
	type RecordedRequest,
	type Reply,
} from '../harness/loopback-server.cts';
import { credentialTypes, resetTokenCache } from './gini.cts';

const T0 = 1_700_000_000_000;

interface FakeDocument {
	id: string;
	creationDate: unknown;
	progress: 'PENDING' | 'COMPLETED' | 'ERROR';
	/** Left out of the listing (still readable by id), as a document past the pages read would be. */
	unlisted?: boolean;
}

/** Answers one request to `/documents/<id>` or `/documents/<id>/extractions`; undefined: the normal one. */
type Override = (request: RecordedRequest) => Reply | undefined;

interface FakeGini {
	server: LoopbackServer;
	documents: FakeDocument[];
	/** Keyed by `<id>` (the document) or `<id>/extractions`. */
	overrides: Map<string, Override>;
	/** Time every answer takes on Gini's clock (see above), ms. */
	delayMs: number;
	/** Extra time each answer to GET /documents takes on Gini's clock, ms. */
	listDelayMs: number;
	/**
	 * How GET /documents pages: 'offset' (the SDKs' reading, `next` ignored) or 'next' (Gini's
	 * documented cursor, a creation date: newest first the page holds documents created strictly
	 * before it, oldest first strictly after it; `offset` ignored).
	 */
	paging: 'offset' | 'next';
	order: 'newestFirst' | 'oldestFirst';
	/** Most documents one page holds, whatever `limit` asks. */
	pageCap: number;
	/** Requests per path key (`list`, `<id>`, `<id>/extractions`). */
	hits: Map<string, number>;
	/** When each request came in, on Gini's clock (Date.now()), in order. */
	arrivals: number[];
}

const EXTRACTIONS = {
	extractions: {
		iban: { entity: 'iban', value: 'DE02120300000000202051' },
		amountToPay: { entity: 'amount', value: '24.99:EUR' },
	},
	candidates: {},
};

/** The timer functions that stay real: only Date is faked, and only the fake Gini moves it. */
const REAL_TIMERS = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'requestAnimationFrame',
	'cancelAnimationFrame',
	'requestIdleCallback',
	'cancelIdleCallback',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

/** Gini takes `ms` to answer: the clock moves on by exactly that, however long it really took. */
function elapse(ms: number): void {
	if (ms > 0) jest.setSystemTime(Date.now() + ms);
}

function dateOrder(value: unknown): number {
	return typeof value === 'number' ? value : Number.POSITIVE_INFINITY;
}

/** Gini's document JSON (docs/gini-api.md §4.3), trimmed to what the trigger reads. */
function documentJson(document: FakeDocument): IDataObject {
	return {
		id: document.id,
		creationDate: document.creationDate as IDataObject[string],
		name: `${document.id}.pdf`,
		progress: document.progress,
		origin: 'UPLOAD',
		sourceClassification: 'NATIVE',
		pageCount: 1,
	};
}

async function startFakeGini(): Promise<FakeGini> {
	const fake = {
		documents: [],
		overrides: new Map(),
		delayMs: 0,
		listDelayMs: 0,
		paging: 'offset',
		order: 'newestFirst',
		pageCap: Number.POSITIVE_INFINITY,
		hits: new Map(),
		arrivals: [],
	} as unknown as FakeGini;
	const count = (key: string) => fake.hits.set(key, (fake.hits.get(key) ?? 0) + 1);
	fake.server = await startLoopbackServer((request) => {
		fake.arrivals.push(Date.now());
		elapse(fake.delayMs);
		const url = new URL(request.url, 'http://fake');
		if (url.pathname === '/documents') {
			count('list');
			elapse(fake.listDelayMs);
			const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), fake.pageCap);
			// Newest first by default (docs/gini-api.md §4.2); a document without a numeric date comes first.
			const direction = fake.order === 'newestFirst' ? -1 : 1;
			const listed = fake.documents
				.filter((document) => !document.unlisted)
				.sort((a, b) => direction * (dateOrder(a.creationDate) - dateOrder(b.creationDate)));
			if (fake.paging === 'next') {
				const next = Number(url.searchParams.get('next') ?? 0);
				const beyond = (document: FakeDocument) => {
					const date = dateOrder(document.creationDate);
					return next === 0 || (direction < 0 ? date < next : date > next);
				};
				return { body: { documents: listed.filter(beyond).slice(0, limit).map(documentJson) } };
			}
			const offset = Number(url.searchParams.get('offset') ?? 0);
			return { body: { documents: listed.slice(offset, offset + limit).map(documentJson) } };
		}
		const match = /^\/documents\/([^/]+)(\/extractions)?$/.exec(url.pathname);
		if (!match) return { status: 404, body: { message: 'No such route' } };
		const id = decodeURIComponent(match[1]);
		const key = match[2] ? `${id}/extractions` : id;
		count(key);
		const overridden = fake.overrides.get(key)?.(request);
		if (overridden) return overridden;
		const document = fake.documents.find((candidate) => candidate.id === id);
		if (!document) return { status: 404, body: { message: 'Document not found' } };
		return { body: match[2] ? EXTRACTIONS : documentJson(document) };
	});
	return fake;
}

let gini: FakeGini;
beforeEach(async () => {
	resetTokenCache();
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: Date.now() });
	gini = await startFakeGini();
});
afterEach(async () => {
	await gini.server.close();
	jest.useRealTimers();
});

/** One trigger node of one workflow: its static data outlives a poll, as in n8n. */
function triggerFor(parameters: INodeParameters = {}, pollBudgetMs?: number) {
	let staticData: IDataObject | undefined;
	return {
		async poll(): Promise<PollTriggerResult> {
			const result = await pollTrigger({
				nodeTypes: [new GiniPayTrigger()],
				credentialTypes,
				credentials: [
					{
						type: 'giniPayBasicApi',
						id: 'giniPayBasicApi-1',
						name: 'fake Gini',
						data: {
							payApiUrl: gini.server.url,
							clientId: 'fake-client',
							clientSecret: 'fake-secret',
							userIdentifier: 'fake-user',
						},
					},
				],
				node: {
					name: 'Gini Pay Trigger',
					type: 'n8n-nodes-gini-pay.giniPayTrigger',
					parameters: { authentication: 'basic', ...parameters },
					credentials: { giniPayBasicApi: { id: 'giniPayBasicApi-1', name: 'fake Gini' } },
				},
				staticData,
				pollBudgetMs,
			});
			staticData = result.staticData;
			return result;
		},
		get staticData(): IDataObject | undefined {
			return staticData;
		},
	};
}

function idsOf(result: PollTriggerResult): string[] {
	return result.items.map((item) => String(item.json.documentId));
}

function add(...documents: FakeDocument[]): void {
	gini.documents.push(...documents);
}

function completed(id: string, creationDate: unknown): FakeDocument {
	return { id, creationDate, progress: 'COMPLETED' };
}

/**
 * Polls until MAX_FAILED_POLLS polls in a row emit nothing (a failing document may be due only
 * then); every poll must succeed. Returns the ids of each poll that emitted.
 */
async function drain(trigger: ReturnType<typeof triggerFor>, limit = 30): Promise<string[][]> {
	const polls: string[][] = [];
	for (let poll = 0, quiet = 0; poll < limit; poll++) {
		const result = await trigger.poll();
		expect(result.error).toBeUndefined();
		if (result.emitted !== null) polls.push(idsOf(result));
		quiet = result.emitted === null ? quiet + 1 : 0;
		if (quiet === MAX_FAILED_POLLS) return polls;
	}
	throw new Error(`Still emitting after ${limit} polls`);
}

describe('documents beyond what one poll waits for', () => {
	it('emits every one of 130 documents that were still processing, none lost, none twice', async () => {
		const trigger = triggerFor({ includeExtractions: false });
		add(completed('before', T0));
		expect((await trigger.poll()).emitted).toBeNull();
		const ids = Array.from({ length: 130 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
		add(
			...ids.map((id, i): FakeDocument => ({ id, creationDate: T0 + 1 + i, progress: 'PENDING' })),
		);

		const whileProcessing = await trigger.poll();
		expect(whileProcessing.error).toBeUndefined();
		expect(whileProcessing.emitted).toBeNull();

		for (const document of gini.documents) document.progress = 'COMPLETED';
		const emitted = (await drain(trigger)).flat();
		expect(emitted).toEqual(ids);
		const warnings = (await trigger.poll()).logs.filter((log) => log.level === 'warn');
		expect(warnings).toEqual([]);
	});
});

describe('a document whose extractions cannot be read', () => {
	it.each([
		['500', { status: 500, body: { message: 'Internal Server Error' } }],
		['404', { status: 404, body: { message: 'Extractions not found' } }],
	])(
		'never blocks the documents after it and is emitted once with the reason (%s)',
		async (httpCode, reply) => {
			const trigger = triggerFor();
			await trigger.poll();
			add(completed('a', T0 + 1), completed('broken', T0 + 2), completed('c', T0 + 3));
			gini.overrides.set('broken/extractions', () => reply);

			const first = await trigger.poll();
			expect(first.error).toBeUndefined();
			expect(idsOf(first)).toEqual(['a', 'c']);
			expect(first.items[0].json).toMatchObject({ iban: 'DE02120300000000202051' });

			const later = await drain(trigger);
			expect(later).toEqual([['broken']]);
			expect(gini.hits.get('broken/extractions')).toBeLessThanOrEqual(MAX_FAILED_POLLS * 3);
			expect((await trigger.poll()).emitted).toBeNull();
		},
	);

	it('puts the id and the reason into the item it emits for it', async () => {
		const trigger = triggerFor();
		await trigger.poll();
		add(completed('broken', T0 + 1));
		gini.overrides.set('broken/extractions', () => ({
			status: 500,
			body: { message: 'Extraction backend down', requestId: 'req-77' },
		}));
		let result = await trigger.poll();
		for (let poll = 1; poll < 10 && result.items.length === 0; poll++)
			result = await trigger.poll();

		expect(result.items).toHaveLength(1);
		const { json } = result.items[0];
		expect(json).toMatchObject({
			documentId: 'broken',
			status: 'COMPLETED',
			httpCode: '500',
			requestId: 'req-77',
		});
		expect(String(json.error)).toContain('broken');
		expect(String(json.error)).toContain('Extraction backend down');
		expect(json).not.toHaveProperty('iban');
	});

	it('retries a transient failure on the next poll and then emits the extractions', async () => {
		const trigger = triggerFor();
		await trigger.poll();
		add(completed('a', T0 + 1), completed('flaky', T0 + 2));
		let unavailable = true;
		gini.overrides.set('flaky/extractions', () =>
			unavailable
				? { status: 503, headers: { 'retry-after': '0' }, body: { message: 'Maintenance' } }
				: undefined,
		);

		const first = await trigger.poll();
		expect(first.error).toBeUndefined();
		expect(idsOf(first)).toEqual(['a']);

		unavailable = false;
		const second = await trigger.poll();
		expect(idsOf(second)).toEqual(['flaky']);
		expect(second.items[0].json).toMatchObject({ iban: 'DE02120300000000202051' });
		expect(second.items[0].json).not.toHaveProperty('error');
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('does not stall when a document it waits for can no longer be read', async () => {
		const trigger = triggerFor();
		await trigger.poll();
		add({ id: 'stuck', creationDate: T0 + 1, progress: 'PENDING' });
		expect((await trigger.poll()).emitted).toBeNull();

		// Gone from the pages read, and its own URL fails.
		gini.documents[0].unlisted = true;
		gini.overrides.set('stuck', () => ({
			status: 500,
			body: { message: 'Internal Server Error' },
		}));
		add(completed('next', T0 + 2));
		const polls = await drain(trigger);
		expect(polls.flat().sort()).toEqual(['next', 'stuck']);
		expect(polls[0]).toEqual(['next']);
	});
});

describe('any string is an id', () => {
	it('emits documents called constructor, __proto__ and toString once each', async () => {
		const trigger = triggerFor({ includeExtractions: false });
		await trigger.poll();
		add(
			completed('constructor', T0 + 1),
			completed('__proto__', T0 + 2),
			completed('toString', T0 + 3),
		);
		expect(await drain(trigger)).toEqual([['constructor', '__proto__', 'toString']]);

		gini.documents[0].progress = 'COMPLETED';
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('emits them with their extractions where Gini accepts the id in a URL', async () => {
		const trigger = triggerFor();
		await trigger.poll();
		add(completed('constructor', T0 + 1), completed('toString', T0 + 2));
		const result = await trigger.poll();
		expect(idsOf(result)).toEqual(['constructor', 'toString']);
		expect(result.items[1].json).toMatchObject({ iban: 'DE02120300000000202051' });
	});
});

describe('a creationDate that is not a number', () => {
	it('emits the document once, with a note on the item and a warning in the log', async () => {
		const trigger = triggerFor({ includeExtractions: false });
		await trigger.poll();
		add(completed('dated', T0 + 1), completed('undated', 'yesterday'));

		const result = await trigger.poll();
		expect(result.error).toBeUndefined();
		expect(idsOf(result)).toEqual(['dated', 'undated']);
		expect(result.items[0].json).not.toHaveProperty('triggerNote');
		expect(String(result.items[1].json.triggerNote)).toContain('creationDate');
		const warnings = result.logs.filter((log) => log.level === 'warn');
		expect(warnings.map((log) => log.message).join('\n')).toContain('creationDate');

		add(completed('later', T0 + 5));
		expect(idsOf(await trigger.poll())).toEqual(['later']);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('reads a date Gini sends as a string (ISO 8601 or digits) as that date', async () => {
		const trigger = triggerFor({ includeExtractions: false });
		await trigger.poll();
		add(
			completed('iso', new Date(T0 + 2).toISOString()),
			completed('digits', String(T0 + 1)),
			completed('number', T0 + 3),
		);
		const result = await trigger.poll();
		expect(idsOf(result)).toEqual(['digits', 'iso', 'number']);
		expect(String(result.items[0].json.triggerNote)).toContain('creationDate');
		expect((await trigger.poll()).emitted).toBeNull();
	});
});

describe("n8n's poll time budget", () => {
	// Two minutes (budget.ts: listing pages start in the first quarter, requests in the first half);
	// every answer takes 6 s of Gini's time. Each poll lists in up to three requests: this fake
	// honours `offset`, not the `next` cursor, and sends no totalCount, so a short page is not the end
	// until `offset` says so.
	const budgetMs = 120_000;
	const ids = Array.from({ length: 30 }, (_, i) => `slow-${String(i).padStart(2, '0')}`);

	/** The first poll after 30 documents came in, each answer taking `delayMs`, each page `listDelayMs` more. */
	async function firstPollOfBacklog(listDelayMs: number) {
		const trigger = triggerFor({}, budgetMs);
		await trigger.poll();
		add(...ids.map((id, i) => completed(id, T0 + 1 + i)));
		gini.delayMs = 6_000;
		gini.listDelayMs = listDelayMs;
		const startedAt = Date.now();
		const before = gini.arrivals.length;
		const first = await trigger.poll();
		expect(first.error).toBeUndefined();
		// It started no request after half its budget, emitted what it read, and left the rest.
		const arrivals = gini.arrivals.slice(before);
		expect(Math.max(...arrivals)).toBeLessThan(startedAt + budgetMs / 2);
		expect(first.items.length).toBeGreaterThan(0);
		expect(first.items.length).toBeLessThan(ids.length);
		return { trigger, first };
	}

	it('stops in time, keeps its position, and the next polls emit the rest once each', async () => {
		// Listing ends in a quarter of the budget; reading the extractions takes the rest.
		const { trigger, first } = await firstPollOfBacklog(0);
		// The listing reached its end: the poll knew every document, so no pass is under way and
		// the rest follows in the order Gini created them.
		expect(passOf(trigger.staticData)).toBeUndefined();
		const rest = await drain(trigger);
		expect([idsOf(first), ...rest].flat()).toEqual(ids);
	});

	it('when the listing runs out of time too, goes on where Gini lists: each document once, each poll oldest first', async () => {
		// A slow list: the poll's listing time is over before the list's end is confirmed, although
		// the first page holds every document. The trigger cannot know that older documents do not
		// follow, so it works the backlog off the way Gini lists, newest first (README, Gini Pay
		// Trigger: "such a backlog comes out in the order Gini lists, each poll's items oldest first").
		const { trigger, first } = await firstPollOfBacklog(20_000);
		expect(passOf(trigger.staticData)).toMatchObject({ order: 'newestFirst' });
		const polls = [idsOf(first), ...(await drain(trigger))];
		expect(polls.length).toBeGreaterThan(2);
		// Each poll's items oldest first, the polls newest first: read from the last poll back, every
		// document once, in the order Gini created them.
		expect([...polls].reverse().flat()).toEqual(ids);
	});
});

describe('a document that becomes visible late', () => {
	it.each([20, 260])(
		'is emitted when it shows up after %i newer documents were emitted',
		async (count) => {
			const trigger = triggerFor({ includeExtractions: false });
			add(completed('before', T0));
			expect((await trigger.poll()).emitted).toBeNull();
			const ids = Array.from({ length: count }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
			add(...ids.map((id, i) => completed(id, T0 + 10_000 + i)));
			expect((await drain(trigger)).flat()).toEqual(ids);

			// A large upload started 5 s before the others and is listed only now.
			add(completed('late', T0 + 5_000));
			const result = await trigger.poll();
			expect(result.error).toBeUndefined();
			expect(idsOf(result)).toEqual(['late']);
			expect((await trigger.poll()).emitted).toBeNull();
		},
	);
});

describe('a backlog that one poll cannot list in its time', () => {
	it.each<['newestFirst' | 'oldestFirst', 'next' | 'offset']>([
		['newestFirst', 'next'],
		['oldestFirst', 'next'],
		['newestFirst', 'offset'],
	])(
		'makes progress on every poll and emits each document once (Gini lists %s, pages with `%s`, 20 a page, dates shared)',
		async (order, paging) => {
			gini.paging = paging;
			gini.order = order;
			gini.pageCap = 20;
			const trigger = triggerFor({}, 120_000);
			add(completed('before', T0));
			expect((await trigger.poll()).emitted).toBeNull();

			// The workflow was off: 300 documents wait, seven share each creation date, so pages end
			// inside groups of one date. Listing them all takes 15 pages of 9 s: more than the listing
			// time of a poll (a quarter of two minutes).
			// They span 20 minutes, more than the late-visibility window, which would otherwise let a
			// later pass find what an earlier one skipped.
			const ids = Array.from({ length: 300 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
			add(...ids.map((id, i) => completed(id, T0 + 30_000 * (1 + Math.floor(i / 7)))));
			gini.listDelayMs = 9_000;

			const emitted: string[] = [];
			const expected = [...ids];
			let polls = 0;
			let quiet = 0;
			for (let poll = 0; emitted.length < expected.length; poll++) {
				if (poll === 30) throw new Error(`${emitted.length} of ${expected.length} after 30 polls`);
				const result = await trigger.poll();
				polls += 1;
				expect(result.error).toBeUndefined();
				// Every poll makes progress on the backlog. Only the poll that ends a pass can find
				// nothing new (the one before emitted its last documents); the next pass, from the
				// start of the list, finds the documents that came in meanwhile.
				quiet = result.items.length === 0 ? quiet + 1 : 0;
				expect(quiet).toBeLessThan(poll === 0 ? 1 : 2);
				emitted.push(...idsOf(result));
				// The listing goes on where the last poll stopped: a pass is under way.
				if (poll === 0) expect(passOf(trigger.staticData)).toMatchObject({ order });
				if (poll === 1) {
					// Created while the backlog is worked off, and one that becomes visible late.
					add(completed('newer', T0 + 3_000_000), completed('late', T0 + 500));
					expected.push('newer', 'late');
				}
			}
			expect([...emitted].sort()).toEqual([...expected].sort());
			// Later passes read the documents of the late-visibility window again and emit none.
			for (let poll = 0; poll < 6; poll++) expect(result(await trigger.poll())).toBeNull();
			// More than one poll: the backlog did not fit in one (else the test proves nothing).
			expect(polls).toBeGreaterThan(1);
		},
		60_000,
	);
});

describe('a backlog worked off with `offset` while documents are deleted', () => {
	it('lists again from the start when the list moved past its position, and loses nothing', async () => {
		gini.paging = 'offset';
		gini.pageCap = 20;
		const trigger = triggerFor({ includeExtractions: false }, 120_000);
		add(completed('before', T0));
		expect((await trigger.poll()).emitted).toBeNull();
		// 50 minutes of documents: more than the late-visibility window (see above).
		const ids = Array.from({ length: 300 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
		add(...ids.map((id, i) => completed(id, T0 + 10_000 * (1 + i))));
		gini.listDelayMs = 9_000;

		const first = await trigger.poll();
		expect(first.items.length).toBeGreaterThan(0);
		expect(passOf(trigger.staticData)).toMatchObject({ order: 'newestFirst' });
		// The user deletes 40 of the documents just emitted: the list moves up past the position.
		const deleted = new Set(idsOf(first).slice(-40));
		gini.documents = gini.documents.filter((document) => !deleted.has(document.id));

		const emitted = idsOf(first);
		for (let poll = 0; emitted.length < ids.length; poll++) {
			if (poll === 30) throw new Error(`${emitted.length} of ${ids.length} after 30 polls`);
			const result = await trigger.poll();
			expect(result.error).toBeUndefined();
			emitted.push(...idsOf(result));
		}
		expect([...emitted].sort()).toEqual(ids);
		for (let poll = 0; poll < 3; poll++) expect(result(await trigger.poll())).toBeNull();
	}, 60_000);
});

/** The pass under way in the stored position (pollState.ts Pass), if any. */
function passOf(staticData: IDataObject | undefined): unknown {
	const nodeData = staticData?.['node:Gini Pay Trigger'] as IDataObject | undefined;
	return (nodeData?.[POSITION_KEY] as IDataObject | undefined)?.pass;
}

function result(poll: PollTriggerResult): PollTriggerResult['emitted'] {
	expect(poll.error).toBeUndefined();
	return poll.emitted;
}
