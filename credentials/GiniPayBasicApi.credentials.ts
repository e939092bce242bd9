import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { httpRequestNotice } from '../nodes/GiniPay/shared/credentialNotices';
import { credentialTestRules } from '../nodes/GiniPay/shared/credentialTests';
import { authenticateBasic } from '../nodes/GiniPay/transport/authenticate';

export class GiniPayBasicApi implements ICredentialType {
	name = 'giniPayBasicApi';

	displayName = 'Gini Pay (Client ID and Secret) API';

	icon: Icon = { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-gini-pay/n8n-nodes-gini-pay#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'For a backend you run: every request carries your client ID and secret and names the end user it is for (in the X-User-Identifier header); Gini creates that user on first use (Gini calls them "derived users"). Ask Gini for a client set up for this.',
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
			placeholder: 'e.g. customer-42',
			description:
				'The end user when an item names none, and the one the credential test checks the client with (Gini creates it on first use): a stable name per end user, e.g. a hash of your customer number. Printable ASCII only.',
		},
		httpRequestNotice,
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
