import type { INodeProperties } from 'n8n-workflow';

import { operationFields, type OperationMap } from '../operation';
import * as get from './get.operation';

/** The operations by their value in the Operation list below; their fields appear in this order. */
export const operations = { get } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get the payment of a payment request',
				description: 'Get how a resolved payment request was paid',
			},
		],
		default: 'get',
	},
	...operationFields(operations),
];
