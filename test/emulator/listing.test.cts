// GET /documents profiles (EmulatorOptions.listing): Gini's current page ('docs', either order, a
// page size cap), the older offset/totalCount behaviour ('legacy'), what partials look like, and
// the request guard for tests.
import { startEmulator } from './emulator.cts';
import { DERIVED, derivedHeaders, json, upload, type Json } from './testkit.cts';
import type { Emulator, ListingOptions, ListingProfileName } from './types.cts';

const COMPOSITE = 'application/vnd.gini.v1.composite+json';

async function withEmulator(
	listing: ListingProfileName | ListingOptions,
	body: (emulator: Emulator) => Promise<void>,
): Promise<void> {
	const emulator = await startEmulator({ processingMs: 0, listing });
	try {
		await body(emulator);
	} finally {
		await emulator.stop();
	}
}

async function uploadMany(
	emulator: Emulator,
	count: number,
	headers = derivedHeaders(),
): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const response = await upload(emulator, `Rechnung ${i}`, headers);
		ids.push(response.headers.get('location')!.split('/').pop()!);
	}
	return ids;
}

async function list(emulator: Emulator, query: string, headers = derivedHeaders()): Promise<Json> {
	return json(await fetch(`${emulator.payApiUrl}/documents${query}`, { headers }));
}

const idsOf = (answer: { documents: Array<{ id: string }> }) => answer.documents.map((d) => d.id);

test('docs, newest first: next returns the documents created strictly before it; offset and totalCount do not exist', async () => {
	await withEmulator('docs', async (emulator) => {
		const ids = await uploadMany(emulator, 60);
		const newestFirst = [...ids].reverse();
		const first = await list(emulator, '?limit=100');
		expect(idsOf(first)).toEqual(newestFirst.slice(0, 50));
		expect(first).not.toHaveProperty('totalCount');
		expect(idsOf(await list(emulator, '?limit=100&offset=50'))).toEqual(newestFirst.slice(0, 50));
		const cursor = first.documents[49].creationDate;
		expect(idsOf(await list(emulator, `?limit=100&next=${cursor}`))).toEqual(newestFirst.slice(50));
	});
});

test('docs, oldest first: next returns the documents created strictly after it (0: from the start)', async () => {
	await withEmulator({ order: 'oldestFirst', maxLimit: 3 }, async (emulator) => {
		const ids = await uploadMany(emulator, 5);
		const first = await list(emulator, '?limit=10&next=0');
		expect(idsOf(first)).toEqual(ids.slice(0, 3));
		const cursor = first.documents[2].creationDate;
		expect(idsOf(await list(emulator, `?limit=10&next=${cursor}`))).toEqual(ids.slice(3));
	});
});

test('legacy: offset/limit and totalCount, newest first, no cap; next is ignored', async () => {
	await withEmulator('legacy', async (emulator) => {
		const ids = await uploadMany(emulator, 5);
		const newestFirst = [...ids].reverse();
		const page = await list(emulator, '?offset=1&limit=2');
		expect(idsOf(page)).toEqual(newestFirst.slice(1, 3));
		expect(page.totalCount).toBe(5);
		const cursor = page.documents[1].creationDate;
		expect(idsOf(await list(emulator, `?limit=2&next=${cursor}`))).toEqual(newestFirst.slice(0, 2));
	});
});

describe('partials', () => {
	async function multiPage(emulator: Emulator): Promise<{ partials: string[]; composite: string }> {
		const headers = { ...derivedHeaders(), 'Content-Type': 'application/vnd.gini.v1.partial+json' };
		const partials: string[] = [];
		for (const text of ['Seite 1', 'Seite 2']) {
			partials.push((await upload(emulator, text, headers)).headers.get('location')!);
		}
		const body = JSON.stringify({ partialDocuments: partials.map((document) => ({ document })) });
		const created = await upload(emulator, body, {
			...derivedHeaders(),
			'Content-Type': COMPOSITE,
		});
		return { partials, composite: created.headers.get('location')! };
	}

	test('are listed with compositeDocuments by default', async () => {
		await withEmulator('docs', async (emulator) => {
			const { partials, composite } = await multiPage(emulator);
			const { documents } = await list(emulator, '');
			expect(documents).toHaveLength(3);
			const page = documents.find((d: { id: string }) => partials[0].endsWith(d.id));
			expect(page.compositeDocuments).toEqual([{ document: composite }]);
		});
	});

	test('can be listed without compositeDocuments (also when fetched), or not listed at all', async () => {
		await withEmulator({ partialsLinkComposites: false }, async (emulator) => {
			const { partials } = await multiPage(emulator);
			const { documents } = await list(emulator, '');
			expect(documents).toHaveLength(3);
			for (const document of documents) expect(document).not.toHaveProperty('compositeDocuments');
			const fetched = await json(await fetch(partials[0], { headers: derivedHeaders() }));
			expect(fetched).not.toHaveProperty('compositeDocuments');
		});
		await withEmulator({ partialsListed: false }, async (emulator) => {
			const { composite } = await multiPage(emulator);
			expect(idsOf(await list(emulator, ''))).toEqual([composite.split('/').pop()]);
		});
	});
});

test('the request guard answers 400 past its count, and setListing restarts it', async () => {
	await withEmulator({ maxListRequests: 2 }, async (emulator) => {
		const headers = derivedHeaders();
		const status = async () => (await fetch(`${emulator.payApiUrl}/documents`, { headers })).status;
		expect([await status(), await status(), await status()]).toEqual([200, 200, 400]);
		emulator.setListing({ profile: 'legacy', maxListRequests: 1 });
		expect([await status(), await status()]).toEqual([200, 400]);
		expect(DERIVED.clientId).toBeTruthy();
	});
});
