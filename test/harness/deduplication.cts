import { createHash } from 'node:crypto';

import { DataDeduplicationService } from 'n8n-core';
import {
	UnexpectedError,
	type DeduplicationItemTypes,
	type DeduplicationScope,
	type ICheckProcessedContextData,
	type ICheckProcessedOptions,
	type IDataDeduplicator,
	type IDeduplicationOutput,
} from 'n8n-workflow';

interface StoredRow {
	mode: ICheckProcessedOptions['mode'];
	/** md5 (base64) of each value, oldest first; for the 'latest…' modes one value. */
	data: DeduplicationItemTypes[] | DeduplicationItemTypes;
}

/**
 * n8n's deduplication manager (the CLI's `DeduplicationHelper`, packages/cli/src/deduplication, backed by the
 * `processed_data` table) with a Map for the table: one row per workflow ID and context (`n:<node ID>` for the scope
 * 'node', '' for 'workflow'), values stored as their md5 in base64, the mode checked against the row's, `maxEntries`
 * dropping the oldest entries, `removeProcessed` removing one occurrence. Like the CLI's, each call reads the row,
 * waits (the CLI waits for its database), then writes it back: two calls at once can lose a write, as in n8n.
 * Only the 'entries' mode is implemented; the others fail loudly.
 */
export class MemoryDeduplicator implements IDataDeduplicator {
	private readonly rows = new Map<string, StoredRow>();
	/** Every call, for tests that count the store's use. */
	readonly calls: Array<{ method: string; items: DeduplicationItemTypes[]; context: string }> = [];
	/** Rows with a call between its read and its write. */
	private readonly busy = new Set<string>();
	/**
	 * Calls that began on a row while another call on it was between its read and its write: in n8n one of the two
	 * writes is lost. A node that relies on its records must keep this at 0.
	 */
	overlappingCalls = 0;

	private static rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData) {
		if (!contextData.workflow.id) throw new UnexpectedError('The workflow has no ID');
		if (scope === 'node' && !contextData.node) {
			throw new UnexpectedError(
				"No node information has been provided and so cannot use scope 'node'",
			);
		}
		const context = scope === 'node' ? `n:${contextData.node?.id}` : '';
		return { key: `${contextData.workflow.id}\u0000${context}`, context };
	}

	private static hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private static entriesOnly(options: ICheckProcessedOptions): void {
		if (options.mode !== 'entries') {
			throw new UnexpectedError(`The harness's deduplicator only has the mode "entries"`);
		}
	}

	/** The database's round trip, between reading the row and writing it back; counts overlapping calls. */
	private async roundTrip(key: string): Promise<void> {
		if (this.busy.has(key)) this.overlappingCalls++;
		this.busy.add(key);
		try {
			await new Promise((resolve) => setImmediate(resolve));
		} finally {
			this.busy.delete(key);
		}
	}

	private read(key: string, options: ICheckProcessedOptions): StoredRow | undefined {
		const row = this.rows.get(key);
		if (row && row.mode !== options.mode) {
			throw new UnexpectedError(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter.',
			);
		}
		return row ? { mode: row.mode, data: structuredClone(row.data) } : undefined;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		MemoryDeduplicator.entriesOnly(options);
		const { key, context } = MemoryDeduplicator.rowKey(scope, contextData);
		this.calls.push({ method: 'checkProcessedAndRecord', items, context });
		const row = this.read(key, options) ?? { mode: options.mode, data: [] };
		await this.roundTrip(key);
		const data = row.data as DeduplicationItemTypes[];
		const result: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hashed = MemoryDeduplicator.hash(item);
			if (data.includes(hashed)) {
				result.processed.push(item);
			} else {
				result.new.push(item);
				data.push(hashed);
			}
		}
		if (options.maxEntries) data.splice(0, Math.max(0, data.length - options.maxEntries));
		this.rows.set(key, row);
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		MemoryDeduplicator.entriesOnly(options);
		const { key, context } = MemoryDeduplicator.rowKey(scope, contextData);
		this.calls.push({ method: 'removeProcessed', items, context });
		const row = this.read(key, options);
		if (!row) return;
		await this.roundTrip(key);
		const data = row.data as DeduplicationItemTypes[];
		for (const item of items) {
			const index = data.indexOf(MemoryDeduplicator.hash(item));
			if (index !== -1) data.splice(index, 1);
		}
		this.rows.set(key, row);
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		this.rows.delete(MemoryDeduplicator.rowKey(scope, contextData).key);
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const row = this.read(MemoryDeduplicator.rowKey(scope, contextData).key, options);
		return Array.isArray(row?.data) ? row.data.length : 0;
	}

	/** How many entries a node's row holds (scope 'node'), whatever the workflow. */
	entriesOfNode(nodeId: string): number {
		let count = 0;
		for (const [key, row] of this.rows) {
			if (key.endsWith(`\u0000n:${nodeId}`) && Array.isArray(row.data)) count += row.data.length;
		}
		return count;
	}

	/** Forgets everything, like an empty `processed_data` table. */
	clear(): void {
		this.rows.clear();
		this.calls.length = 0;
		this.overlappingCalls = 0;
	}
}

let installed: MemoryDeduplicator | undefined;

/**
 * The one deduplicator of this process (n8n-core allows one `DataDeduplicationService.init`), installed on first
 * use: every run of a test file shares it, so a rerun sees what an earlier run recorded. Tests keep apart by node
 * ID (the store is per node) or call `clear()`.
 */
export function harnessDeduplicator(): MemoryDeduplicator {
	if (!installed) {
		installed = new MemoryDeduplicator();
		void DataDeduplicationService.init(installed);
	}
	return installed;
}
