import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** One credential per auth mode; the Authentication parameter below shows the one in use (docs/gini-api.md §2, §3). */
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
 * resources, or always when none are given (the trigger has no resources). A field left empty acts for the
 * credential's default user; a field that is set but yields nothing for an item (an expression on a missing key)
 * fails that item, so that an item without its user never acts for the default user.
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
				"The derived user to act for (X-User-Identifier). Leave empty to act for the credential's default user. When set, e.g. to an expression, an item for which it is empty fails instead of falling back to the default user.",
			displayOptions: { show: { ...forResources, authentication: ['basic', 'jwt'] } },
		},
		{
			displayName: 'User E-Mail',
			name: 'userEmail',
			type: 'string',
			default: '',
			placeholder: 'name@email.com',
			description:
				"The anonymous user to act for. Leave empty (with User Password) to act for the credential's default user. When set, e.g. to an expression, an item for which it is empty fails instead of falling back to the default user.",
			displayOptions: { show: { ...forResources, authentication: ['userCenter'] } },
		},
		{
			displayName: 'User Password',
			name: 'userPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Password of the anonymous user given in User E-Mail. Never copied into errors or logs.',
			displayOptions: { show: { ...forResources, authentication: ['userCenter'] } },
		},
	];
}
