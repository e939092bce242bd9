import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationFields, type OperationMap } from '../operation';
import * as deleteDocument from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getExtractions from './getExtractions.operation';
import * as sendFeedback from './sendFeedback.operation';
import * as upload from './upload.operation';

/** The operations by their value in the Operation list below; their fields appear in this order. */
export const operations = {
	upload,
	get,
	getExtractions,
	getAll,
	delete: deleteDocument,
	sendFeedback,
} satisfies OperationMap;

const operationList: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['document'], '@tool': [false] } },
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a document permanently',
			description:
				'Deletes the document permanently at Gini (and, when asked, the multi-page documents that use it); it cannot be restored',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a document',
			description: 'Get a document and its processing status by ID or URL',
		},
		{
			name: 'Get Extractions',
			value: 'getExtractions',
			action: 'Get the extractions of a document',
			description:
				'Get the payment data Gini extracted (IBAN, amount, recipient, ...), waiting for processing if needed',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many documents',
			description: 'List the documents of the user, newest first',
		},
		{
			name: 'Send Feedback',
			value: 'sendFeedback',
			action: 'Send feedback on a document',
			description:
				'Send the transfer summary: the values a person reviewed, approved and paid with. Gini learns from it, so never send values nobody reviewed.',
		},
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload a document',
			description: 'Upload an invoice (PDF, image or text; one or several pages) for extraction',
		},
	],
	default: 'upload',
};

/**
 * The Operation list of the node as an AI agent's tool (n8n names that node type `giniPayTool` and evaluates
 * `@tool` in displayOptions): an agent cannot hand over a file, so Upload is left out, and the tool starts on Get
 * Extractions, a read.
 */
const toolOperationList: INodeProperties = {
	...operationList,
	displayOptions: { show: { resource: ['document'], '@tool': [true] } },
	options: (operationList.options as INodePropertyOptions[]).filter(
		(option) => option.value !== 'upload',
	),
	default: 'getExtractions',
};

export const description: INodeProperties[] = [
	operationList,
	toolOperationList,
	...operationFields(operations),
];
