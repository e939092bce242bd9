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
			name: 'Client ID and Secret',
			value: 'basic',
			description:
				'Your backend names each end user; Gini creates the user on first use ("derived users")',
		},
		{
			name: 'E-Mail and Password (User Center)',
			value: 'userCenter',
			description: 'Users with an e-mail and password at the Gini User Center ("anonymous users")',
		},
		{
			name: 'Signed Token (JWT)',
			value: 'jwt',
			description: 'Your backend signs a short-lived token per end user with its private key',
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
			placeholder: 'e.g. customer-42',
			description:
				"The end user to act for: any stable name for them, e.g. a customer number (sent to Gini as X-User-Identifier). Leave empty to act for the credential's default user. When set, e.g. to an expression, an item for which it is empty fails instead of falling back to the default user.",
			displayOptions: { show: { ...forResources, authentication: ['basic', 'jwt'] } },
		},
		{
			displayName: 'User E-Mail',
			name: 'userEmail',
			type: 'string',
			default: '',
			placeholder: 'e.g. nathan@example.com',
			description:
				"The Gini user (e-mail) to act for. Leave empty (with User Password) to act for the credential's default user. When set, e.g. to an expression, an item for which it is empty fails instead of falling back to the default user.",
			displayOptions: { show: { ...forResources, authentication: ['userCenter'] } },
		},
		{
			displayName: 'User Password',
			name: 'userPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: "Read it with an expression, e.g. {{ $json.password }}: a password typed here is saved in the workflow as plain text. The default user's password belongs in the credential.",
			description:
				'Password of the user given in User E-Mail. Only from an expression; never copied into errors or logs.',
			displayOptions: { show: { ...forResources, authentication: ['userCenter'] } },
		},
	];
}
