import type { INodeProperties } from 'n8n-workflow';

import { operationFields, type OperationMap } from '../operation';
import * as get from './get.operation';
import * as resolve from './resolve.operation';

/** The operations by their value in the Operation list below; their fields appear in this order. */
export const operations = { get, resolve } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentRequest'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a payment request',
				description: 'Get a payment request by ID',
			},
			{
				name: 'Resolve',
				value: 'resolve',
				action: 'Resolve a payment request',
				description: 'Report a payment request as paid, with the values it was paid with',
			},
		],
		default: 'get',
	},
	...operationFields(operations),
];
