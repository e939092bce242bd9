import { randomUUID } from 'node:crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';
import { textParameter } from '../userFields';
import { requireUserCenter } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Create',
	action: 'Create an anonymous user',
	description: 'Create an anonymous user in the Gini User Center (User Center credential only)',
};

const show = { resource: ['user'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'E-Mail',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		required: true,
		description:
			"The new anonymous user's e-mail. Gini recommends a domain that links it to your application, e.g. &lt;uuid&gt;@app.example.org.",
		displayOptions: { show },
	},
	{
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"At least 6 characters. Leave empty to generate one as Gini's SDKs do (a random UUID); the node then outputs it, since it is the only way to log in as this user later.",
		displayOptions: { show },
	},
];

/** It acts for the credential's client: the user does not exist yet. */
export const actsFor = 'client';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates an anonymous user in the User Center with the client token (docs/gini-api.md §3.4). */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	requireUserCenter(this, gini, itemIndex, 'Creating users');
	const email = textParameter(this, 'email', 'E-Mail', itemIndex).trim();
	const given = textParameter(this, 'password', 'Password', itemIndex);
	if (!EMAIL.test(email)) {
		throw new NodeOperationError(this.getNode(), `"${email}" is not a valid e-mail address`, {
			itemIndex,
		});
	}
	if (given && given.length < 6) {
		throw new NodeOperationError(this.getNode(), "'Password' must have at least 6 characters", {
			itemIndex,
			description: 'Or leave it empty to let the node generate one.',
		});
	}
	const password = given || randomUUID();
	const { id, location } = await gini.users.create(email, password);
	// The user exists now: whatever its Location says, the item does not fail (a retry would be a duplicate e-mail).
	const json: IDataObject = { id: id ?? null, email, location: location ?? null };
	if (!given) {
		json.password = password;
		json.passwordGenerated = true;
	}
	return [{ json }];
}
