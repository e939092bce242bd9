import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { documentUrl, fetchDocument } from '../../api/documents';
import { assertProcessed, extractionsOutput, fetchExtractions } from '../../api/extractions';
import { runWaiter, waitForDocument } from '../../api/waiter';
import { resolveUser, userOverride, type GiniSession } from '../../transport';
import { later, type Later, type OperationOption } from '../operation';
import { waitingCap } from '../requestOptions';
import { flagPossibleDuplicatesOption, guardPayment } from './dedup';
import {
	concerning,
	documentIdField,
	idOfDocumentUrl,
	outputOf,
	simplifyField,
	toolOutputFields,
	waitForProcessingFields,
	waitTimeoutOf,
} from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get Extractions',
	action: 'Get the extractions of a document',
	description:
		'Get the payment data Gini extracted (IBAN, amount, recipient, ...), waiting for processing if needed',
};

export const description: INodeProperties[] = [
	documentIdField('getExtractions'),
	...waitForProcessingFields({ resource: ['document'], operation: ['getExtractions'] }),
	simplifyField({ resource: ['document'], operation: ['getExtractions'], '@tool': [false] }),
	simplifyField({
		resource: ['document'],
		operation: ['getExtractions'],
		'@tool': [true],
		'@version': [1],
	}),
	...toolOutputFields({ resource: ['document'], operation: ['getExtractions'] }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['document'], operation: ['getExtractions'] } },
		options: [flagPossibleDuplicatesOption(false)],
	},
];

/** The payment data Gini extracted from a document (docs/gini-api.md §4.5), after it finished processing. */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[] | Later<INodeExecutionData[]>> {
	const url = documentUrl(this, session, this.getNodeParameter('documentId', itemIndex) as string);
	const wait = this.getNodeParameter('waitForProcessing', itemIndex, true) as boolean;
	const { simplify, fields } = outputOf(this, itemIndex);
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const timeout = wait ? waitTimeoutOf(this, itemIndex) : 0;
	// Waiting joins the run's one waiter and holds no slot of the item loop (api/waiter.ts).
	const { limiter, waiter } = runWaiter(this, waitingCap(this));
	const extract = concerning(this, idOfDocumentUrl(url), itemIndex, async () => {
		const document = wait
			? await waitForDocument(waiter, this, session, user, url, timeout)
			: await fetchDocument(this, session, user, url);
		assertProcessed(this, session, document);
		const extractions = await limiter.run(
			async () => await fetchExtractions(this, session, user, url),
		);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const guard = options.flagPossibleDuplicates
			? {
					...(await guardPayment(
						this,
						itemIndex,
						String(document.id ?? idOfDocumentUrl(url)),
						extractions,
					)),
				}
			: undefined;
		return [{ json: extractionsOutput(document, extractions, simplify, guard, fields) }];
	});
	return wait ? later(extract) : await extract;
}
