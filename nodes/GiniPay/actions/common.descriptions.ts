import type {
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { UserOverride } from '../transport';

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

type ParameterContext = IExecuteFunctions | IPollFunctions;

function read(ctx: ParameterContext, name: string, itemIndex?: number): unknown {
	return itemIndex === undefined
		? (ctx as IPollFunctions).getNodeParameter(name, '')
		: (ctx as IExecuteFunctions).getNodeParameter(name, itemIndex, '');
}

/**
 * A text parameter of one item. Expressions may yield numbers (an ID or a PIN read from JSON): they count as their
 * digits. Nothing (undefined, null) is ''. Anything else is not text and fails the item.
 */
export function textParameter(
	ctx: ParameterContext,
	name: string,
	label: string,
	itemIndex?: number,
): string {
	const value = read(ctx, name, itemIndex);
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	throw new NodeOperationError(ctx.getNode(), `${label} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`, {
		itemIndex,
	});
}

/** Whether the user left the parameter empty in the node (not: set it to something that came out empty). */
function leftEmpty(ctx: ParameterContext, name: string): boolean {
	const raw = ctx.getNode().parameters[name];
	return raw === undefined || raw === null || raw === '';
}

function noUser(ctx: ParameterContext, itemIndex: number | undefined, message: string, field: string): never {
	throw new NodeOperationError(ctx.getNode(), message, {
		itemIndex,
		description: `${field} is set (e.g. to an expression) but is empty for this item, so the node does not fall back to the credential's default user. Give every item its user, or leave ${field} empty to act for the default user.`,
	});
}

/**
 * The user fields of one item, or of the trigger (a poll has no items: call it without an index). Only fields that
 * name a user are returned; an empty result means the credential's default user.
 */
export function userOverride(ctx: IExecuteFunctions, itemIndex: number): UserOverride;
export function userOverride(ctx: IPollFunctions): UserOverride;
export function userOverride(ctx: ParameterContext, itemIndex?: number): UserOverride {
	if (read(ctx, 'authentication', itemIndex) !== 'userCenter') {
		const userIdentifier = textParameter(ctx, 'userIdentifier', 'User Identifier', itemIndex).trim();
		if (userIdentifier) return { userIdentifier };
		if (leftEmpty(ctx, 'userIdentifier')) return {};
		return noUser(ctx, itemIndex, 'No user identifier for this item', 'User Identifier');
	}
	const email = textParameter(ctx, 'userEmail', 'User E-Mail', itemIndex).trim();
	const password = textParameter(ctx, 'userPassword', 'User Password', itemIndex);
	if (!email) {
		if (!leftEmpty(ctx, 'userEmail')) {
			return noUser(ctx, itemIndex, 'No user e-mail for this item', 'User E-Mail');
		}
		if (leftEmpty(ctx, 'userPassword')) return {};
		throw new NodeOperationError(ctx.getNode(), 'User Password is set but User E-Mail is empty', {
			itemIndex,
			description:
				"Give the e-mail of the user the password belongs to, or leave both empty to act for the credential's default user.",
		});
	}
	if (!password.trim()) {
		throw new NodeOperationError(ctx.getNode(), 'No user password for this item', {
			itemIndex,
			description: `User E-Mail names ${email}, but User Password is empty for this item.`,
		});
	}
	return { email, password };
}
