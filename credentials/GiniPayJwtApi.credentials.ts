import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { credentialTestRules } from '../nodes/GiniPay/shared/credentialTests';
import { authenticateJwt } from '../nodes/GiniPay/transport/credentialAuth';

const signing = { show: { jwtSource: ['sign'] } };

export class GiniPayJwtApi implements ICredentialType {
	name = 'giniPayJwtApi';

	displayName = 'Gini Pay API (JWT) API';

	icon: Icon = { light: 'file:giniPay.svg', dark: 'file:giniPay.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-gini-pay/n8n-nodes-gini-pay#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'For a trusted backend acting as identity provider: requests carry a JWT in X-JWT-Authorization. Gini verifies it with the JWKS you publish and the claim names configured for your client.',
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
					name: 'Sign JWTs in N8n',
					value: 'sign',
					description: 'N8n signs a short-lived JWT per user with your private key',
				},
				{
					name: 'Static JWT',
					value: 'static',
					description: 'Use a JWT issued elsewhere (one user, until it expires)',
				},
			],
			default: 'sign',
		},
		{
			displayName: 'Static JWT',
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
				'PEM (PKCS#8, PKCS#1 or SEC1, not passphrase-protected) or a private JWK as JSON. Gini must know its public key through your JWKS.',
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
			description: 'The "kid" of the key in your JWKS',
		},
		{
			displayName: 'Issuer',
			name: 'issuer',
			type: 'string',
			default: '',
			required: true,
			displayOptions: signing,
			description: 'The "iss" claim Gini trusts for your client',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: '',
			displayOptions: signing,
			description: 'Optional "aud" claim',
		},
		{
			displayName: 'Token Lifetime (Seconds)',
			name: 'lifetimeSeconds',
			type: 'number',
			typeOptions: { minValue: 30, maxValue: 86400 },
			default: 300,
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
			description: 'Put into the client secret claim only if Gini configured your client to expect it',
		},
		{
			displayName: 'Default User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			displayOptions: signing,
			description:
				'Put into the user identifier claim when the node\'s User Identifier field is empty, and used by the credential test (Gini creates the user on first use). Printable ASCII only.',
		},
		{
			displayName: 'User Identifier Claim',
			name: 'userIdentifierClaim',
			type: 'string',
			default: 'x-user-identifier',
			displayOptions: signing,
		},
		{
			displayName: 'Client ID Claim',
			name: 'clientIdClaim',
			type: 'string',
			default: 'x-client-id',
			displayOptions: signing,
		},
		{
			displayName: 'Client Secret Claim',
			name: 'clientCredentialClaim',
			type: 'string',
			default: 'x-client-secret',
			displayOptions: signing,
		},
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
