/**
 * Get Many, the Trigger and the lookup after a lost upload answer, inside n8n's engine, against every
 * way Gini's documentation lets GET /documents page (test/emulator/listing.cts): Gini's current page
 * (the `next` cursor, `offset` ignored, no `totalCount`), with and without a page size cap, newest or
 * oldest first, and the older offset/totalCount behaviour. The emulator answers 400 past a number of
 * list requests, so a client paging without end fails here instead of hanging.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';
import { DEMO_CLIENTS, type Emulator, type ListingOptions } from '../emulator/index.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem, pollTrigger, type PollTriggerResult } from '../harness/index.cts';
import { basicCredential, credentialTypes, outputJson, runGini, useGini } from './gini.cts';
import { KOEHLER, MUELLER, pagesItem } from './lifecycleKit.cts';

/** List requests one test may make: a few pages per listing, never hundreds. */
const GUARD = 40;

const PROFILES: Array<[string, ListingOptions]> = [
	['a Gini that ignores offset (no page cap)', { profile: 'docs', maxLimit: undefined }],
	['a Gini that caps limit at 50', { profile: 'docs', maxLimit: 50 }],
	['a Gini that lists oldest first', { profile: 'docs', order: 'oldestFirst' }],
	['the legacy Gini (offset, totalCount)', { profile: 'legacy' }],
];

let users = 0;
function freshUser(): string {
	users += 1;
	return `listing-user-${users}`;
}

function headersOf(user: string): Record<string, string> {
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	return {
		Accept: 'application/vnd.gini.v1+json',
		Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
		'X-User-Identifier': user,
		'Content-Type': 'text/plain',
	};
}

/**
 * Uploads `count` small text invoices straight to the emulator and waits until it has processed them
 * (creation dates of fast uploads run ahead of the clock: they are unique); returns their ids, oldest first.
 */
async function seed(gini: Emulator, user: string, count: number): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const response = await fetch(`${gini.payApiUrl}/documents?filename=seed.txt`, {
			method: 'POST',
			headers: headersOf(user),
			body: `Rechnung ${user} ${i}`,
		});
		if (response.status !== 201) throw new Error(`seeding failed: ${response.status}`);
		ids.push(String(response.headers.get('location')).split('/').pop() as string);
	}
	while (
		gini
			.documents()
			.some((document) => ids.includes(document.id) && document.progress === 'PENDING')
	) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	return ids;
}

function triggerFor(gini: Emulator, parameters: INodeParameters) {
	let staticData: IDataObject | undefined;
	return async (): Promise<PollTriggerResult> => {
		const result = await pollTrigger({
			nodeTypes: [new GiniPayTrigger()],
			credentialTypes,
			credentials: [
				{ type: 'giniPayBasicApi', id: 'basic-1', name: 'Gini', data: basicCredential(gini) },
			],
			node: {
				name: 'Gini Pay Trigger',
				type: 'n8n-nodes-gini-pay.giniPayTrigger',
				parameters: { authentication: 'basic', includeExtractions: false, ...parameters },
				credentials: { giniPayBasicApi: { id: 'basic-1', name: 'Gini' } },
			},
			staticData,
		});
		if (result.error) throw result.error;
		staticData = result.staticData;
		return result;
	};
}

function idsOf(result: PollTriggerResult): string[] {
	return result.items.map((item) => String(item.json.documentId));
}

