// Partial and composite documents (docs/gini-api.md §4.1.1, §4.1.2) and their deletion rules (§4.4).
import { derivedHeaders, json, upload, useEmulator } from './testkit.cts';

const emulator = useEmulator();
const PARTIAL_JSON = 'application/vnd.gini.v1.partial+json';
const COMPOSITE = 'application/vnd.gini.v1.composite+json';

describe('partial and composite documents (§4.1.1, §4.1.2, §4.4)', () => {
	const headers = derivedHeaders('multipage');

	async function partial(body: Buffer | string, type = PARTIAL_JSON): Promise<string> {
		const response = await upload(emulator(), body, { ...headers, 'Content-Type': type });
		expect(response.status).toBe(201);
		return response.headers.get('location')!;
	}

	async function composite(body: unknown, as = headers): Promise<Response> {
		return upload(emulator(), JSON.stringify(body), { ...as, 'Content-Type': COMPOSITE });
	}

	test('partials (any partial+ subtype) form a composite; parents are linked both ways', async () => {
		const first = await partial('Seite 1', PARTIAL_JSON);
		const second = await partial('Seite 2', 'application/vnd.gini.v1.partial+png');
		const response = await composite({
			partialDocuments: [
				{ document: first, rotationDelta: 0 },
				{ document: second, rotationDelta: -90 },
			],
		});
		expect(response.status).toBe(201);
		const compositeUrl = response.headers.get('location')!;
		const document = await json(await fetch(compositeUrl, { headers }));
		expect(document).toMatchObject({
			sourceClassification: 'COMPOSITE',
			pageCount: 2,
			partialDocuments: [
				{ document: first, rotationDelta: 0 },
				{ document: second, rotationDelta: 270 },
			],
		});
		const child = await json(await fetch(first, { headers }));
		expect(child.compositeDocuments).toEqual([{ document: compositeUrl }]);
		const kinds = emulator()
			.documents()
			.filter((d) => [first, second, compositeUrl].some((u) => u.endsWith(d.id)));
		expect(kinds.map((d) => d.kind).sort()).toEqual(['composite', 'partial', 'partial']);
	});

	test.each(['png', 'pdf', 'jpeg', 'json'])(
		"partial+%s, used by Gini's docs or SDKs, is accepted when strict",
		async (subtype) => {
			await partial('Seite', `application/vnd.gini.v1.partial+${subtype}`);
		},
	);

	test.each(['plain', 'gif', 'tiff'])(
		'partial+%s, without evidence, is 415 when strict and accepted when lenient',
		async (subtype) => {
			const type = `application/vnd.gini.v1.partial+${subtype}`;
			const refused = await upload(emulator(), 'Seite', { ...headers, 'Content-Type': type });
			expect(refused.status).toBe(415);
			emulator().setFidelity('lenient');
			try {
				await partial('Seite', type);
			} finally {
				emulator().setFidelity('strict');
			}
		},
	);

	test('a partial still referenced by a composite cannot be deleted (409) until the composite is', async () => {
		const child = await partial('Seite');
		const parent = (await composite({ partialDocuments: [{ document: child }] })).headers.get(
			'location',
		)!;
		const refused = await fetch(child, { method: 'DELETE', headers });
		expect(refused.status).toBe(409);
		expect((await json(refused)).message).toContain('composite');
		expect((await fetch(parent, { method: 'DELETE', headers })).status).toBe(204);
		expect((await fetch(child, { method: 'DELETE', headers })).status).toBe(204);
	});

	test.each([
		[
			'a missing partial',
			async () => ({ partialDocuments: [{ document: `${emulator().payApiUrl}/documents/nope` }] }),
		],
		[
			'a single (non-partial) document',
			async () => {
				const single = await upload(emulator(), 'einzeln', headers);
				return { partialDocuments: [{ document: single.headers.get('location') }] };
			},
		],
		[
			"another user's partial",
			async () => {
				const foreign = await upload(emulator(), 'fremd', {
					...derivedHeaders('someone-else'),
					'Content-Type': PARTIAL_JSON,
				});
				return { partialDocuments: [{ document: foreign.headers.get('location') }] };
			},
		],
		[
			'more than 10 pages',
			async () => {
				const page = await partial('Seite');
				return { partialDocuments: Array.from({ length: 11 }, () => ({ document: page })) };
			},
		],
		['an empty partialDocuments list', async () => ({ partialDocuments: [] })],
		['no partialDocuments at all', async () => ({ documents: [] })],
	])('a composite with %s is 400', async (_name, body) => {
		expect((await composite(await body())).status).toBe(400);
	});

	test('a composite body that is not JSON is 400', async () => {
		const response = await upload(emulator(), '{oops', { ...headers, 'Content-Type': COMPOSITE });
		expect(response.status).toBe(400);
	});
});
