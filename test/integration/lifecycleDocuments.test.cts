/**
 * Document > Get and Document > Get Extractions (and Upload's Wait for Extractions) in n8n's engine against the
 * emulator: every auth mode, Simplify on and off against the samples' expected values, waiting, timeouts, ERROR.
 */
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { SAMPLE_INVOICES } from '../fixtures/invoices.cts';
import { SIMPLIFIED_FIELDS } from '../../nodes/GiniPay/shared/paymentItem';
import { POLL_INTERVAL_MS } from '../../nodes/GiniPay/shared/waiter';
import { derivedHeaders } from '../emulator/testkit.cts';
import { withSteppedClock } from '../harness/index.cts';
import {
	CORRUPT,
	KOEHLER,
	MODES,
	MUELLER,
	ROUTE,
	documentUrlOf,
	expectedView,
	viewFieldsOf,
	sampleItem,
	LIFECYCLE,
} from './lifecycleKit.cts';
import { useGini } from './gini.cts';

const lifecycle = useGini(LIFECYCLE);
const getExtractions = { resource: 'document', operation: 'getExtractions' };

describe.each(MODES)('in %s mode', (mode) => {
	it('gets a document by its ID and by its Location URL', async () => {
		const [uploaded] = await lifecycle.upload(mode, [MUELLER]);
		const byId = await lifecycle.json(mode, {
			resource: 'document',
			operation: 'get',
			documentId: uploaded.id,
		});
		const url = documentUrlOf(lifecycle, uploaded.id);
		const byUrl = await lifecycle.json(mode, {
			resource: 'document',
			operation: 'get',
			documentId: url,
		});
		for (const [document] of [byId, byUrl]) {
			expect(document).toMatchObject({ id: uploaded.id, name: MUELLER, _links: { document: url } });
			expect(['PENDING', 'COMPLETED']).toContain(document.progress);
		}
	});

	it('gets the extractions, waiting for processing and simplified by default', async () => {
		const [uploaded] = await lifecycle.upload(mode, [KOEHLER]);
		const [result] = await lifecycle.json(mode, { ...getExtractions, documentId: uploaded.id });
		expect(result).toMatchObject({
			documentId: uploaded.id,
			fileName: KOEHLER,
			...expectedView(KOEHLER),
		});
		expect(Object.keys(result)).toEqual([...SIMPLIFIED_FIELDS]);
	});

	it('uploads and waits for the payment data by default: the first run shows the IBAN and amount', async () => {
		lifecycle.setProcessingMs(700);
		const [result] = await lifecycle.upload(mode, [MUELLER], { waitForExtractions: undefined });
		expect(result).toMatchObject({
			fileName: MUELLER,
			...expectedView(MUELLER),
		});
		expect(result.iban).toEqual(expect.any(String));
		expect(result.amount).toEqual(expect.any(Number));
		// What a payer checks comes first, so that n8n's table view shows it without scrolling.
		expect(Object.keys(result).slice(0, 6)).toEqual([
			'iban',
			'amount',
			'currency',
			'recipient',
			'payable',
			'note',
		]);
	});
});

describe('extracted values', () => {
	const processable = SAMPLE_INVOICES.filter((sample) => sample.outcome === 'COMPLETED');

	it('equal each sample’s expected fields in the simplified view', async () => {
		const uploaded = await lifecycle.upload(
			'basic',
			processable.map((sample) => sample.file),
		);
		const results = await lifecycle.json(
			'basic',
			{ ...getExtractions, documentId: '={{ $json.id }}' },
			uploaded.map((json) => ({ json })),
		);
		expect(results).toHaveLength(processable.length);
		for (const [index, sample] of processable.entries()) {
			expect({ file: sample.file, ...results[index] }).toMatchObject({
				file: sample.file,
				documentId: uploaded[index].id,
				...expectedView(sample.file),
			});
		}
	});

	it('come as Gini’s whole answer with Simplify off', async () => {
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		const [result] = await lifecycle.json('basic', {
			...getExtractions,
			documentId: uploaded.id,
			simplify: false,
		});
		const url = `${documentUrlOf(lifecycle, uploaded.id)}/extractions`;
		const direct = await fetch(url, { headers: derivedHeaders('default-user') });
		const document = await fetch(documentUrlOf(lifecycle, uploaded.id), {
			headers: derivedHeaders('default-user'),
		});
		expect(result).toMatchObject(expectedView(MUELLER, false));
		expect(result).toEqual({
			...viewFieldsOf(result),
			documentId: uploaded.id,
			fileName: MUELLER,
			status: 'COMPLETED',
			...((await direct.json()) as IDataObject),
			document: (await document.json()) as IDataObject,
		});
		const extractions = result.extractions as Record<string, { value: string; entity: string }>;
		for (const [label, value] of Object.entries(expectedFields(MUELLER))) {
			expect({ label, ...extractions[label] }).toMatchObject({
				label,
				value,
				entity: expect.any(String),
			});
		}
	});

	it('are empty for a document still PENDING when waiting is off, which says so and is read once', async () => {
		lifecycle.setProcessingMs(60_000);
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		lifecycle.resetCounters();
		const [result] = await lifecycle.json('basic', {
			...getExtractions,
			documentId: uploaded.id,
			waitForProcessing: false,
		});
		expect(result).toMatchObject({
			documentId: uploaded.id,
			iban: null,
			amount: null,
			payable: false,
			note: expect.stringContaining('still processing'),
		});
		expect(lifecycle.routeCount(ROUTE.getDocument)).toBe(1);
	});
});

