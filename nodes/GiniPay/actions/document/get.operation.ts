import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';
import { documentIdFields } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get',
	action: 'Get a document',
	description: 'Get a document and its processing status by ID or URL',
};

export const description: INodeProperties[] = documentIdFields('get');

export const onDocument = true;

/** One document with its processing status (docs/gini-api.md §4.3). */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
): Promise<INodeExecutionData[]> {
	return [{ json: await gini.documents.get(gini.document.url) }];
}
