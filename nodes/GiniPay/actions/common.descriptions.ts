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

/**
 * What the Gini Pay node does, in one sentence: the action node's description and the trigger's. n8n's node panel
 * shows the trigger's description for the one Gini Pay entry that holds both the actions and the trigger, so the
 * trigger's says what the whole node does; what the trigger does is in its own panel (triggerPanel).
 */
export const NODE_DESCRIPTION =
	'Extract payment data (IBAN, amount, recipient) from invoices with the Gini Pay API, and manage Gini users and tokens';

/**
 * The Docs link of each node. n8n's editor uses `documentationUrl` as it is when it starts with http; without one it
 * takes the codex's primary documentation and appends its tracking parameters as text (`?utm_source=...`), which
 * would land inside an anchor. So the anchors are here, and the codex files link to the README without one.
 */
export const DOCS_URL = 'https://github.com/n8n-nodes-gini-pay/n8n-nodes-gini-pay';

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
 * fails that item, so that an item without its user never acts for the default user. As an AI agent's tool
 * (`@tool`), User Identifier is fixed text and the User Center fields are not offered: the model never chooses the user.
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
				"The end user to act for: any stable name for them, e.g. a customer number; Gini keeps each end user's documents apart. Leave empty to act for the credential's default user. When set, e.g. to an expression, an item for which it is empty fails instead of falling back to the default user.",
			displayOptions: {
				show: { ...forResources, authentication: ['basic', 'jwt'], '@tool': [false] },
			},
		},
		{
			// As an AI agent's tool the user is the workflow's choice, never the model's: fixed text, so that n8n's
			// editor offers neither an expression nor the model (✨); transport/userParameters.ts refuses $fromAI.
			displayName: 'User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			placeholder: 'e.g. user_hash_123',
			noDataExpression: true,
			description:
				"The end user this tool acts for, fixed here: the AI model never chooses it. Leave empty to act for the credential's default user.",
			displayOptions: {
				show: { ...forResources, authentication: ['basic', 'jwt'], '@tool': [true] },
			},
		},
		{
			displayName: 'User E-Mail',
			name: 'userEmail',
			type: 'string',
			default: '',
			placeholder: 'e.g. nathan@example.com',
			description:
				"The Gini user (e-mail) to act for. Leave empty (with 'User Password') to act for the credential's default user. When set, e.g. to an expression, an item for which it is empty fails instead of falling back to the default user.",
			// Not in the tool: it acts for the credential's default user, never for one the model names.
			displayOptions: {
				show: { ...forResources, authentication: ['userCenter'], '@tool': [false] },
			},
		},
		{
			displayName: 'User Password',
			name: 'userPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: "Read it with an expression, e.g. {{ $json.password }}: a password typed here is saved in the workflow as plain text. The default user's password belongs in the credential.",
			description:
				"Password of the user given in 'User E-Mail'. Only from an expression; never copied into errors or logs.",
			// Not in the tool: it acts for the credential's default user, never for one the model names.
			displayOptions: {
				show: { ...forResources, authentication: ['userCenter'], '@tool': [false] },
			},
		},
	];
}
