import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { GiniClient } from '../../api/client';
import { extractionsOutput } from '../../api/extractions';
import { runWaiter } from '../../api/waiter';
import { later, type Later, type OperationOption } from '../operation';
import { waitingCap } from '../requestOptions';
import { flagPossibleDuplicatesOption, guardPayment } from './dedup';
import {
	documentIdFields,
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
	...documentIdFields('getExtractions'),
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

export const onDocument = true;

/** The payment data Gini extracted from a document (docs/gini-api.md §4.5), after it finished processing. */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[] | Later<INodeExecutionData[]>> {
	const { id, url } = gini.document;
	const wait = this.getNodeParameter('waitForProcessing', itemIndex, true) as boolean;
	const { simplify, fields } = outputOf(this, itemIndex);
	const timeout = wait ? waitTimeoutOf(this, itemIndex) : 0;
	// Waiting joins the run's one waiter and holds no slot of the item loop (api/waiter.ts).
	const { limiter, waiter } = runWaiter(this, waitingCap(this));
	const extract = (async () => {
		const document = wait
			? await gini.documents.whenProcessed(waiter, url, timeout)
			: await gini.documents.get(url);
		gini.documents.assertProcessed(document);
		const extractions = await limiter.run(async () => await gini.documents.extractions(url));
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const guard = options.flagPossibleDuplicates
			? { ...(await guardPayment(this, itemIndex, String(document.id ?? id), extractions)) }
			: undefined;
		return [{ json: extractionsOutput(document, extractions, simplify, guard, fields) }];
	})();
	return wait ? later(extract) : await extract;
}
