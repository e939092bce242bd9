import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/*
 * What the node does not do for an AI agent unless the workflow's builder allowed it in the tool itself. n8n names
 * the node used as an agent's tool `<type>Tool`. An allowance counts only as the literal `true` the builder set in
 * the node: an expression, `$fromAI(...)` above all, could be set by the model it guards against. The allowances are
 * `noDataExpression`, so n8n's editor offers neither an expression nor the model (✨) for them.
 */

/** Whether the node runs as an AI agent's tool. */
export function isTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * Refuses, as a tool, unless the boolean parameter `allowance` is on in the node. Outside a tool it does nothing.
 */
export function refuseUnlessAllowedForTool(
	ctx: IExecuteFunctions,
	itemIndex: number,
	allowance: { parameter: string; label: string; message: string },
): void {
	if (!isTool(ctx) || ctx.getNode().parameters[allowance.parameter] === true) return;
	throw new NodeOperationError(ctx.getNode(), allowance.message, {
		itemIndex,
		description: `Turn on '${allowance.label}' in the tool if the agent really needs this.`,
	});
}
