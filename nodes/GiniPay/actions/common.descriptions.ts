import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UserOverride } from '../transport';

/** The per-item user: how one workflow serves many end users with one credential. */
export function userFields(resources: string[]): INodeProperties[] {
	return [
		{
			displayName: 'User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			placeholder: 'user_hash_123',
			description:
				'The derived user to act for (X-User-Identifier). Leave empty to use the default user of the credential.',
			displayOptions: { show: { resource: resources, authentication: ['basic', 'jwt'] } },
		},
		{
			displayName: 'User E-Mail',
			name: 'userEmail',
			type: 'string',
			default: '',
			placeholder: 'name@email.com',
			description:
				'The anonymous user to act for. Leave empty to use the default user of the credential.',
			displayOptions: { show: { resource: resources, authentication: ['userCenter'] } },
		},
		{
			displayName: 'User Password',
			name: 'userPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Password of the anonymous user given in User E-Mail',
			displayOptions: { show: { resource: resources, authentication: ['userCenter'] } },
		},
	];
}

export function userOverride(ctx: IExecuteFunctions, itemIndex: number): UserOverride {
	const mode = ctx.getNodeParameter('authentication', itemIndex) as string;
	if (mode === 'userCenter') {
		return {
			email: ctx.getNodeParameter('userEmail', itemIndex, '') as string,
			password: ctx.getNodeParameter('userPassword', itemIndex, '') as string,
		};
	}
	return { userIdentifier: ctx.getNodeParameter('userIdentifier', itemIndex, '') as string };
}
