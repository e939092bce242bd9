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
				'For a backend that vouches for its own users with signed tokens (a JWT per request), set up with Gini beforehand: Gini has your public key (your JWKS), your issuer and the claim names. Token Source: choose "Signed Here With Your Private Key" for a workflow that serves many users (n8n signs a short-lived token per request and user); choose "A Token Issued Elsewhere" only to paste one token your system issued, for one user until it expires. Without a JWT set-up at Gini, use the Client ID and Secret credential instead.',
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
				'For a backend that vouches for its own users: every request carries a signed token (a JWT, sent as X-JWT-Authorization). Gini checks the signature with the public key you published to it (your JWKS) and reads the user from the claims agreed for your client.',
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
				'PEM (PKCS#8, PKCS#1 or SEC1, not passphrase-protected) or a private JWK as JSON. Gini must know its public key (published as your JWKS).',
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
			description: 'The name of the key in the key list you gave Gini (the "kid" in your JWKS)',
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
			description:
				'Put into the client secret claim only if Gini configured your client to expect it',
		},
		{
			displayName: 'Default User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			displayOptions: signing,
			description:
				'The end user when an item names none, put into the user identifier claim, and the one the credential test checks the client with (Gini creates it on first use). Printable ASCII only.',
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