describe.each(PROFILES)('against %s', (_name, listing) => {
	const gini = useGini({ processingMs: 0, listing });
	beforeEach(() => {
		gini.setListing({ ...listing, maxListRequests: GUARD });
	});

	const getMany = async (user: string, parameters: IDataObject) =>
		outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: user }),
				parameters: { resource: 'document', operation: 'getAll', ...parameters },
			}),
		).map((json) => String(json.id));

	it('Get Many with Return All outputs every document once, newest first', async () => {
		const user = freshUser();
		const ids = await seed(gini, user, 130);
		expect(await getMany(user, { returnAll: true })).toEqual([...ids].reverse());
	});

	it('Get Many with a Limit outputs the newest documents, newest first', async () => {
		const user = freshUser();
		const ids = await seed(gini, user, 130);
		const newestFirst = [...ids].reverse();
		expect(await getMany(user, { returnAll: false, limit: 70 })).toEqual(newestFirst.slice(0, 70));
		expect(await getMany(user, { returnAll: false, limit: 3 })).toEqual(newestFirst.slice(0, 3));
		expect(await getMany(user, { returnAll: false, limit: 500 })).toEqual(newestFirst);
	});

	it('the Trigger with Include Existing Documents emits every existing document once', async () => {
		const user = freshUser();
		const ids = await seed(gini, user, 130);
		const poll = triggerFor(gini, { userIdentifier: user, options: { includeExisting: true } });
		expect(idsOf(await poll())).toEqual(ids);
		expect((await poll()).emitted).toBeNull();
	});

	it('the Trigger emits what is new on each poll, also more than a page at once', async () => {
		const user = freshUser();
		await seed(gini, user, 70);
		const poll = triggerFor(gini, { userIdentifier: user });
		expect((await poll()).emitted).toBeNull();
		const few = await seed(gini, user, 3);
		expect(idsOf(await poll())).toEqual(few);
		expect((await poll()).emitted).toBeNull();
		const many = await seed(gini, user, 120);
		expect(idsOf(await poll())).toEqual(many);
		expect((await poll()).emitted).toBeNull();
	});

	it('the Trigger emits a multi-page upload once, as its composite, when pages carry no compositeDocuments', async () => {
		gini.setListing({ ...listing, maxListRequests: GUARD, partialsLinkComposites: false });
		const user = freshUser();
		await seed(gini, user, 60);
		const poll = triggerFor(gini, { userIdentifier: user });
		expect((await poll()).emitted).toBeNull();
		const [composite] = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: user }),
				parameters: {
					resource: 'document',
					operation: 'upload',
					waitForExtractions: false,
					pages: 'all',
				},
				items: [
					await pagesItem([
						['page1', MUELLER],
						['page2', KOEHLER],
					]),
				],
			}),
		);
		const emitted = await poll();
		expect(idsOf(emitted)).toEqual([composite.documentId]);
		expect((await poll()).emitted).toBeNull();
	});

	it('an upload whose answer was lost is found among many older documents', async () => {
		const user = freshUser();
		await seed(gini, user, 130);
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		const bytes = await buildTextPdf([['# Rechnung', 'Nummer\t1']]);
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: user }),
			parameters: {
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
			},
			items: [await binaryItem(bytes, 'lost.pdf', 'application/pdf')],
			continueOnFail: true,
		});
		const mine = gini.documents().filter((document) => document.owner.endsWith(`:${user}`));
		expect(mine).toHaveLength(131);
		const stored = mine.reduce((a, b) => (a.creationDate > b.creationDate ? a : b));
		expect(result.output('Gini Pay')[0].json).toMatchObject({ candidateDocumentIds: [stored.id] });
	});
});

/**
 * Gini documents no uniqueness of creation dates: here every document created within 10 ms shares one, so the
 * seeded lists hold groups of documents with one date, and pages of 50 end inside them. Nothing may be skipped at
 * a page's end; within a group the order is Gini's to choose, so sets are compared.
 */
describe('against a Gini whose creation dates tie (10 ms steps), 50 a page at most', () => {
	const listing: ListingOptions = { profile: 'docs', maxLimit: 50, creationDateStepMs: 10 };
	const gini = useGini({ processingMs: 0, listing });
	beforeEach(() => {
		gini.setListing({ ...listing, maxListRequests: GUARD });
	});

	/** The seeded documents share dates across page boundaries (else the test would prove nothing). */
	function expectTiesAtPageEnds(ids: string[]): void {
		const dates = new Map(gini.documents().map((document) => [document.id, document.creationDate]));
		const newestFirst = [...ids].reverse().map((id) => dates.get(id));
		const tiedEnds = [50, 100].filter((end) => newestFirst[end - 1] === newestFirst[end]);
		expect(tiedEnds.length).toBeGreaterThan(0);
	}

	it('Get Many with Return All outputs every document once', async () => {
		const user = freshUser();
		const ids = await seed(gini, user, 130);
		expectTiesAtPageEnds(ids);
		const listed = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: user }),
				parameters: { resource: 'document', operation: 'getAll', returnAll: true },
			}),
		).map((json) => String(json.id));
		expect(listed).toHaveLength(ids.length);
		expect(new Set(listed)).toEqual(new Set(ids));
	});

	it('the Trigger emits every existing and every new document once', async () => {
		const user = freshUser();
		const existing = await seed(gini, user, 130);
		expectTiesAtPageEnds(existing);
		const poll = triggerFor(gini, { userIdentifier: user, options: { includeExisting: true } });
		const first = idsOf(await poll());
		expect(first).toHaveLength(existing.length);
		expect(new Set(first)).toEqual(new Set(existing));
		const added = await seed(gini, user, 120);
		const second = idsOf(await poll());
		expect(second).toHaveLength(added.length);
		expect(new Set(second)).toEqual(new Set(added));
		expect((await poll()).emitted).toBeNull();
	});
});
