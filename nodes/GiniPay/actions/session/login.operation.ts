import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';
import { refuseUnlessAllowedForTool } from '../toolGuards';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Login',
	action: 'Log a user in and get an access token',
	description:
		'Get an access token for a user, to hand over to an untrusted device (cached until shortly before it expires)',
};

const ALLOW_TOKEN = {
	parameter: 'allowTokenForAi',
	label: 'Allow Handing the Token to the AI Model',
	message: 'This tool does not hand access tokens to the AI model',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Allow Handing the Token to the AI Model',
		name: 'allowTokenForAi',
		type: 'boolean',
		default: false,
		description:
			"Whether the AI agent using this tool may get a user's access token. The token lets whoever holds it read and upload that user's documents until it expires, and the model's provider sees it.",
		displayOptions: { show: { resource: ['session'], operation: ['login'], '@tool': [true] } },
		// Never the model's choice: no expression, no $fromAI (actions/toolGuards.ts).
		noDataExpression: true,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['session'], operation: ['login'] } },
		options: [
			{
				displayName: 'Force New Token',
				name: 'forceNew',
				type: 'boolean',
				default: false,
				description:
					'Whether to get a new token from Gini even if a cached one is still valid (the new one replaces it in the cache)',
			},
		],
	},
];

/**
 * A user token to hand to an untrusted device (docs/gini-api.md §2, flows 2-4): Pay API `/login` for a derived user,
 * User Center password grant for an anonymous one. The output holds the token on purpose.
 */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// A token goes to a model only when the workflow's builder chose so.
	refuseUnlessAllowedForTool(this, itemIndex, ALLOW_TOKEN);
	const { forceNew } = this.getNodeParameter('options', itemIndex, {}) as { forceNew?: boolean };
	const { token, fromCache } = await gini.tokens.user({ forceNew });
	const json: IDataObject = {
		accessToken: token.accessToken,
		tokenType: token.tokenType,
		expiresIn: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)),
		expiresAt: new Date(token.expiresAt).toISOString(),
		user: gini.userLabel || null,
		fromCache,
	};
	if (token.refreshToken) json.refreshToken = token.refreshToken;
	return [{ json }];
}
