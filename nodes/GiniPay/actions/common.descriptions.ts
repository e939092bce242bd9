import type {
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import type { UserOverride } from '../transport';

/** One credential per auth mode; the Authentication parameter below shows the one in use (gini-api.md §2, §3). */
export const giniCredentials: INodeCredentialDescription[] = [
	{
		name: 'giniPayBasicApi',
		required: true,
		displayOptions: { show: { authentication: ['basic'] } },
	},
	{
		name: 'giniPayJwtApi',
		required: true,
		displayOptions: { show: { authentication: ['jwt'] } },
	},
	{
		name: 'giniUserCenterApi',
		required: true,
		displayOptions: { show: { authentication: ['userCenter'] } },
	},
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Client Credentials (Derived Users)',
			value: 'basic',
			description: 'Trusted backend: client ID and secret plus a user identifier',
		},
		{
			name: 'JWT (Derived Users)',
			value: 'jwt',
			description: 'Trusted backend acting as identity provider: a JWT per user',
		},
		{
			name: 'User Center (Anonymous Users)',
			value: 'userCenter',
			description: 'Anonymous users with e-mail and password, created in the Gini User Center',
		},
	],
	default: 'basic',
};

/**
 * The user to act for: how one workflow serves many end users with one credential. Shown for the given
 * resources, or always when none are given (the trigger has no resources).
 */
export function userFields(resources?: string[]): INodeProperties[] {
	const forResources = resources ? { resource: resources } : {};
	return [
		{
			displayName: 'User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			placeholder: 'user_hash_123',
			description:
				'The derived user to act for (X-User-Identifier). Leave empty to use the default user of the credential.',
			displayOptions: { show: { ...forResources, authentication: ['basic', 'jwt'] } },
		},
		{
			displayName: 'User E-Mail',
			name: 'userEmail',
			type: 'string',
			default: '',
			placeholder: 'name@email.com',
			description:
				'The anonymous user to act for. Leave empty to use the default user of the credential.',
			displayOptions: { show: { ...forResources, authentication: ['userCenter'] } },
		},
		{
			displayName: 'User Password',
			name: 'userPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Password of the anonymous user given in User E-Mail',
			displayOptions: { show: { ...forResources, authentication: ['userCenter'] } },
		},
	];
}

/** The user fields of one item, or of the trigger (a poll has no items: call it without an index). */
export function userOverride(ctx: IExecuteFunctions, itemIndex: number): UserOverride;
export function userOverride(ctx: IPollFunctions): UserOverride;
export function userOverride(ctx: IExecuteFunctions | IPollFunctions, itemIndex?: number): UserOverride {
	const read = (name: string): string =>
		(itemIndex === undefined
			? (ctx as IPollFunctions).getNodeParameter(name, '')
			: (ctx as IExecuteFunctions).getNodeParameter(name, itemIndex, '')) as string;
	if (read('authentication') === 'userCenter') {
		return { email: read('userEmail'), password: read('userPassword') };
	}
	return { userIdentifier: read('userIdentifier') };
}