function expectedFields(file: string): Record<string, string> {
	return SAMPLE_INVOICES.find((sample) => sample.file === file)!.expected as Record<string, string>;
}

describe('waiting for processing', () => {
	it('returns within one poll interval of the document completing', async () => {
		const processingMs = 2000;
		lifecycle.setProcessingMs(processingMs);
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		const stored = lifecycle.documents().find((document) => document.id === uploaded.id)!;
		const readyAt = stored.creationDate + processingMs;
		lifecycle.resetCounters();

		// On a controlled clock, so that the sample below is taken right when the document completes (5 ms later), and
		// the node's pauses and the emulator's processing time are the schedule's, not the machine's.
		const { result, gets, getsBeforeCompletion } = await withSteppedClock(async () => {
			let getsBeforeCompletion = 0;
			const sampled = new Promise<void>((resolve) =>
				setTimeout(
					() => {
						getsBeforeCompletion = lifecycle.routeCount(ROUTE.getDocument);
						resolve();
					},
					readyAt - Date.now() + 5,
				),
			);
			const [result] = await lifecycle.json('basic', {
				...getExtractions,
				documentId: uploaded.id,
			});
			await sampled;
			return { result, gets: lifecycle.routeCount(ROUTE.getDocument), getsBeforeCompletion };
		});

		expect(result).toMatchObject({ ...expectedView(MUELLER) });
		// It looked, found PENDING, and looked again.
		expect(getsBeforeCompletion).toBeGreaterThanOrEqual(1);
		// Each pause is at least the backoff delay, so no more looks fit before completion than the schedule allows.
		expect(getsBeforeCompletion).toBeLessThanOrEqual(looksWithin(processingMs + 5));
		// At most one look after completion: the node stopped at the first COMPLETED answer, which came one pause
		// after its last PENDING answer, so it returned within one poll interval of the document completing.
		expect(gets - getsBeforeCompletion).toBeLessThanOrEqual(1);
		expect(gets).toBeGreaterThanOrEqual(2);
	});

	it('times out with an error that says how to fetch the result later', async () => {
		lifecycle.setProcessingMs(60_000);
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		lifecycle.resetCounters();
		const result = await lifecycle.run('basic', {
			...getExtractions,
			documentId: uploaded.id,
			timeout: 1,
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const error = result.error as NodeOperationError;
		expect(error.message).toBe(
			`Gini is still processing document ${String(uploaded.id)} after 1 s`,
		);
		expect(error.description).toContain('Document > Get Extractions');
		expect(error.description).toContain(String(uploaded.id));
		expect(lifecycle.routeCount(ROUTE.getDocument)).toBeGreaterThanOrEqual(2);
		expect(lifecycle.routeCount(ROUTE.getDocument)).toBeLessThanOrEqual(looksWithin(1000) + 1);
		expect(lifecycle.routeCount('GET /documents/{id}/extractions')).toBe(0);
	});

	it('times out after an upload with the same hint, naming the uploaded document', async () => {
		lifecycle.setProcessingMs(60_000);
		const before = new Set(lifecycle.documents().map((document) => document.id));
		const result = await lifecycle.run(
			'userCenter',
			{
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				waitForExtractions: true,
				timeout: 1,
			},
			[await sampleItem(MUELLER)],
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const [stored, ...others] = lifecycle
			.documents()
			.filter((document) => !before.has(document.id));
		expect(others).toHaveLength(0);
		const error = result.error as NodeOperationError;
		expect(error.message).toBe(`Gini is still processing document ${stored.id} after 1 s`);
		expect(error.description).toContain('The document is stored in Gini');
		expect(error.description).toContain(`Document > Get Extractions for document ID ${stored.id}`);
	});
});

describe('error items about an existing document', () => {
	it('carry its documentId as a field: a wait that timed out, after Get Extractions or an upload, and an unknown ID', async () => {
		lifecycle.setProcessingMs(60_000);
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		const unknown = '00000000-0000-4000-8000-00000000dead';
		const got = await lifecycle.run(
			'basic',
			{ ...getExtractions, documentId: '={{ $json.id }}', timeout: 1 },
			[{ json: { id: uploaded.id } }, { json: { id: unknown } }],
			true,
		);
		expect(
			got.output('Gini Pay').map((item) => [item.json.documentId, typeof item.json.error]),
		).toEqual([
			[uploaded.id, 'string'],
			[unknown, 'string'],
		]);
		const before = new Set(lifecycle.documents().map((document) => document.id));
		const waited = await lifecycle.run(
			'basic',
			{ resource: 'document', operation: 'upload', timeout: 1 },
			[await sampleItem(MUELLER)],
			true,
		);
		const [stored] = lifecycle.documents().filter((document) => !before.has(document.id));
		expect(waited.output('Gini Pay')[0].json).toMatchObject({
			documentId: stored.id,
			error: `Gini is still processing document ${stored.id} after 1 s`,
		});
	});
});

describe('a file Gini refuses at upload (400, "invalid format or bad quality")', () => {
	it('gives Gini’s 400 with a plain description, and no document', async () => {
		const result = await lifecycle.run(
			'basic',
			{
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
			},
			[await sampleItem(CORRUPT)],
		);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error).toMatchObject({ httpCode: '400' });
		expect(result.error?.message).toMatch(
			/^Uploading the document failed: the Gini Pay API answered 400/,
		);
		expect((result.error as NodeApiError).description).toMatch(
			/^Gini rejects files of an invalid format or of bad quality/,
		);
		expect(lifecycle.counters().documentsCreated).toBe(0);
	});
});

describe('a document Gini could not process (ERROR)', () => {
	// A Gini that accepts an undecodable file and fails it later (the emulator's lenient fidelity).
	beforeEach(() => lifecycle.setFidelity('lenient'));

	it('gives a clear error from Get Extractions', async () => {
		const [uploaded] = await lifecycle.upload('basic', [CORRUPT]);
		const result = await lifecycle.run('basic', { ...getExtractions, documentId: uploaded.id });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(`Gini could not process document ${String(uploaded.id)}`);
		expect((result.error as NodeOperationError).description).toContain('progress is ERROR');
	});

	it('gives the same error from an upload that waits for extractions', async () => {
		const result = await lifecycle.run(
			'jwt',
			{
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				waitForExtractions: true,
			},
			[await sampleItem(CORRUPT)],
		);
		expect(result.error?.message).toMatch(/^Gini could not process document [0-9a-f-]{36}$/);
	});
});

describe('document IDs and URLs', () => {
	it('reads a document URL of another host on the configured Pay API, never on that host', async () => {
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		lifecycle.resetCounters();
		const [document] = await lifecycle.json('basic', {
			resource: 'document',
			operation: 'get',
			documentId: `https://evil.example.org/gini/documents/${String(uploaded.id)}`,
		});
		expect(document.id).toBe(uploaded.id);
		expect(lifecycle.counters().requests.byRoute).toEqual({ [ROUTE.getDocument]: 1 });
	});

	it('refuses a URL of the Pay API that is not a document', async () => {
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		lifecycle.resetCounters();
		const result = await lifecycle.run('basic', {
			resource: 'document',
			operation: 'get',
			documentId: `${documentUrlOf(lifecycle, uploaded.id)}/extractions`,
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('The URL does not name a Gini document');
		expect(lifecycle.counters().requests.total).toBe(0);
	});

	it('accepts a document URL with a trailing slash or a query', async () => {
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		const url = documentUrlOf(lifecycle, uploaded.id);
		for (const documentId of [`${url}/`, `${url}?from=mail`]) {
			const [document] = await lifecycle.json('basic', {
				resource: 'document',
				operation: 'get',
				documentId,
			});
			expect(document.id).toBe(uploaded.id);
		}
	});

	it('reports an unknown document as Gini’s 404, and as an error item under Continue On Fail', async () => {
		const [uploaded] = await lifecycle.upload('basic', [MUELLER]);
		const items = [
			{ json: { id: '00000000-0000-0000-0000-000000000000' } },
			{ json: { id: uploaded.id } },
		];
		for (const operation of ['get', 'getExtractions']) {
			const result = await lifecycle.run(
				'basic',
				{ resource: 'document', operation, documentId: '={{ $json.id }}' },
				items,
				true,
			);
			const out = result.output('Gini Pay');
			expect(out).toHaveLength(2);
			expect(out[0]).toMatchObject({ json: { httpCode: '404' }, pairedItem: { item: 0 } });
			expect(out[0].json.error).toEqual(expect.stringContaining('404'));
			expect(out[1].pairedItem).toEqual({ item: 1 });
			expect(out[1].json.error).toBeUndefined();
		}
	});
});

/** How many looks the run's waiter fits into `ms`: at 0, then one interval after each answer (shared/waiter.ts). */
function looksWithin(ms: number): number {
	return Math.floor(ms / POLL_INTERVAL_MS) + 1;
}
