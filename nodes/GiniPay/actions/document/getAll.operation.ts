import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveUser, type GiniSession } from '../../transport';
import { userOverride } from '../common.descriptions';
import { listDocumentsPage } from './listing';

const show = { resource: ['document'], operation: ['getAll'] };

/** Gini's page size default is 20 (gini-api.md §4.2); larger pages mean fewer round trips for Return All. */
const PAGE_SIZE = 100;

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
];

/** Lists the user's documents, newest first, paging with offset/limit (gini-api.md §4.2). One item per document. */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex) as number);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(this.getNode(), 'The limit must be a whole number of at least 1', {
			itemIndex,
		});
	}
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const documents: IDataObject[] = [];
	for (let offset = 0; documents.length < limit; ) {
		const pageSize = Math.min(PAGE_SIZE, limit - documents.length);
		const { documents: page, totalCount } = await listDocumentsPage(this, session, user, offset, pageSize);
		documents.push(...page);
		offset += page.length;
		if (page.length < pageSize || (totalCount !== undefined && offset >= totalCount)) break;
	}
	return documents.slice(0, limit).map((json) => ({ json }));
}
