import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as document from './actions/document';
import * as payment from './actions/payment';
import * as paymentRequest from './actions/paymentRequest';
import { router } from './actions/router';
import * as session from './actions/session';
import * as user from './actions/user';
import { authenticationProperty, giniCredentials, userFields } from './actions/common.descriptions';
import { requestOptionsDescription } from './actions/requestOptions';

export class GiniPay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gini Pay',
		name: 'giniPay',
		icon: { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Extract payment data (IBAN, amount, recipient) from invoices with the Gini Pay API, and manage Gini users and tokens',
		defaults: { name: 'Gini Pay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: giniCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Document', value: 'document' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Payment Request', value: 'paymentRequest' },
					{ name: 'Session', value: 'session' },
					{ name: 'User', value: 'user' },
				],
				default: 'document',
			},
			...document.description,
			...paymentRequest.description,
			...payment.description,
			...session.description,
			...user.description,
			...userFields(['document', 'payment', 'paymentRequest', 'session']),
			requestOptionsDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
