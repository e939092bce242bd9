import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { INVALID_USER_IDENTIFIER, isValidUserIdentifier } from '../shared/headers';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry';
import { assertJwtSettingsUsable } from './credentialAuth';
import { readCredential } from './credentialReads';
import {
	CREDENTIAL_TYPES,
	credentialSettings,
	type AuthMode,
	type CredentialSettings,
} from './credentialSettings';
import { rememberSecrets } from './secrets';

export type { AuthMode } from './credentialSettings';

/** The transport serves the action node and the polling trigger alike. */
export type GiniContext = IExecuteFunctions | IPollFunctions;

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

function fail(ctx: GiniContext, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

export function authMode(ctx: GiniContext): AuthMode {
	const mode = ctx.getNodeParameter('authentication', 0) as string;
	if (mode === 'basic' || mode === 'jwt' || mode === 'userCenter') return mode;
	throw new NodeOperationError(ctx.getNode(), `Unknown authentication "${mode}"`);
}

/**
 * Reads (once per execution, unless the credential holds expressions: transport/credentialReads.ts) and validates
 * the credential for one item, before any request is sent: unsafe URLs, an unusable key
 * or an expired static JWT stop here with an error that names the item.
 */
export async function openSession(
	ctx: GiniContext,
	itemIndex: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<GiniSession> {
	const mode = authMode(ctx);
	const credentialType = CREDENTIAL_TYPES[mode];
	const credentials = await readCredential(ctx, credentialType, itemIndex);
	let settings: CredentialSettings;
	try {
		settings = credentialSettings(mode, credentials);
	} catch (error) {
		fail(ctx, itemIndex, (error as Error).message, 'Check the base URLs in the Gini credential.');
	}
	if (settings.mode === 'jwt') {
		try {
			assertJwtSettingsUsable(settings);
		} catch (error) {
			fail(ctx, itemIndex, (error as Error).message, 'Check the Gini JWT credential.');
		}
	}
	return {
		mode,
		credentialType,
		credentials,
		settings,
		payApiUrl: settings.payApiUrl,
		...(settings.mode === 'userCenter' ? { userCenterUrl: settings.userCenterUrl } : {}),
		itemIndex,
		policy,
	};
}

/**
 * The user an item acts for: the item's own user when the override names one, else the credential's default user.
 * The override names a user or nothing: the caller has already refused fields that were set but came out empty.
 */
export function resolveUser(
	ctx: GiniContext,
	session: GiniSession,
	override: UserOverride,
): GiniUser {
	const { settings, itemIndex } = session;
	if (settings.mode === 'userCenter') {
		const ownUser = Boolean(override.email?.trim());
		const email = ownUser ? String(override.email).trim() : settings.userEmail;
		const password = ownUser ? (override.password ?? '') : settings.userPassword;
		if (!email || !password) {
			fail(
				ctx,
				itemIndex,
				'No anonymous user to act for',
				'Set "User E-Mail" and "User Password" in this node, or "Default User E-Mail" and "Default User Password" in the Gini User Center credential. Create a user with User > Create.',
			);
		}
		// Whichever password the item acts with never comes back in an error (transport/secrets.ts).
		rememberSecrets(session, password);
		return { kind: 'anonymous', email, password };
	}
	if (settings.mode === 'jwt' && settings.jwtSource === 'static') {
		if (override.userIdentifier?.trim()) {
			fail(
				ctx,
				itemIndex,
				'A static JWT names its user itself; a user identifier per item needs a credential that signs JWTs',
			);
		}
		return { kind: 'derived', identifier: '' };
	}
	const identifier = (override.userIdentifier ?? '').trim() || settings.userIdentifier;
	if (!identifier) {
		fail(
			ctx,
			itemIndex,
			'No user to act for',
			'Set "User Identifier" in this node, or "Default User Identifier" in the Gini credential.',
		);
	}
	if (!isValidUserIdentifier(identifier)) {
		fail(
			ctx,
			itemIndex,
			INVALID_USER_IDENTIFIER,
			'Gini sends it in the X-User-Identifier header; use e.g. a hash of your internal user ID.',
		);
	}
	return { kind: 'derived', identifier };
}

export function userLabel(user: GiniUser): string {
	return user.kind === 'anonymous' ? user.email : user.identifier;
}
