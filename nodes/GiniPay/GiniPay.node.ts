import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	DOCS_URL,
	NODE_DESCRIPTION,
	authenticationProperty,
	giniCredentials,
	userFields,
} from './actions/common.descriptions';
import { requestOptionsDescription } from './actions/requestOptions';
import { resourceOptions, resourceProperties } from './actions/resources';
import { searchDocuments } from './actions/document/listSearch';
import { router } from './actions/router';

/** The resources whose operations make no Gini call: they need neither a credential nor Authentication. */
const WITHOUT_GINI = { resource: ['paymentFile'] };

export class GiniPay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gini Pay',
		name: 'giniPay',
		icon: { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' },
		group: ['transform'],
		// 1.1: as an AI agent's tool, Get Extractions has Output (Simplified, Raw, Selected Fields) instead of Simplify;
		// the document, payment request and user IDs are Resource Locators (actions/locators.ts).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: NODE_DESCRIPTION,
		documentationUrl: `${DOCS_URL}#operations`,
		defaults: { name: 'Gini Pay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: giniCredentials.map((credential) => ({
			...credential,
			displayOptions: { ...credential.displayOptions, hide: WITHOUT_GINI },
		})),
		properties: [
			{ ...authenticationProperty, displayOptions: { hide: WITHOUT_GINI } },
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions,
				default: 'document',
			},
			...resourceProperties,
			...userFields(['document', 'payment', 'paymentRequest', 'session']),
			requestOptionsDescription,
		],
	};

	methods = {
		listSearch: { searchDocuments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
