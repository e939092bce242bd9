import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { documentUrl, getLayout } from '../../api/documents';
import { resolveUser, userOverride, type GiniSession } from '../../transport';
import { documentIdField } from './shared';

export const description: INodeProperties[] = [documentIdField('getLayout')];

export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const url = documentUrl(this, session, this.getNodeParameter('documentId', itemIndex) as string);
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	return [{ json: await getLayout(this, session, user, url) }];
}
