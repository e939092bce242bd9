import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { userCenterRequest, type GiniSession } from '../../transport';
import { textParameter } from '../common.descriptions';
import { requireUserCenter } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		description: 'The ID of the anonymous user (as output by User > Create), or its Location URL',
		displayOptions: { show: { resource: ['user'], operation: ['get'] } },
	},
];

/** An anonymous user's ID and e-mail from the User Center (gini-api.md §3.5). */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	requireUserCenter(this, session, itemIndex, 'Reading users');
	const raw = textParameter(this, 'userId', 'User ID', itemIndex).trim();
	// An ID, or the Location URL User > Create output (on the configured User Center only).
	const prefix = `${session.userCenterUrl}/api/users/`;
	const id = raw.startsWith(prefix) ? raw.slice(prefix.length).replace(/\/$/, '') : raw;
	if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) {
		throw new NodeOperationError(this.getNode(), 'The user ID is empty or malformed', { itemIndex });
	}
	const response = await userCenterRequest(
		this,
		session,
		{ method: 'GET', url: `${session.userCenterUrl}/api/users/${id}`, expect: 'user' },
		'Reading the user',
	);
	return [{ json: response.body as IDataObject }];
}
