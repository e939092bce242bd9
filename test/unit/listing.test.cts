/**
 * The pure paging logic of GET /documents (nodes/GiniPay/shared/listing.ts) against simulated servers:
 * each reading of Gini's docs, and servers that page badly. Every loop is bounded by the pager itself.
 */
import {
	DocumentPager,
	ListingError,
	creationDateOf,
	newestFirst,
	type ListedDocument,
	type PageQuery,
} from '../../nodes/GiniPay/shared/listing';

interface Doc extends ListedDocument {
	id: string;
	creationDate: number;
}

interface Server {
	order?: 'newestFirst' | 'oldestFirst';
	/** Which paging parameter the server honours. */
	honours?: 'next' | 'offset' | 'none' | 'nextAsOffset';
	/** `next` includes documents created at the cursor's date (the other reading of Gini's page). */
	nextInclusive?: boolean;
	cap?: number;
	totalCount?: boolean;
}

function docs(count: number, from = 1000): Doc[] {
	return Array.from({ length: count }, (_, i) => ({ id: `d${i}`, creationDate: from + i }));
}

function serve(
	all: Doc[],
	server: Server,
	query: PageQuery,
): { documents: Doc[]; totalCount?: number } {
	const order = server.order ?? 'newestFirst';
	const sorted = [...all].sort((a, b) =>
		order === 'newestFirst' ? b.creationDate - a.creationDate : a.creationDate - b.creationDate,
	);
	const limit = Math.min(query.limit, server.cap ?? Infinity);
	let rest = sorted;
	const honours = server.honours ?? 'next';
	if (honours === 'next' && query.next) {
		const next = query.next;
		rest = sorted.filter((d) =>
			server.nextInclusive
				? order === 'newestFirst'
					? d.creationDate <= next
					: d.creationDate >= next
				: order === 'newestFirst'
					? d.creationDate < next
					: d.creationDate > next,
		);
	}
	if (honours === 'offset' && query.offset) rest = sorted.slice(query.offset);
	if (honours === 'nextAsOffset' && query.next) rest = sorted.slice(query.next);
	if (honours === 'nextAsOffset' && query.offset) rest = sorted.slice(query.offset);
	const documents = rest.slice(0, limit);
	return server.totalCount ? { documents, totalCount: all.length } : { documents };
}

function run(
	all: Doc[],
	server: Server,
	pager = new DocumentPager<Doc>(100),
): { ids: string[]; queries: PageQuery[] } {
	const queries: PageQuery[] = [];
	for (let query = pager.query(); query; query = pager.query()) {
		queries.push(query);
		const answer = serve(all, server, query);
		pager.take(answer.documents, answer.totalCount);
	}
	return { ids: pager.documents().map((d) => d.id), queries };
}

const allIdsNewestFirst = (all: Doc[]) => newestFirst(all).map((d) => d.id);

describe('DocumentPager reads every document once, newest first', () => {
	const all = docs(250);
	it.each<[string, Server]>([
		['next cursor, newest first', { honours: 'next' }],
		['next cursor, newest first, 50 a page at most', { honours: 'next', cap: 50 }],
		['next cursor, oldest first', { honours: 'next', order: 'oldestFirst' }],
		['next cursor, oldest first, capped', { honours: 'next', order: 'oldestFirst', cap: 30 }],
		['offset only (legacy), with totalCount', { honours: 'offset', totalCount: true }],
		['offset only, capped, no totalCount', { honours: 'offset', cap: 40 }],
		['next read as an offset', { honours: 'nextAsOffset' }],
	])('%s', (_name, server) => {
		expect(run(all, server).ids).toEqual(allIdsNewestFirst(all));
	});

	// Gini documents no uniqueness of creation dates: documents created in the same millisecond share one, and a
	// page may end inside such a group. A cursor of "created before the oldest date listed" would skip the rest of it.
	describe('when documents share a creation date across a page boundary', () => {
		// Three documents per date: every page of 50 (or 40) ends inside a group.
		const tied = Array.from({ length: 250 }, (_, i) => ({
			id: `t${i}`,
			creationDate: 1000 + Math.floor(i / 3),
		}));
		it.each<[string, Server]>([
			['`next` strictly before, newest first', { honours: 'next', cap: 50 }],
			['`next` strictly after, oldest first', { honours: 'next', order: 'oldestFirst', cap: 40 }],
			['`next` inclusive, newest first', { honours: 'next', cap: 50, nextInclusive: true }],
			[
				'`next` inclusive, oldest first',
				{ honours: 'next', order: 'oldestFirst', cap: 40, nextInclusive: true },
			],
		])('%s: every document once', (_name, server) => {
			expect(new Set(run(tied, server).ids)).toEqual(new Set(tied.map((d) => d.id)));
			expect(run(tied, server).ids).toHaveLength(tied.length);
		});
	});

	it('sends `next` (never with offset) to a server that honours it, and never sends offset', () => {
		const { queries } = run(all, { honours: 'next', cap: 50 });
		expect(queries[0]).toEqual({ limit: 100 });
		expect(queries.slice(1).every((q) => q.next !== undefined && q.offset === undefined)).toBe(
			true,
		);
		// 250 documents in pages of 50, each page after the first taking the previous page's last date in again
		// (49 new each), then the page of that one document that ends it.
		expect(queries).toHaveLength(7);
	});

	it('falls back to offset only once the cursor showed it is ignored', () => {
		const { queries } = run(all, { honours: 'offset' });
		expect(
			queries.map((q) =>
				q.next !== undefined ? 'next' : q.offset !== undefined ? 'offset' : 'first',
			),
		).toEqual(['first', 'next', 'offset', 'offset', 'offset']);
	});

	it('takes a short page with a matching totalCount as the end; without one, asks once more', () => {
		expect(run(docs(5), { honours: 'offset', totalCount: true }).queries).toHaveLength(1);
		expect(run(docs(5), { honours: 'next' }).queries).toHaveLength(2);
	});

	it('dedupes repeated documents and keeps the last copy', () => {
		const pager = new DocumentPager<Doc & { progress?: string }>(2);
		pager.query();
		pager.take([
			{ id: 'b', creationDate: 2, progress: 'PENDING' },
			{ id: 'a', creationDate: 1 },
		]);
		pager.query();
		pager.take([
			{ id: 'b', creationDate: 2, progress: 'COMPLETED' },
			{ id: 'z', creationDate: 0 },
		]);
		expect(pager.documents()).toEqual([
			{ id: 'b', creationDate: 2, progress: 'COMPLETED' },
			{ id: 'a', creationDate: 1 },
			{ id: 'z', creationDate: 0 },
		]);
	});
});

