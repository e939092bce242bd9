import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationFields, operationList, operationMap } from '../operation';
import * as exported from './operations';

/** The operations by their value in the Operation list (operations.ts: one line each). */
export const operations = operationMap(exported);

const list = operationList('document', operations, 'upload');

const operationsList: INodeProperties = {
	...list,
	displayOptions: { show: { resource: ['document'], '@tool': [false] } },
};

/**
 * The Operation list of the node as an AI agent's tool (n8n names that node type `giniPayTool` and evaluates
 * `@tool` in displayOptions): an agent cannot hand over a file, so Upload is left out, and the tool starts on Get
 * Extractions, a read.
 */
const toolOperationList: INodeProperties = {
	...list,
	displayOptions: { show: { resource: ['document'], '@tool': [true] } },
	options: (list.options as INodePropertyOptions[]).filter((option) => option.value !== 'upload'),
	default: 'getExtractions',
};

export const description: INodeProperties[] = [
	operationsList,
	toolOperationList,
	...operationFields(operations),
];
