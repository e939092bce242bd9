import type { INodeProperties } from 'n8n-workflow';

import { operationFields, type OperationMap } from '../operation';
import * as login from './login.operation';

/** The operations by their value in the Operation list below; their fields appear in this order. */
export const operations = { login } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Login',
				value: 'login',
				action: 'Get a user token',
				description:
					'Get an access token for a user, to hand over to an untrusted device (cached until shortly before it expires)',
			},
		],
		default: 'login',
	},
	...operationFields(operations),
];
