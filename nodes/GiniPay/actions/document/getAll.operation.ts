import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get Many',
	action: 'Get many documents',
	description: 'List the documents of the user, newest first',
};

const show = { resource: ['document'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Documents come out newest first by creation date, each once; with a limit, the newest ones. Gini may list them in another order: then the node reads the whole list to find the newest.',
		name: 'orderNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
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

/**
 * Lists the user's documents, newest first by creation date, each once, whatever order and paging
 * Gini uses (api/listing.ts, docs/gini-api.md §4.2). One item per document. With a limit, Gini listing newest
 * first lets the listing stop after the first pages; listing oldest first, it reads them all.
 */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex) as number);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(this.getNode(), "'Limit' must be a whole number of at least 1", {
			itemIndex,
		});
	}
	const { documents } = await gini.documents.list({
		enough: returnAll ? undefined : (listed) => listed.length >= limit,
	});
	return documents.slice(0, limit).map((json) => ({ json }));
}
