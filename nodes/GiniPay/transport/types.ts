import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { RetryPolicy } from '../shared/retry';
import type { AuthMode, CredentialSettings } from './credentialSettings';

export type { AuthMode } from './credentialSettings';

/** The transport serves the action node, the polling trigger and the node's list search in the editor alike. */
export type GiniContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** A derived user (Basic or JWT modes) or an anonymous User Center user. */
export type GiniUser =
	| { kind: 'derived'; identifier: string }
	| { kind: 'anonymous'; email: string; password: string };

/** Everything the transport needs to act for one item: the credential, its URLs and the user. */
export interface GiniSession {
	mode: AuthMode;
	credentialType: string;
	/** The credential's data as n8n decrypted it: handed back to n8n with each request, read only as `settings`. */
	credentials: ICredentialDataDecryptedObject;
	/** The credential's fields, read once (credentialSettings.ts). */
	settings: CredentialSettings;
	payApiUrl: string;
	userCenterUrl?: string;
	itemIndex: number;
	/** Retries and per-attempt timeout for every request of this item. */
	policy: RetryPolicy;
}

export interface UserOverride {
	userIdentifier?: string;
	email?: string;
	password?: string;
}
