import type { INodeProperties } from 'n8n-workflow';

import { operationFields, type OperationMap } from '../operation';
import * as create from './create.operation';
import * as get from './get.operation';

/** The operations by their value in the Operation list below; their fields appear in this order. */
export const operations = { create, get } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an anonymous user',
				description:
					'Create an anonymous user in the Gini User Center (User Center credential only)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an anonymous user',
				description: 'Get the ID and e-mail of an anonymous user (User Center credential only)',
			},
		],
		default: 'create',
	},
	...operationFields(operations),
];
