/**
 * The example workflows (examples/) as tests see them: the JSON as shipped, their Code nodes' JavaScript run the way
 * n8n's Code node runs it in "Run Once for All Items" mode, and their expressions resolved by n8n-workflow's own
 * expression engine with the data proxy (`$json`, `$('Node').item`) the engine gives a node.
 *
 * The Code node: n8n 2.x sends the code to its JavaScript task runner, which wraps it in an async function with
 * `$input` and `$()` in scope and returns the items it gives back; n8n then accepts only an array of objects whose
 * top-level keys are item keys (json, binary, pairedItem) and a `json` that is an object
 * (n8n-nodes-base's Code node, result-validation.ts). runCodeNode does the same, in a fresh V8 context.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

import {
	Workflow,
	createRunExecutionData,
	type IConnections,
	type IDataObject,
	type IExecuteData,
	type INode,
	type INodeExecutionData,
	type INodeTypes,
	type IPairedItemData,
	type ITaskData,
	type IWorkflowDataProxyAdditionalKeys,
	type NodeParameterValueType,
} from 'n8n-workflow';

export const EXAMPLE_FILES = {
	email: '01-invoice-ingestion-from-email.json',
	batch: '02-scheduled-batch-upload.json',
	tokenHandOff: '03-token-hand-off.json',
	review: '04-review-and-pay.json',
} as const;

export interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	webhookId?: string;
}

export interface Example {
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	settings: Record<string, unknown>;
}

export interface Item {
	json: IDataObject;
	binary?: IDataObject;
	pairedItem?: IPairedItemData | IPairedItemData[] | number;
}

export function loadExample(file: string): Example {
	return JSON.parse(
		readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8'),
	) as Example;
}

export function nodeOf(example: Example, name: string): ExampleNode {
	const found = example.nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`${example.name} has no node "${name}"`);
	return found;
}

/** The names of the nodes one output of a node feeds. */
export function destinations(example: Example, source: string, output = 0): string[] {
	return (example.connections[source]?.main[output] ?? []).map((connection) => connection.node);
}

const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index']);

/**
 * Runs a Code node of an example on `input` as n8n does in "Run Once for All Items" mode: `$input.all()` and
 * `$input.first()` give copies of the input items, `$('Node').all()` the items of another node in this run
 * (`others`). What comes back is checked as n8n checks it and handed back as plain data (as the task runner
 * sends it back).
 */
export async function runCodeNode(
	node: ExampleNode,
	input: Item[],
	others: Record<string, Item[]> = {},
): Promise<Item[]> {
	if (node.type !== 'n8n-nodes-base.code') throw new Error(`${node.name} is not a Code node`);
	const {
		mode = 'runOnceForAllItems',
		language = 'javaScript',
		jsCode,
	} = node.parameters as {
		mode?: string;
		language?: string;
		jsCode?: string;
	};
	if (mode !== 'runOnceForAllItems' || language !== 'javaScript' || typeof jsCode !== 'string')
		throw new Error(
			`${node.name}: runCodeNode runs JavaScript in "Run Once for All Items" mode only`,
		);
	const copy = (items: Item[]) => structuredClone(items);
	const scope = {
		$input: {
			all: () => copy(input),
			first: () => copy(input)[0],
			last: () => copy(input)[input.length - 1],
		},
		$: (name: string) => {
			if (!(name in others))
				throw new Error(`${node.name} reads node "${name}", which did not run`);
			return { all: () => copy(others[name]), first: () => copy(others[name])[0] };
		},
	};
	const context = vm.createContext(scope);
	const result: unknown = await vm.runInContext(`(async () => {\n${jsCode}\n})()`, context, {
		filename: `${node.name}.js`,
	});
	if (!Array.isArray(result)) throw new Error(`${node.name}: Code doesn't return items properly`);
	for (const item of result as unknown[]) {
		if (typeof item !== 'object' || item === null)
			throw new Error(`${node.name}: Code doesn't return items properly`);
		const keys = Object.keys(item);
		if (!keys.every((key) => ITEM_KEYS.has(key)))
			throw new Error(`${node.name}: Unknown top-level item key: ${keys.join(', ')}`);
		const { json } = item as { json?: unknown };
		if (typeof json !== 'object' || json === null || Array.isArray(json))
			throw new Error(`${node.name}: A 'json' property isn't an object`);
	}
	return JSON.parse(JSON.stringify(result)) as Item[];
}

/** No node type is known: n8n-workflow resolves expressions of nodes whose type it does not know. */
const unknownNodeTypes: INodeTypes = {
	getByName: () => undefined as never,
	getByNameAndVersion: () => undefined as never,
	getKnownTypes: () => ({}),
};

