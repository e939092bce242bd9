import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	DOCS_URL,
	NODE_DESCRIPTION,
	authenticationProperty,
	giniCredentials,
	userFields,
} from './actions/common.descriptions';
import { simplifyField } from './actions/document/shared';
import { withoutSecrets } from './actions/errors';
import { authMode, userOverride } from './actions/userFields';
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
		// The node panel shows this for the merged Gini Pay entry (actions and trigger): see NODE_DESCRIPTION.
		description: NODE_DESCRIPTION,
		documentationUrl: `${DOCS_URL}#gini-pay-trigger`,
		triggerPanel: {
			header: 'Pull in the newest document Gini Pay has read',
			executionsHelp: {
				inactive: `While you build the workflow, "Fetch Test Event" gets the newest document Gini has read (without moving the position the published workflow starts from). Once you publish the workflow, n8n polls Gini Pay at the times set in 'Poll Times' and starts it once per document Gini has read, with its payment data (IBAN, amount, recipient).`,
				active:
					"The workflow is published: n8n polls Gini Pay at the times set in 'Poll Times' and starts it once per document Gini has read, with its payment data (IBAN, amount, recipient). Every run is in the executions list.",
			},
		},
		defaults: { name: 'Gini Pay Trigger' },
		// n8n's linter forbids usableAsTool on triggers: an AI agent cannot call a trigger.
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: giniCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: `Starts once per document when Gini has read it: one item with the IBAN, amount and recipient, the same as Upload outputs. If Gini fails to return a document ${MAX_FAILED_POLLS} polls in a row, it comes once with an "error" field instead.`,
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
					'Whether to add the payment data (IBAN, amount, ...) to each document. Off, the item holds only documentId, fileName and status. Documents Gini could not read (status ERROR) have none.',
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
			return await pollFinishedDocuments.call(this, {
				mode: authMode(this),
				user: userOverride(this),
			});
		} catch (error) {
			throw withoutSecrets(error);
		}
	}
}
