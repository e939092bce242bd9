/**
 * Document > Delete in n8n's engine against the emulator, composite-aware (docs/gini-api.md §4.4): a partial document a
 * composite still references is never deleted silently; with "Delete Composite Documents First" its composites go
 * first, otherwise the node says which composites hold it and deletes nothing.
 */
import { NodeOperationError } from 'n8n-workflow';

import { DEMO_CLIENTS, type StoredDocumentInfo } from '../emulator/index.cts';
import { useGini, type Mode } from './gini.cts';
import {
	MODES,
	MUELLER,
	RECEIPT,
	ROUTE,
	THUMBNAIL,
	documentUrlOf,
	pagesItem,
	LIFECYCLE,
} from './lifecycleKit.cts';

const lifecycle = useGini(LIFECYCLE);
const deleteDocument = { resource: 'document', operation: 'delete' };

function stored(id: string): StoredDocumentInfo | undefined {
	return lifecycle.documents().find((document) => document.id === id);
}

/** A two-page document: its composite and its partials, in page order. */
async function twoPages(mode: Mode): Promise<{ composite: string; partials: string[] }> {
	const [uploaded] = await lifecycle.json(
		mode,
		{ resource: 'document', operation: 'upload', waitForExtractions: false, pages: 'all' },
		[
			await pagesItem([
				['page1', THUMBNAIL],
				['page2', RECEIPT],
			]),
		],
	);
	const composite = String(uploaded.documentId);
	lifecycle.resetCounters();
	return { composite, partials: stored(composite)?.partialDocuments ?? [] };
}

describe.each(MODES)('in %s mode', (mode) => {
	it('deletes a document by ID', async () => {
		const [uploaded] = await lifecycle.upload(mode, [MUELLER]);
		const [result] = await lifecycle.json(mode, { ...deleteDocument, documentId: uploaded.id });
		expect(result).toEqual({ id: uploaded.id, deleted: true, deletedComposites: [] });
		expect(stored(uploaded.id)).toBeUndefined();
	});

	it('refuses to delete a page of a composite, names the composite, and deletes nothing', async () => {
		const { composite, partials } = await twoPages(mode);
		const result = await lifecycle.run(mode, { ...deleteDocument, documentId: partials[0] });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const error = result.error as NodeOperationError;
		expect(error.message).toBe(`Document ${partials[0]} is a page of 1 composite document(s)`);
		expect(error.description).toContain(documentUrlOf(lifecycle, composite));
		expect(error.description).toContain('Delete Composite Documents First');
		expect(lifecycle.routeCount(ROUTE.deleteDocument)).toBe(0);
		for (const id of [composite, ...partials]) expect(stored(id)).toBeDefined();
	});

	it('deletes the composites first when asked, then the page, and leaves the other pages', async () => {
		const { composite, partials } = await twoPages(mode);
		const [result] = await lifecycle.json(mode, {
			...deleteDocument,
			documentId: documentUrlOf(lifecycle, partials[0]),
			deleteComposites: true,
		});
		expect(result).toEqual({ id: partials[0], deleted: true, deletedComposites: [composite] });
		expect(lifecycle.routeCount(ROUTE.deleteDocument)).toBe(2);
		expect(stored(composite)).toBeUndefined();
		expect(stored(partials[0])).toBeUndefined();
		expect(stored(partials[1])).toMatchObject({ kind: 'partial' });
	});
});

describe('delete', () => {
	it('deletes a composite without touching its pages', async () => {
		const { composite, partials } = await twoPages('basic');
		const [result] = await lifecycle.json('basic', { ...deleteDocument, documentId: composite });
		expect(result).toEqual({ id: composite, deleted: true, deletedComposites: [] });
		for (const id of partials) expect(stored(id)).toBeDefined();
		// The pages are free now: deleting one needs no option any more.
		await lifecycle.json('basic', { ...deleteDocument, documentId: partials[1] });
		expect(stored(partials[1])).toBeUndefined();
	});

	it('deletes every composite that uses a page when asked', async () => {
		const { composite, partials } = await twoPages('basic');
		const second = await secondComposite(partials[0]);
		const refusal = await lifecycle.run('basic', { ...deleteDocument, documentId: partials[0] });
		expect(refusal.error?.message).toBe(
			`Document ${partials[0]} is a page of 2 composite document(s)`,
		);
		const [result] = await lifecycle.json('basic', {
			...deleteDocument,
			documentId: partials[0],
			deleteComposites: true,
		});
		expect(new Set(result.deletedComposites as string[])).toEqual(new Set([composite, second]));
		expect(stored(partials[0])).toBeUndefined();
	});

	it('reports a document that is gone as Gini’s 404, as an error item under Continue On Fail', async () => {
		const [kept, gone] = await lifecycle.upload('basic', [MUELLER, MUELLER]);
		await lifecycle.json('basic', { ...deleteDocument, documentId: gone.id });
		const { partials } = await twoPages('basic');
		const result = await lifecycle.run(
			'basic',
			{ ...deleteDocument, documentId: '={{ $json.id }}' },
			[{ json: { id: gone.id } }, { json: { id: partials[0] } }, { json: { id: kept.id } }],
			true,
		);
		const out = result.output('Gini Pay');
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ httpCode: '404' });
		expect(out[1].json.error).toBe(`Document ${partials[0]} is a page of 1 composite document(s)`);
		expect(out[2].json).toEqual({ id: kept.id, deleted: true, deletedComposites: [] });
		expect(stored(partials[0])).toBeDefined();
	});
});

/** Another composite over an existing page, made directly (the node always uploads new pages). */
async function secondComposite(partial: string): Promise<string> {
	const client = DEMO_CLIENTS.derived;
	const response = await fetch(`${lifecycle.payApiUrl}/documents`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
			'X-User-Identifier': 'default-user',
			Accept: 'application/vnd.gini.v1+json',
			'Content-Type': 'application/vnd.gini.v1.composite+json',
		},
		body: JSON.stringify({
			partialDocuments: [{ document: documentUrlOf(lifecycle, partial) }],
		}),
	});
	expect(response.status).toBe(201);
	return String(response.headers.get('location')).split('/').pop() ?? '';
}
