import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry';
import { assertJwtSettingsUsable } from './authenticate';
import { readCredential } from './credentialCache';
import {
	CREDENTIAL_TYPES,
	credentialSettings,
	type AuthMode,
	type CredentialSettings,
} from './credentialSettings';
import type { GiniContext, GiniSession } from './types';

function fail(ctx: GiniContext, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

/**
 * Reads (once per execution, unless the credential holds expressions: transport/credentialCache.ts) and validates
 * the credential for one item, before any request is sent: unsafe URLs, an unusable key
 * or an expired static JWT stop here with an error that names the item.
 */
export async function openSession(
	ctx: GiniContext,
	mode: AuthMode,
	itemIndex: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<GiniSession> {
	const credentialType = CREDENTIAL_TYPES[mode];
	const credentials = await readCredential(ctx, credentialType, itemIndex);
	let settings: CredentialSettings;
	try {
		settings = credentialSettings(mode, credentials);
	} catch (error) {
		fail(
			ctx,
			itemIndex,
			(error as Error).message,
			"Check 'Pay API Base URL' and 'User Center Base URL' in the Gini credential.",
		);
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
