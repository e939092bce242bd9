import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { GiniClient } from '../api/client';

/**
 * The rest of an item's work that holds no slot of the item loop: waiting for Gini to process a document (one waiter
 * for the whole run, api/waiter.ts) and reading its payment data. The router starts the next item meanwhile and
 * collects this one's output, in input order, when it is done.
 */
export interface Later<T> {
	later: Promise<T>;
}

/** Marks `promise` as the rest of an item's work (see Later); its failure is the item's, handled by the router. */
export function later<T>(promise: Promise<T>): Later<T> {
	// Handled where the router collects it; this keeps Node from reporting it as unhandled before then.
	promise.catch(() => undefined);
	return { later: promise };
}

export function isLater<T>(value: unknown): value is Later<T> {
	return typeof value === 'object' && value !== null && 'later' in value;
}

/**
 * Runs one operation for one item with the item's Gini client (api/client.ts): the router opens it (the credential,
 * the user when the operation acts for one, the document when it works on one) and adds pairedItem. An operation
 * that waits for Gini returns its output as Later, so that waiting holds no slot of the item loop.
 */
export type OperationExecute = (
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
) => Promise<INodeExecutionData[] | Later<INodeExecutionData[]>>;

/**
 * Runs one operation that makes no Gini call for one item: the router opens no Gini client for it (reads no
 * credential, no User fields) and adds pairedItem.
 */
export type LocalExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/**
 * What an operation over all of a run's items made: its output items (each with its `pairedItem`, which may list
 * several input items) and the input items that failed, each with its error. The router turns the failures into
 * error items under Continue On Fail, and otherwise fails the node with the first of them.
 */
export interface BatchOutcome {
	items: INodeExecutionData[];
	failures: Array<{ itemIndex: number; error: unknown }>;
}

/**
 * Runs one operation on all of a run's items at once (the items of a payment file), making no Gini call. The
 * router calls it once with every input item's index; an error it throws concerns every item.
 */
export type BatchExecute = (
	this: IExecuteFunctions,
	itemIndexes: number[],
) => Promise<BatchOutcome>;

/** An operation's entry in its resource's Operation list; its value is its name in the resource's operations.ts. */
export interface OperationOption {
	name: string;
	/** What n8n shows in the node panel and an AI agent reads: sentence case, starting with a verb. */
	action: string;
	description: string;
}

/**
 * One operation, all in its own `<name>.operation.ts`: its entry in the Operation list (`option`), its fields
 * (`description`), what it does (`execute`, or `local` or `batch` for one that makes no Gini call), and what the router prepares for it (`actsFor`, `onDocument`).
 */
export interface Operation {
	option: OperationOption;
	description: INodeProperties[];
	/** What it does for one item with the item's Gini client; an operation has exactly one of these three. */
	execute?: OperationExecute;
	/** What it does for one item without Gini: the router opens no Gini client for it. */
	local?: LocalExecute;
	/** What it does with all of a run's items at once, without Gini (see BatchExecute). */
	batch?: BatchExecute;
	/**
	 * Whom its Gini calls act for: a user (the default: the user the User fields name, or the credential's default
	 * user), or the credential's client alone (the User Center's users). The router reads the User fields only for
	 * an operation that acts for a user.
	 */
	actsFor?: 'user' | 'client';
	/**
	 * Set when it works on the document its "Document ID or URL" field (`documentId`) names: the router reads and
	 * checks it (`gini.document`), and every error of the item names that document (`documentId` of the error item).
	 */
	onDocument?: boolean;
}

/**
 * A resource's operations by the value of their entry in the resource's Operation list: the one map the router
 * looks operations up in and the node description takes the list and the fields from.
 */
export type OperationMap = Record<string, Operation>;

/**
 * The map of a resource's `operations.ts` (one `export * as <value> from './<value>.operation'` line per operation):
 * its enumerable exports only, so that nothing but an operation is ever looked up.
 */
export function operationMap(exported: OperationMap): OperationMap {
	return { ...exported };
}

/** The entries of a resource's Operation list, sorted by name as n8n's linter asks. */
export function operationOptions(operations: OperationMap): INodePropertyOptions[] {
	return Object.entries(operations)
		.map(([value, { option }]) => ({
			name: option.name,
			value,
			action: option.action,
			description: option.description,
		}))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A resource's Operation list: every operation of its map, and the one picked at first. */
export function operationList(
	resource: string,
	operations: OperationMap,
	defaultOperation: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operationOptions(operations),
		default: defaultOperation,
	};
}

/** The fields of every operation of a resource. */
export function operationFields(operations: OperationMap): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}

/** A resource's node properties: its Operation list, then the fields of its operations. */
export function resourceDescription(
	resource: string,
	operations: OperationMap,
	defaultOperation: string,
): INodeProperties[] {
	return [operationList(resource, operations, defaultOperation), ...operationFields(operations)];
}
