import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, giniCredentials, userFields } from './actions/common.descriptions';
import { simplifyField } from './actions/document/shared';
import { withoutSecrets } from './actions/errors';
import { pollFinishedDocuments } from './trigger/poll';
import { MAX_FAILED_POLLS } from './trigger/pollState';

export class GiniPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gini Pay Trigger',
		name: 'giniPayTrigger',
		icon: { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Document processed',
		description:
			'Starts the workflow when Gini Pay has finished processing a document (e.g. an uploaded invoice): outputs one item per document with its status and the payment data Gini extracted (IBAN, BIC, amount, recipient, reference)',
		defaults: { name: 'Gini Pay Trigger' },
		// n8n's linter forbids usableAsTool on triggers: an AI agent cannot call a trigger.
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: giniCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: `Emits each document once when Gini has finished processing it (progress COMPLETED or ERROR). Pages of a multi-page upload are not emitted, the document that joins them is. If Gini fails to return a document or its extractions, the next polls try again; after ${MAX_FAILED_POLLS} failed polls the document is emitted once with an "error" field (the reason, httpCode and requestId) instead of its extractions, and it never holds up other documents. A poll stops starting requests halfway through n8n's poll time budget; what it did not get to (and documents in processing beyond 100) waits for the next poll. A document whose creationDate is not a number gets a "triggerNote".`,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...userFields(),
			{
				displayName: 'Include Extractions',
				name: 'includeExtractions',
				type: 'boolean',
				default: true,
				description:
					'Whether to add the payment data Gini extracted to each processed document. Documents Gini could not process (progress ERROR) have none.',
			},
			simplifyField(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Existing Documents',
						name: 'includeExisting',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll after activation also emits the documents that were already processed. By default the trigger starts from now and emits only documents created after activation.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		try {
			return await pollFinishedDocuments.call(this);
		} catch (error) {
			throw withoutSecrets(error);
		}
	}
}
