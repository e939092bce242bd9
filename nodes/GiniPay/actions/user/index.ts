import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

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
				description: 'Create an anonymous user in the Gini User Center (User Center credential only)',
			},
		],
		default: 'create',
	},
	...create.description,
];
