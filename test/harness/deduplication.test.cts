/**
 * The harness's copy of n8n's deduplication manager behaves as n8n's (the CLI's DeduplicationHelper on the
 * processed_data table): per workflow and node, values compared by their hash, the oldest entries dropped past
 * maxEntries, one occurrence removed, a mode that does not match the row's refused, and two calls at once counted.
 */
import type { ICheckProcessedContextData, INode } from 'n8n-workflow';

import { MemoryDeduplicator } from './deduplication.cts';

const node = (id: string) => ({ id }) as INode;
const at = (workflowId: string, nodeId: string): ICheckProcessedContextData => ({
	workflow: { id: workflowId, active: false },
	node: node(nodeId),
});
const entries = { mode: 'entries' as const };

test('records what is new, per workflow and node; the scope workflow is shared by its nodes', async () => {
	const store = new MemoryDeduplicator();
	expect(await store.checkProcessedAndRecord(['a', 'b'], 'node', at('w1', 'n1'), entries)).toEqual({
		new: ['a', 'b'],
		processed: [],
	});
	expect(await store.checkProcessedAndRecord(['b', 'c'], 'node', at('w1', 'n1'), entries)).toEqual({
		new: ['c'],
		processed: ['b'],
	});
	expect(await store.checkProcessedAndRecord(['a'], 'node', at('w1', 'n2'), entries)).toEqual({
		new: ['a'],
		processed: [],
	});
	expect(await store.checkProcessedAndRecord(['a'], 'node', at('w2', 'n1'), entries)).toEqual({
		new: ['a'],
		processed: [],
	});
	await store.checkProcessedAndRecord(['x'], 'workflow', at('w1', 'n1'), entries);
	expect(
		(await store.checkProcessedAndRecord(['x'], 'workflow', at('w1', 'n2'), entries)).processed,
	).toEqual(['x']);
	expect(store.entriesOfNode('n1')).toBe(4);
});

test('maxEntries drops the oldest; removeProcessed forgets a value; another mode is refused', async () => {
	const store = new MemoryDeduplicator();
	const context = at('w', 'n');
	await store.checkProcessedAndRecord(['1', '2', '3'], 'node', context, entries);
	await store.checkProcessedAndRecord(['4'], 'node', context, { mode: 'entries', maxEntries: 3 });
	expect(await store.getProcessedDataCount('node', context, entries)).toBe(3);
	expect((await store.checkProcessedAndRecord(['1'], 'node', context, entries)).new).toEqual(['1']);
	await store.removeProcessed(['4'], 'node', context, entries);
	expect((await store.checkProcessedAndRecord(['4'], 'node', context, entries)).new).toEqual(['4']);
	await expect(
		store.checkProcessedAndRecord(['5'], 'node', context, { mode: 'latestDate' }),
	).rejects.toThrow(/incompatible|only has the mode/);
});

test('two calls at once on one row: counted, and one write is lost as in n8n', async () => {
	const store = new MemoryDeduplicator();
	const context = at('w', 'n');
	await Promise.all([
		store.checkProcessedAndRecord(['a'], 'node', context, entries),
		store.checkProcessedAndRecord(['b'], 'node', context, entries),
	]);
	expect(store.overlappingCalls).toBe(1);
	expect(await store.getProcessedDataCount('node', context, entries)).toBe(1);
});
