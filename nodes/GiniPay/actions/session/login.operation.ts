import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { userToken } from '../../api/tokens';
import { resolveUser, userLabel, userOverride, type GiniSession } from '../../transport';

export const description: INodeProperties[] = [
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
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const { forceNew } = this.getNodeParameter('options', itemIndex, {}) as { forceNew?: boolean };
	const { token, fromCache } = await userToken(this, session, user, { forceNew });
	const json: IDataObject = {
		accessToken: token.accessToken,
		tokenType: token.tokenType,
		expiresIn: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)),
		expiresAt: new Date(token.expiresAt).toISOString(),
		user: userLabel(user) || null,
		fromCache,
	};
	if (token.refreshToken) json.refreshToken = token.refreshToken;
	return [{ json }];
}
