import { BinaryDataConfig, BinaryDataService, prepareBinaryData } from 'n8n-core';
import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { installDiLogger } from './logs.cts';
import { Container } from './n8n-core-internals.cts';

export type BinaryMode = 'default' | 'filesystem';

/** Where binaries made outside a run (by `binaryItem`) are filed, as if a trigger had made them. */
const INPUT_WORKFLOW_ID = 'harness';
const INPUT_EXECUTION_ID = 'input-items';

let currentMode: BinaryMode | undefined;

/**
 * Switches n8n-core's BinaryDataService (the DI singleton every node helper uses) to `mode`.
 * 'default' keeps bytes inline in the item as base64; 'filesystem' writes them under
 * `$N8N_USER_FOLDER/.n8n/storage` (a temp folder, see test/setup/env.cjs) and leaves only an
 * `id` in the item, so a node must read them through `getBinaryDataBuffer`/`getBinaryStream`.
 */
export async function setBinaryMode(mode: BinaryMode): Promise<void> {
	if (currentMode === mode) return;
	installDiLogger();
	Container.get(BinaryDataConfig).mode = mode;
	await Container.get(BinaryDataService).init();
	currentMode = mode;
}

export function getBinaryMode(): BinaryMode | undefined {
	return currentMode;
}

/**
 * An item carrying `data` under `binary[property]`, made by n8n-core's own `prepareBinaryData`
 * (what a node calls to emit a file) in the current binary mode ('default' until set).
 */
export async function binaryItem(
	data: Buffer,
	fileName: string,
	mimeType: string,
	json: IDataObject = {},
	property = 'data',
): Promise<INodeExecutionData> {
	if (currentMode === undefined) await setBinaryMode('default');
	const binaryData = await prepareBinaryData(
		data,
		INPUT_EXECUTION_ID,
		INPUT_WORKFLOW_ID,
		fileName,
		mimeType,
	);
	return { json, binary: { [property]: binaryData } };
}

/**
 * In 'filesystem' mode, moves binaries that are still inline (made before the mode was set) to
 * disk, as n8n would have stored them when the item was produced. Items are copied, not mutated.
 */
export async function storeInlineBinaries(
	items: INodeExecutionData[],
	mode: BinaryMode,
): Promise<INodeExecutionData[]> {
	if (mode !== 'filesystem') return items;
	const service = Container.get(BinaryDataService);
	return await Promise.all(
		items.map(async (item) => {
			if (!item.binary) return item;
			const binary: IBinaryKeyData = {};
			for (const [key, value] of Object.entries(item.binary)) {
				if (value.id) {
					binary[key] = value;
					continue;
				}
				const bytes = Buffer.from(value.data, 'base64');
				binary[key] = await service.store(
					{ type: 'execution', workflowId: INPUT_WORKFLOW_ID, executionId: INPUT_EXECUTION_ID },
					bytes,
					{ ...value, data: '' },
				);
			}
			return { ...item, binary };
		}),
	);
}
