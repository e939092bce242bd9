import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AuthMode, UserOverride } from '../api/client';

/*
 * The node's parameters that say whom the calls act for: Authentication and the User fields
 * (common.descriptions.ts), read for one item of the action node or for a poll of the trigger. The Gini client
 * (api/client.ts `actFor`) turns them into a user.
 */

type ParameterContext = IExecuteFunctions | IPollFunctions;

/** The node's Authentication: which credential type the client uses. */
export function authMode(ctx: ParameterContext): AuthMode {
	const mode = ctx.getNodeParameter('authentication', 0) as string;
	if (mode === 'basic' || mode === 'jwt' || mode === 'userCenter') return mode;
	throw new NodeOperationError(ctx.getNode(), `Unknown authentication "${mode}"`);
}

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
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint')
		return String(value);
	throw new NodeOperationError(
		ctx.getNode(),
		`'${label}' must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
		{
			itemIndex,
		},
	);
}

/** Whether the user left the parameter empty in the node (not: set it to something that came out empty). */
function leftEmpty(ctx: ParameterContext, name: string): boolean {
	const raw = ctx.getNode().parameters[name];
	return raw === undefined || raw === null || raw === '';
}

function noUser(
	ctx: ParameterContext,
	itemIndex: number | undefined,
	message: string,
	field: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, {
		itemIndex,
		description: `'${field}' is set (e.g. to an expression) but is empty for this item, so the node does not fall back to the credential's default user. Give every item its user, or leave '${field}' empty to act for the default user.`,
	});
}

const USER_PARAMETERS = ['userIdentifier', 'userEmail', 'userPassword'];

/**
 * As an AI agent's tool (n8n names its type `<type>Tool`), a user field that asks the model (`$fromAI`, which n8n
 * turns into an argument the model fills) is refused before anything is read or sent: the workflow chooses the user,
 * never the model, or one conversation could act for any end user.
 */
function refuseModelChosenUser(ctx: ParameterContext, itemIndex: number | undefined): void {
	const node = ctx.getNode();
	if (!node.type.endsWith('Tool')) return;
	const asked = USER_PARAMETERS.find((name) => {
		const raw = node.parameters[name];
		return typeof raw === 'string' && /\$fromAI\s*\(/i.test(raw);
	});
	if (!asked) return;
	throw new NodeOperationError(node, 'The AI model cannot choose the user this tool acts for', {
		itemIndex,
		description:
			"Set the user in the tool itself ('User Identifier', fixed text), or leave it empty to act for the credential's default user.",
	});
}

/**
 * The user fields of one item, or of the trigger (a poll has no items: call it without an index). Only fields that
 * name a user are returned; an empty result means the credential's default user.
 */
export function userOverride(ctx: IExecuteFunctions, itemIndex: number): UserOverride;
export function userOverride(ctx: IPollFunctions): UserOverride;
export function userOverride(ctx: ParameterContext, itemIndex?: number): UserOverride {
	refuseModelChosenUser(ctx, itemIndex);
	if (read(ctx, 'authentication', itemIndex) !== 'userCenter') {
		const userIdentifier = textParameter(
			ctx,
			'userIdentifier',
			'User Identifier',
			itemIndex,
		).trim();
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
		throw new NodeOperationError(
			ctx.getNode(),
			"'User Password' is set but 'User E-Mail' is empty",
			{
				itemIndex,
				description:
					"Give the e-mail of the user the password belongs to, or leave both empty to act for the credential's default user.",
			},
		);
	}
	if (!password.trim()) {
		throw new NodeOperationError(ctx.getNode(), 'No user password for this item', {
			itemIndex,
			description: `'User E-Mail' names ${email}, but 'User Password' is empty for this item.`,
		});
	}
	return { email, password };
}
