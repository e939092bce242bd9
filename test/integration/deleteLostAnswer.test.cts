/**
 * A DELETE whose answer was lost (the connection reset after Gini may have acted) is sent again; a 404 to that
 * repeat means the first one deleted the document, so the item succeeds. A 404 without a lost answer before it
 * still fails: the document did not exist.
 */
import { NodeApiError } from 'n8n-workflow';

import { outputJson, resetTokenCache, runGini } from './gini.cts';
import {
	fakeBasicCredential,
	fakeDocument,
	startFakeGini,
	type FakeGini,
	type FakeReply,
} from './fakeGini.cts';

let fake: FakeGini | undefined;
afterEach(async () => {
	await fake?.close();
	fake = undefined;
	resetTokenCache();
});

const remove = { resource: 'document', operation: 'delete', documentId: 'doc-1' };

async function run(deletes: FakeReply[]) {
	fake = await startFakeGini((request, count): FakeReply => {
		if (request.method === 'GET') return { body: fakeDocument(fake!, 'doc-1') };
		return deletes[Math.min(count, deletes.length - 1)];
	});
	return await runGini({
		mode: 'basic',
		credential: fakeBasicCredential(fake),
		parameters: remove,
	});
}

it('a 404 after a lost answer means the document is deleted', async () => {
	const result = await run([
		{ hangUp: true },
		{ status: 404, body: { message: 'Document not found' } },
	]);
	expect(outputJson(result)).toEqual([{ id: 'doc-1', deleted: true, deletedComposites: [] }]);
	expect(fake!.count('DELETE', '/documents/doc-1')).toBe(2);
});

it('a 404 after a lost answer and a 503 still means deleted', async () => {
	const result = await run([
		{ hangUp: true },
		{ status: 503, headers: { 'retry-after': '0' }, body: { message: 'busy' } },
		{ status: 404, body: { message: 'Document not found' } },
	]);
	expect(outputJson(result)).toEqual([{ id: 'doc-1', deleted: true, deletedComposites: [] }]);
});

it('a 404 with no lost answer before it is still an error', async () => {
	const result = await run([{ status: 404, body: { message: 'Document not found' } }]);
	expect(result.error).toBeInstanceOf(NodeApiError);
	expect((result.error as NodeApiError).httpCode).toBe('404');
});

it('a 404 after a 503 (Gini surely did not act) is still an error', async () => {
	const result = await run([
		{ status: 503, headers: { 'retry-after': '0' }, body: { message: 'busy' } },
		{ status: 404, body: { message: 'Document not found' } },
	]);
	expect(result.error).toBeInstanceOf(NodeApiError);
});
