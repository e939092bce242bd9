import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { documentUrl, fetchDocument } from '../../api/documents';
import { resolveUser, userOverride, type GiniSession } from '../../transport';
import type { OperationOption } from '../operation';
import { concerning, documentIdField, idOfDocumentUrl } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get',
	action: 'Get a document',
	description: 'Get a document and its processing status by ID or URL',
};

export const description: INodeProperties[] = [documentIdField('get')];

/** One document with its processing status (docs/gini-api.md §4.3). */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const url = documentUrl(this, session, this.getNodeParameter('documentId', itemIndex) as string);
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	return await concerning(this, idOfDocumentUrl(url), itemIndex, async () => [
		{ json: await fetchDocument(this, session, user, url) },
	]);
}