describe('DocumentPager stops early when the goal allows', () => {
	const all = docs(500);
	it('newest first, `since`: stops once the list reaches older documents', () => {
		const pager = new DocumentPager<Doc>(50, { since: () => 1000 + 420 });
		const { ids, queries } = run(all, { honours: 'next' }, pager);
		expect(queries).toHaveLength(2);
		expect(ids.slice(0, 80)).toEqual(allIdsNewestFirst(all).slice(0, 80));
	});

	it('oldest first, `since`: jumps the cursor to just before it', () => {
		const pager = new DocumentPager<Doc>(50, { since: () => 1000 + 420 });
		const { queries, ids } = run(all, { honours: 'next', order: 'oldestFirst' }, pager);
		expect(queries[1]).toEqual({ limit: 50, next: 1419 });
		expect(ids).toEqual(
			expect.arrayContaining(all.filter((d) => d.creationDate >= 1420).map((d) => d.id)),
		);
		expect(queries).toHaveLength(4);
	});

	it('`enough`: newest first stops, oldest first reads all', () => {
		const enough = (listed: ListedDocument[]) => listed.length >= 10;
		expect(
			run(all, { honours: 'next' }, new DocumentPager<Doc>(100, { enough })).queries,
		).toHaveLength(1);
		const oldest = run(
			all,
			{ honours: 'next', order: 'oldestFirst' },
			new DocumentPager<Doc>(100, { enough }),
		);
		expect(oldest.ids.slice(0, 10)).toEqual(allIdsNewestFirst(all).slice(0, 10));
	});
});

describe('DocumentPager never pages without end', () => {
	it('a server that ignores both parameters on a short page: the page is the list', () => {
		expect(run(docs(30), { honours: 'none' }).ids).toHaveLength(30);
	});

	it('a server that ignores both parameters on a full page: ListingError saying so', () => {
		expect(() => run(docs(300), { honours: 'none' })).toThrow(ListingError);
		try {
			run(docs(300), { honours: 'none' });
		} catch (error) {
			expect((error as ListingError).description).toContain('the same documents');
			expect((error as ListingError).description).toContain('newest first');
		}
	});

	it('a server that always sends new documents: ListingError at the bound', () => {
		const pager = new DocumentPager<Doc>(10, {}, 25);
		let n = 0;
		const endless = () => {
			for (let query = pager.query(); query; query = pager.query()) {
				pager.take(Array.from({ length: 10 }, () => ({ id: `x${n}`, creationDate: 1e6 - n++ })));
			}
		};
		expect(endless).toThrow("Gini's document list did not end after 25 pages");
	});

	it('an unordered list is paged with offset only', () => {
		const shuffled = docs(120).sort((a, b) => ((a.id.length * 7 + b.creationDate) % 3) - 1);
		const pager = new DocumentPager<Doc>(50);
		const queries: PageQuery[] = [];
		for (let query = pager.query(); query; query = pager.query()) {
			queries.push(query);
			pager.take(shuffled.slice(query.offset ?? 0, (query.offset ?? 0) + 50));
		}
		expect(pager.order).toBe('unordered');
		expect(queries.slice(1).every((q) => q.next === undefined)).toBe(true);
		expect(pager.documents()).toHaveLength(120);
	});
});

