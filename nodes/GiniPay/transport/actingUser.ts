import { NodeOperationError } from 'n8n-workflow';

import { INVALID_USER_IDENTIFIER, isValidUserIdentifier } from '../shared/headers';
import { rememberSecrets } from './secrets';
import type { GiniContext, GiniSession, GiniUser, UserOverride } from './types';

function fail(ctx: GiniContext, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
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
				"Set 'User E-Mail' and 'User Password' in this node, or 'Default User E-Mail' and 'Default User Password' in the Gini User Center credential. Create a user with User > Create.",
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
				"A token issued elsewhere names its user itself; 'User Identifier' needs a JWT credential with 'Signed Here With Your Private Key'",
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
			"Set 'User Identifier' in this node, or 'Default User Identifier' in the Gini credential.",
		);
	}
	if (!isValidUserIdentifier(identifier)) {
		fail(
			ctx,
			itemIndex,
			INVALID_USER_IDENTIFIER,
			"Give 'User Identifier' (or the credential's 'Default User Identifier') a plain name for the end user, e.g. a hash of your customer number.",
		);
	}
	return { kind: 'derived', identifier };
}

export function userLabel(user: GiniUser): string {
	return user.kind === 'anonymous' ? user.email : user.identifier;
}
