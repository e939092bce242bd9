import type { INodeProperties } from 'n8n-workflow';

import * as login from './login.operation';

export { login };

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
	...login.description,
];
