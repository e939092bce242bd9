/**
 * The smallest way into one operation: its `execute` called with a fake n8n context (parameters by name, the node)
 * and a fake Gini client (only the calls the operation makes), no engine and no server. For an operation's own
 * decisions (what it asks Gini, in which order, what it outputs or refuses); what n8n and Gini do around it is the
 * engine tests' part (test/integration, against the emulator).
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import type { GiniClient } from '../../nodes/GiniPay/api/client';

export interface FakeContextOptions {
	/** The node's type: `n8n-nodes-gini-pay.giniPayTool` makes it an AI agent's tool. */
	type?: string;
	continueOnFail?: boolean;
}

/** An execute context whose parameters are `parameters` (by name, for every item), without n8n's engine. */
export function fakeContext(
	parameters: Record<string, unknown>,
	options: FakeContextOptions = {},
): IExecuteFunctions {
	const node: INode = {
		id: 'fake-node',
		name: 'Gini Pay',
		type: options.type ?? 'n8n-nodes-gini-pay.giniPay',
		typeVersion: 1.1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const context = {
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		continueOnFail: () => options.continueOnFail ?? false,
	};
	return context as unknown as IExecuteFunctions;
}

/** A Gini client with only the parts a test gives; any other call fails the test, naming it. */
export function fakeClient(parts: Record<string, unknown>): GiniClient {
	return new Proxy(parts, {
		get(target, property) {
			if (property in target) return target[property as string];
			if (property === 'then') return undefined;
			throw new Error(
				`the operation called gini.${String(property)}, which this test did not expect`,
			);
		},
	}) as unknown as GiniClient;
}
