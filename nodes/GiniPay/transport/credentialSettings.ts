import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { JwtAlgorithm } from '../shared/jwt';
import { normalizeBaseUrl } from '../shared/urls';

/*
 * The one place that reads a credential's data: each credential type's fields, read once into a typed settings
 * object (credentials/*.credentials.ts declare them). Everything else (the session, the tokens, the credentials'
 * `authenticate`, the redaction of secrets) works with these settings, never with the raw data.
 */

export type AuthMode = 'basic' | 'jwt' | 'userCenter';

/** The credential type of each value of the node's Authentication field. */
export const CREDENTIAL_TYPES: Record<AuthMode, string> = {
	basic: 'giniPayBasicApi',
	jwt: 'giniPayJwtApi',
	userCenter: 'giniUserCenterApi',
};

interface ClientSettings {
	/** The Pay API base URL, validated (shared/urls.ts) and without a trailing slash. */
	payApiUrl: string;
	clientId: string;
	clientSecret: string;
	/** Every secret value of the credential, and the Basic header value made of them: never shown in an error. */
	secrets: readonly string[];
}

/** giniPayBasicApi: client credentials and the default derived user (docs/gini-api.md §2.1). */
export interface BasicSettings extends ClientSettings {
	mode: 'basic';
	userIdentifier: string;
}

/** giniPayJwtApi: a static JWT, or the key and claims to sign one per user (docs/gini-api.md §2.2). */
export interface JwtSettings extends ClientSettings {
	mode: 'jwt';
	jwtSource: 'sign' | 'static';
	staticToken: string;
	privateKey: string;
	algorithm: JwtAlgorithm;
	keyId: string;
	issuer: string;
	audience: string;
	lifetimeSeconds: number;
	userIdentifier: string;
	userIdentifierClaim: string;
	clientIdClaim: string;
	clientCredentialClaim: string;
}

/** giniUserCenterApi: client credentials for the User Center and the default anonymous user (docs/gini-api.md §3). */
export interface UserCenterSettings extends ClientSettings {
	mode: 'userCenter';
	/** The User Center base URL, validated like the Pay API's. */
	userCenterUrl: string;
	userEmail: string;
	userPassword: string;
}

export type CredentialSettings = BasicSettings | JwtSettings | UserCenterSettings;

/** Credential fields that hold secrets (see credentials/*.credentials.ts). */
const SECRET_FIELD = /secret|password|token|key|jwt/i;

/** A text field, trimmed; an expression may yield a number, which counts as its digits. */
function text(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/** A secret as typed: never trimmed. */
function secret(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function secretsOf(data: ICredentialDataDecryptedObject): string[] {
	const secrets = Object.entries(data)
		.filter(
			([name, value]) => SECRET_FIELD.test(name) && !/id$/i.test(name) && typeof value === 'string',
		)
		.map(([, value]) => value as string);
	const clientSecret = secret(data.clientSecret);
	if (clientSecret) {
		// As the credential sends it (authenticate.ts): the client ID trimmed, the secret as typed.
		const basic = `${text(data.clientId)}:${clientSecret}`;
		secrets.push(Buffer.from(basic).toString('base64'), basic);
	}
	return secrets;
}

function clientSettings(data: ICredentialDataDecryptedObject): ClientSettings {
	return {
		payApiUrl: normalizeBaseUrl(data.payApiUrl, 'Pay API Base URL'),
		clientId: text(data.clientId),
		clientSecret: secret(data.clientSecret),
		secrets: Object.freeze(secretsOf(data)),
	};
}

function readSettings(mode: AuthMode, data: ICredentialDataDecryptedObject): CredentialSettings {
	if (mode === 'basic') {
		return { mode, ...clientSettings(data), userIdentifier: text(data.userIdentifier) };
	}
	if (mode === 'userCenter') {
		return {
			mode,
			...clientSettings(data),
			userCenterUrl: normalizeBaseUrl(data.userCenterUrl, 'User Center Base URL'),
			userEmail: text(data.userEmail),
			userPassword: secret(data.userPassword),
		};
	}
	return {
		mode,
		...clientSettings(data),
		jwtSource: data.jwtSource === 'static' ? 'static' : 'sign',
		staticToken: text(data.staticToken).replace(/^bearer\s+/i, ''),
		privateKey: secret(data.privateKey),
		algorithm: (text(data.algorithm) || 'RS256') as JwtAlgorithm,
		keyId: text(data.keyId),
		issuer: text(data.issuer),
		audience: text(data.audience),
		lifetimeSeconds: Number(data.lifetimeSeconds) || 300,
		userIdentifier: text(data.userIdentifier),
		userIdentifierClaim: text(data.userIdentifierClaim) || 'x-user-identifier',
		clientIdClaim: text(data.clientIdClaim) || 'x-client-id',
		clientCredentialClaim: text(data.clientCredentialClaim) || 'x-client-secret',
	};
}

/**
 * Settings per credential object. The node reads a credential once per execution (transport/credentialCache.ts) and
 * n8n hands that same object to `authenticate` for every request, so the settings (and what is derived from them,
 * such as the JWT cache keys) are worked out once per execution, not per request.
 */
const settingsOf = new WeakMap<ICredentialDataDecryptedObject, Map<AuthMode, CredentialSettings>>();

/**
 * The credential's settings for the node's authentication mode. Throws (shared/urls.ts UnsafeUrlError) when a base
 * URL is empty or unsafe: nothing is sent then.
 */
export function credentialSettings(
	mode: 'basic',
	data: ICredentialDataDecryptedObject,
): BasicSettings;
export function credentialSettings(mode: 'jwt', data: ICredentialDataDecryptedObject): JwtSettings;
export function credentialSettings(
	mode: 'userCenter',
	data: ICredentialDataDecryptedObject,
): UserCenterSettings;
export function credentialSettings(
	mode: AuthMode,
	data: ICredentialDataDecryptedObject,
): CredentialSettings;
export function credentialSettings(
	mode: AuthMode,
	data: ICredentialDataDecryptedObject,
): CredentialSettings {
	let byMode = settingsOf.get(data);
	if (!byMode) settingsOf.set(data, (byMode = new Map()));
	let settings = byMode.get(mode);
	if (!settings) {
		settings = Object.freeze(readSettings(mode, data));
		byMode.set(mode, settings);
	}
	return settings;
}
