import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import type { OperationOption } from '../operation';
import { refuseUnlessAllowedForTool } from '../toolGuards';
import { documentIdFields } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Delete',
	action: 'Delete a document permanently',
	description:
		'Deletes the document permanently at Gini (and, when asked, the composite documents that use it); it cannot be restored',
};

const ALLOW_DELETE = {
	parameter: 'allowDeleteForAi',
	label: 'Allow the AI Model to Delete Documents',
	message: 'This tool does not delete documents for the AI model',
};

export const description: INodeProperties[] = [
	{
		displayName: ALLOW_DELETE.label,
		name: ALLOW_DELETE.parameter,
		type: 'boolean',
		default: false,
		description:
			'Whether the AI agent using this tool may delete documents. A deleted document cannot be restored, and the model chooses which.',
		displayOptions: { show: { resource: ['document'], operation: ['delete'], '@tool': [true] } },
		// Never the model's choice: no expression, no $fromAI (actions/toolGuards.ts).
		noDataExpression: true,
	},
	...documentIdFields('delete'),
	{
		displayName: 'Delete Composite Documents First',
		name: 'deleteComposites',
		type: 'boolean',
		default: false,
		description:
			'Whether to first delete the composite (multi-page) documents that use this document as a page. Gini refuses to delete a page that a composite document still uses.',
		displayOptions: { show: { resource: ['document'], operation: ['delete'] } },
	},
];

export const onDocument = true;

/**
 * Deletes a document. A partial document still referenced by composites (docs/gini-api.md §4.4) is not deleted
 * silently: its composites go first when asked, otherwise the node says which composites hold it.
 */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	refuseUnlessAllowedForTool(this, itemIndex, ALLOW_DELETE);
	const { url } = gini.document;
	const deleteComposites = this.getNodeParameter('deleteComposites', itemIndex, false) as boolean;
	const document = await gini.documents.get(url);
	// Gini's links to the composites, rebased on the configured base (shared/links.ts) before anything is deleted.
	const composites = ((document.compositeDocuments as IDataObject[] | undefined) ?? [])
		.map((composite) => String(composite.document ?? ''))
		.filter(Boolean);
	const compositeUrls = composites.map((composite) => gini.documents.url(composite));
	if (composites.length > 0 && !deleteComposites) {
		throw new NodeOperationError(
			this.getNode(),
			`Document ${String(document.id)} is a page of ${composites.length} composite document(s)`,
			{
				itemIndex,
				description: `Gini keeps it while these use it: ${composites.join(', ')}. Turn on 'Delete Composite Documents First' to delete them too.`,
			},
		);
	}
	for (const compositeUrl of compositeUrls) {
		await gini.documents.delete(compositeUrl);
	}
	await gini.documents.delete(url);
	const deletedComposites = compositeUrls.map((compositeUrl) => compositeUrl.split('/').pop());
	return [{ json: { id: document.id, deleted: true, deletedComposites } }];
}