export interface ExpressionContext {
	/** The items the node receives (`$json` is the one at itemIndex). */
	input: Item[];
	/** The node that fed `input`, for `$('Node').item` through pairedItem. */
	inputFrom?: string;
	/** Earlier nodes' output in this run, each with the node that fed it. */
	runData?: Record<string, { items: Item[]; from?: string }>;
	itemIndex?: number;
	/** What n8n adds to every expression's scope, e.g. `$execution` (its resumeFormUrl). */
	additionalKeys?: IWorkflowDataProxyAdditionalKeys;
}

/**
 * Resolves a node parameter of an example (any value; `={{ … }}` strings are expressions) with n8n-workflow's
 * expression engine, as the node `nodeName` sees it for one input item.
 */
export function resolveParameter(
	example: Example,
	nodeName: string,
	value: unknown,
	context: ExpressionContext,
): NodeParameterValueType {
	const workflow = new Workflow({
		id: example.id,
		name: example.name,
		nodes: example.nodes as unknown as INode[],
		connections: example.connections as unknown as IConnections,
		active: false,
		nodeTypes: unknownNodeTypes,
		settings: example.settings,
	});
	const taskData = (items: Item[], from?: string): ITaskData => ({
		startTime: 0,
		executionTime: 0,
		executionIndex: 0,
		source: from ? [{ previousNode: from }] : [],
		data: { main: [items as INodeExecutionData[]] },
	});
	const runData: Record<string, ITaskData[]> = {};
	for (const [name, { items, from }] of Object.entries(context.runData ?? {}))
		runData[name] = [taskData(items, from)];
	if (context.inputFrom && !runData[context.inputFrom])
		runData[context.inputFrom] = [taskData(context.input)];
	const runExecutionData = createRunExecutionData({ resultData: { runData } });
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`no node ${nodeName}`);
	const executeData: IExecuteData = {
		node,
		data: { main: [context.input as INodeExecutionData[]] },
		source: context.inputFrom ? { main: [{ previousNode: context.inputFrom }] } : null,
	};
	return workflow.expression.getParameterValue(
		value as NodeParameterValueType,
		runExecutionData,
		0,
		context.itemIndex ?? 0,
		nodeName,
		context.input as INodeExecutionData[],
		'manual',
		context.additionalKeys ?? {},
		executeData,
	);
}

interface Assignment {
	name: string;
	value: unknown;
	type: string;
}

/**
 * What an Edit Fields (Set) node in "manual" mode without "Include Other Fields" puts out for each input item: only
 * its assignments, each resolved. A value of another type than its assignment declares (other than null) fails,
 * where n8n would convert it or fail: the examples' expressions give the declared type.
 */
export function runSetNode(example: Example, nodeName: string, context: ExpressionContext): Item[] {
	const node = nodeOf(example, nodeName);
	if (node.type !== 'n8n-nodes-base.set' || node.parameters.mode !== 'manual')
		throw new Error(`${nodeName} is not an Edit Fields node in manual mode`);
	const { assignments } = node.parameters.assignments as { assignments: Assignment[] };
	return context.input.map((_, itemIndex) => ({
		json: Object.fromEntries(
			assignments.map((assignment) => {
				const value = resolveParameter(example, nodeName, assignment.value, {
					...context,
					itemIndex,
				});
				if (value !== null && value !== undefined && typeof value !== assignment.type)
					throw new Error(
						`${nodeName}: ${assignment.name} is ${typeof value}, declared ${assignment.type}`,
					);
				return [assignment.name, value];
			}),
		) as IDataObject,
		pairedItem: { item: itemIndex },
	}));
}

/** The IF node's (version 2) single condition on one item: true or false, as the engine resolves its left value. */
export function ifConditionHolds(
	example: Example,
	nodeName: string,
	context: ExpressionContext,
): boolean {
	const node = nodeOf(example, nodeName);
	const { conditions, combinator } = node.parameters.conditions as {
		combinator: string;
		conditions: Array<{ leftValue: unknown; operator: { type: string; operation: string } }>;
	};
	if (
		node.type !== 'n8n-nodes-base.if' ||
		combinator !== 'and' ||
		conditions.length !== 1 ||
		conditions[0].operator.type !== 'boolean' ||
		conditions[0].operator.operation !== 'true'
	)
		throw new Error(`${nodeName}: ifConditionHolds reads one "is true" condition only`);
	const value = resolveParameter(example, nodeName, conditions[0].leftValue, context);
	const { typeValidation } = (
		node.parameters.conditions as { options: { typeValidation?: string } }
	).options;
	if (typeValidation === 'strict' && typeof value !== 'boolean')
		throw new Error(`${nodeName}: the condition is not a boolean (${String(value)})`);
	return value === true;
}
