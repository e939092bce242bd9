import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as upload from './upload.operation';

export { getAll, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['document'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many documents',
				description: 'List the documents of the user, newest first',
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload a document',
				description: 'Upload an invoice (PDF, image or text) for extraction of its payment data',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...getAll.description,
];
