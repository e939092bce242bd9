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
import { authenticateJwt } from '../nodes/GiniPay/transport/authenticate';

const signing = { show: { jwtSource: ['sign'] } };

export class GiniPayJwtApi implements ICredentialType {
	name = 'giniPayJwtApi';

	displayName = 'Gini Pay (Signed Token, JWT) API';

	icon: Icon = { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-gini-pay/n8n-nodes-gini-pay#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				"For a backend that vouches for its own users with signed tokens (JWTs), set up with Gini beforehand: you give Gini your public key (as a JWKS, a JSON Web Key Set), the name you sign as and the names of the token's fields (claims). In 'Token Source', choose 'Signed Here With Your Private Key' for a workflow that serves many users (n8n signs a short-lived token per request and user); choose 'A Token Issued Elsewhere' only to paste one token your system issued, for one user until it expires. Without a JWT set-up at Gini, use 'Client ID and Secret' instead.",
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
			displayName: 'Token Source',
			name: 'jwtSource',
			type: 'options',
			options: [
				{
					name: 'Signed Here With Your Private Key',
					value: 'sign',
					description:
						'Each request gets a short-lived token for its end user, signed with your key',
				},
				{
					name: 'A Token Issued Elsewhere',
					value: 'static',
					description: 'Paste a token (JWT) your own system issued: one user, until it expires',
				},
			],
			default: 'sign',
			description:
				'Every request carries a token signed for its end user (a JWT). Gini checks the signature with your public key and reads the end user from the token.',
			hint: 'Sent in the X-JWT-Authorization header',
		},
		{
			displayName: 'Token (JWT)',
			name: 'staticToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { jwtSource: ['static'] } },
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 5 },
			default: '',
			required: true,
			displayOptions: signing,
			description:
				'The key n8n signs with: PEM (PKCS#8, PKCS#1 or SEC1, not passphrase-protected) or a private JWK as JSON. Gini must have its public key.',
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'EdDSA (Ed25519)', value: 'EdDSA' },
				{ name: 'ES256', value: 'ES256' },
				{ name: 'ES384', value: 'ES384' },
				{ name: 'ES512', value: 'ES512' },
				{ name: 'PS256', value: 'PS256' },
				{ name: 'PS384', value: 'PS384' },
				{ name: 'PS512', value: 'PS512' },
				{ name: 'RS256', value: 'RS256' },
				{ name: 'RS384', value: 'RS384' },
				{ name: 'RS512', value: 'RS512' },
			],
			default: 'RS256',
			// Gini's only published sample is an RS256 token with a kid (docs/gini-api.md §2.2).
			description:
				'RS256 is the algorithm Gini documents; ask Gini before using another, as it must accept it for your client',
			displayOptions: signing,
		},
		{
			displayName: 'Key ID',
			name: 'keyId',
			type: 'string',
			default: '',
			displayOptions: signing,
			description: 'The name of your key in the public key list you gave Gini (its "kid")',
		},
		{
			displayName: 'Issuer',
			name: 'issuer',
			type: 'string',
			default: '',
			required: true,
			displayOptions: signing,
			description:
				'The name your backend signs as, as agreed with Gini for your client (the "iss" claim)',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: '',
			displayOptions: signing,
			description: 'Whom the token is for (the "aud" claim); leave empty unless Gini asks for one',
		},
		{
			displayName: 'Token Lifetime (Seconds)',
			name: 'lifetimeSeconds',
			type: 'number',
			typeOptions: { minValue: 30, maxValue: 86400 },
			default: 300,
			description: 'How long each token n8n signs is valid',
			displayOptions: signing,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: signing,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: signing,
			description:
				"Put into the token (in the field named in 'Client Secret Claim') only if Gini set up your client to expect it",
		},
		{
			displayName: 'Default User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			displayOptions: signing,
			description:
				"The end user when an item names none, and the one the credential test checks the client with (Gini creates it on first use): put into the token's field named in 'User Identifier Claim'. Printable ASCII only.",
		},
		{
			displayName: 'User Identifier Claim',
			name: 'userIdentifierClaim',
			type: 'string',
			default: 'x-user-identifier',
			displayOptions: signing,
			description: 'The name of the token field that carries the end user, as agreed with Gini',
		},
		{
			displayName: 'Client ID Claim',
			name: 'clientIdClaim',
			type: 'string',
			default: 'x-client-id',
			displayOptions: signing,
			description: "The name of the token field that carries 'Client ID', as agreed with Gini",
		},
		{
			displayName: 'Client Secret Claim',
			name: 'clientCredentialClaim',
			type: 'string',
			default: 'x-client-secret',
			description: "The name of the token field that carries 'Client Secret', as agreed with Gini",
			// Used only with a client secret; hidden (and so reset to its default) without one, which changes nothing.
			displayOptions: { show: { jwtSource: ['sign'], clientSecret: [{ _cnd: { exists: true } }] } },
		},
		httpRequestNotice,
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => await authenticateJwt(credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.payApiUrl}}',
			url: '/documents',
			qs: { limit: 1 },
			headers: { Accept: 'application/vnd.gini.v1+json' },
			// Gini documents no redirects; following one would send the secret to wherever it points.
			disableFollowRedirect: true,
		},
		rules: credentialTestRules('jwt'),
	};
}