describe('creationDateOf', () => {
	it('reads numbers, digit strings and ISO dates; anything else is NaN', () => {
		expect(creationDateOf(5)).toBe(5);
		expect(creationDateOf('17')).toBe(17);
		expect(creationDateOf('2024-01-01T00:00:00Z')).toBe(Date.parse('2024-01-01T00:00:00Z'));
		expect(creationDateOf('yesterday')).toBeNaN();
		expect(creationDateOf(undefined)).toBeNaN();
	});
});

describe('DocumentPager resumed where an earlier listing stopped', () => {
	// 250 documents, five to a creation date, so the resume date lies inside a group.
	const tied = Array.from({ length: 250 }, (_, i) => ({
		id: `t${i}`,
		creationDate: 1000 + Math.floor(i / 5),
	}));

	it.each<['newestFirst' | 'oldestFirst', boolean]>([
		['newestFirst', false],
		['newestFirst', true],
		['oldestFirst', false],
		['oldestFirst', true],
	])(
		'starts at the resume date, that date included, and reads on in order (%s, next inclusive: %s)',
		(order, nextInclusive) => {
			const date = 1020;
			const pager = new DocumentPager<Doc>(20, { resume: { order, date } });
			const { ids, queries } = run(tied, { order, nextInclusive, cap: 20 }, pager);
			expect(queries[0]).toEqual({ limit: 20, next: order === 'newestFirst' ? 1021 : 1019 });
			expect(pager.resumeRefused).toBe(false);
			const expected = tied
				.filter((d) => (order === 'newestFirst' ? d.creationDate <= date : d.creationDate >= date))
				.map((d) => d.id);
			// Read inclusively, a page of retaken ties ends the cursor, and the pager's `offset` probe
			// brings the start of the list again: more than asked for, never less.
			if (nextInclusive) expect(ids).toEqual(expect.arrayContaining(expected));
			else expect([...ids].sort()).toEqual([...expected].sort());
		},
	);

	it('refuses a resume that Gini does not honour, listing nothing', () => {
		const pager = new DocumentPager<Doc>(20, { resume: { order: 'newestFirst', date: 1020 } });
		const { ids, queries } = run(tied, { honours: 'offset', cap: 20 }, pager);
		expect(queries).toHaveLength(1);
		expect(pager.resumeRefused).toBe(true);
		expect(ids).toEqual([]);
	});

	it('ends a resumed listing at `since`', () => {
		const pager = new DocumentPager<Doc>(20, {
			resume: { order: 'newestFirst', date: 1040 },
			since: () => 1030,
		});
		const { ids } = run(tied, { cap: 20 }, pager);
		expect(ids).toEqual(
			expect.arrayContaining(
				tied.filter((d) => d.creationDate >= 1030 && d.creationDate <= 1040).map((d) => d.id),
			),
		);
		expect(ids.length).toBeLessThan(80);
	});
});

describe('DocumentPager resumed at an offset (a Gini that pages only with `offset`)', () => {
	// 100 documents, newest first: position p holds d(99 - p), created at 1099 - p.
	const all = docs(100);

	it('starts at the offset and reads on with `offset`', () => {
		// The earlier listing handled everything created after 1060; position 38 holds d61 (1061).
		const pager = new DocumentPager<Doc>(20, {
			resume: { order: 'newestFirst', date: 1060, offset: 38 },
		});
		const { ids, queries } = run(all, { honours: 'offset', cap: 20 }, pager);
		expect(queries.slice(0, 2)).toEqual([
			{ limit: 20, offset: 38 },
			{ limit: 20, offset: 58 },
		]);
		expect(pager.resumeRefused).toBe(false);
		expect(ids).toEqual(allIdsNewestFirst(all).slice(38));
	});

	it('refuses it when documents deleted above the offset moved the list past unread ones', () => {
		const pager = new DocumentPager<Doc>(20, {
			resume: { order: 'newestFirst', date: 1060, offset: 38 },
		});
		// Two documents above the position were deleted: position 38 now holds d59 (1059).
		const shifted = all.filter((d) => d.id !== 'd99' && d.id !== 'd98');
		run(shifted, { honours: 'offset', cap: 20 }, pager);
		expect(pager.resumeRefused).toBe(true);
	});

	it('accepts it when documents added on top moved the list the other way', () => {
		const pager = new DocumentPager<Doc>(20, {
			resume: { order: 'newestFirst', date: 1060, offset: 38 },
		});
		const grown = [...all, ...docs(3, 2000).map((d) => ({ ...d, id: `new${d.id}` }))];
		const { ids } = run(grown, { honours: 'offset', cap: 20 }, pager);
		expect(pager.resumeRefused).toBe(false);
		expect(ids).toEqual(expect.arrayContaining(allIdsNewestFirst(all).slice(38)));
	});
});
