import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GiniSession } from '../transport';

/** Runs one operation for one item: the router opens the session and adds pairedItem. */
export type OperationExecute = (
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/** One operation, all in its own `<name>.operation.ts`: its fields (`description`) and what it does (`execute`). */
export interface Operation {
	description: INodeProperties[];
	execute: OperationExecute;
}

/**
 * A resource's operations by the value of their entry in the resource's Operation list: the one map the router
 * looks operations up in and the node description takes their fields from.
 */
export type OperationMap = Record<string, Operation>;

/** The fields of every operation of a resource, in the map's order. */
export function operationFields(operations: OperationMap): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}
