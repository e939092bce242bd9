import type { INodeProperties } from 'n8n-workflow';

import { operationFields, operationList, operationMap } from '../operation';
import * as exported from './operations';

/** The operations by their value in the Operation list (operations.ts: one line each). */
export const operations = operationMap(exported);

export const description: INodeProperties[] = [
	operationList('payment', operations, 'get'),
	...operationFields(operations),
];
