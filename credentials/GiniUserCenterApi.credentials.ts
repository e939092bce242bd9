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
import { authenticateUserCenter } from '../nodes/GiniPay/transport/authenticate';

export class GiniUserCenterApi implements ICredentialType {
	name = 'giniUserCenterApi';

	displayName = 'Gini Pay (E-Mail and Password, User Center) API';

	icon: Icon = { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-gini-pay/n8n-nodes-gini-pay#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'For users with an e-mail and password at Gini (Gini calls them "anonymous users"): n8n logs in as the user at the Gini User Center, and can create users. Ask Gini for a client set up for this.',
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
			displayName: 'User Center Base URL',
			name: 'userCenterUrl',
			type: 'string',
			default: 'https://user.gini.net',
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
			displayName: 'Default User E-Mail',
			name: 'userEmail',
			type: 'string',
			placeholder: 'e.g. nathan@example.com',
			default: '',
			description:
				"The anonymous user the node acts for when its 'User E-Mail' is empty; the credential test logs it in. Create one with the Gini Pay node's User > Create operation.",
		},
		{
			displayName: 'Default User Password',
			name: 'userPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Kept encrypted with the credential. The place for a password: a password typed into the node is saved in the workflow as plain text.',
		},
		httpRequestNotice,
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => await authenticateUserCenter(credentials, requestOptions);

	// With a default user, the test logs it in (password grant, docs/gini-api.md §3.2) as a run will; without one, a
	// client token proves the client ID and secret (§3.1).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.userCenterUrl}}',
			url: '/oauth/token',
			method: 'POST',
			qs: {
				grant_type:
					'={{ $credentials.userEmail || $credentials.userPassword ? "password" : "client_credentials" }}',
			},
			headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
			body: '={{ $credentials.userEmail || $credentials.userPassword ? { username: $credentials.userEmail, password: $credentials.userPassword } : {} }}',
			// Gini documents no redirects; following one would send the secret to wherever it points.
			disableFollowRedirect: true,
		},
		rules: credentialTestRules('userCenter'),
	};
}
