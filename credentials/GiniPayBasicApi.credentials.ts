import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { credentialTestRules } from '../nodes/GiniPay/shared/credentialTests';
import { authenticateBasic } from '../nodes/GiniPay/transport/credentialAuth';

export class GiniPayBasicApi implements ICredentialType {
	name = 'giniPayBasicApi';

	displayName = 'Gini Pay API (Client Credentials) API';

	icon: Icon = { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-gini-pay/n8n-nodes-gini-pay#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'For a trusted backend: every request carries your client credentials and the user identifier (Gini creates the derived user on first use). Ask Gini for a client configured for derived users.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Pay API Base URL',
			name: 'payApiUrl',
			type: 'string',
			default: 'https://pay-api.gini.net',
			required: true,
			description: 'Must use https; http is accepted only for localhost (e.g. a local emulator)',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Default User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			placeholder: 'user_hash_123',
			description:
				'The derived user the node acts for when its User Identifier field is empty, and the one the credential test checks the client with (Gini creates it on first use). A stable value per end user, e.g. a hash of your internal user ID. Printable ASCII only.',
		},
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => await authenticateBasic(credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.payApiUrl}}',
			url: '/documents',
			qs: { limit: 1 },
			headers: { Accept: 'application/vnd.gini.v1+json' },
			// Gini documents no redirects; following one would send the secret to wherever it points.
			disableFollowRedirect: true,
		},
		rules: credentialTestRules('basic'),
	};
}
