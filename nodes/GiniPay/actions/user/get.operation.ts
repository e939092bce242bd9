import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import { USER_LINK, idOrLinkedId } from '../../shared/links';
import { idFields, idParameter } from '../locators';
import type { OperationOption } from '../operation';
import { requireUserCenter } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get',
	action: 'Get an anonymous user',
	description: 'Get the ID and e-mail of an anonymous user (User Center credential only)',
};

/**
 * Version 1's text field, from version 1.1 a Resource Locator (By ID, By URL). No From List: no source shows a listing of
 * the User Center's users (docs/gini-api.md §3).
 */
export const description: INodeProperties[] = idFields(
	{
		name: 'userId',
		thing: 'User',
		legacy: {
			displayName: 'User ID',
			description: 'The ID of the anonymous user (as output by User > Create), or its Location URL',
		},
		description:
			"The anonymous user, by ID (as output by User > Create) or by URL (its Location). Not offered from a list: Gini's User Center offers no list of users.",
		collection: 'api/users',
		exampleUrl: 'https://user.gini.net/api/users/626626a0-749f-11e2-bfd6-000000000000',
	},
	{ resource: ['user'], operation: ['get'] },
);

/** It acts for the credential's client (the User Center's client token). */
export const actsFor = 'client';

/** An anonymous user's ID and e-mail from the User Center (docs/gini-api.md §3.5). */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	requireUserCenter(this, gini, itemIndex, 'Reading users');
	const raw = idParameter(this, 'userId', 'User ID', itemIndex).trim();
	// An ID, or a user's Location URL, rebased on the configured User Center by its path (shared/links.ts).
	const id = idOrLinkedId(raw, USER_LINK);
	if (id === undefined) {
		throw new NodeOperationError(this.getNode(), 'The user ID is empty or malformed', {
			itemIndex,
			description: 'Give the ID of an anonymous user, or its URL ending in /api/users/<user ID>.',
		});
	}
	return [{ json: await gini.users.get(id) }];
}
