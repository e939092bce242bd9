import type { TokenLookup } from '../shared/tokenCache';
import { anonymousUserToken, derivedUserLoginToken } from '../transport/tokens';
import type { GiniContext, GiniSession, GiniUser } from '../transport';

/**
 * A user token to hand to an untrusted device (docs/gini-api.md §2, flows 2-4): Pay API `/login` for a derived user,
 * User Center password grant for an anonymous one, through the shared token cache (`forceNew` replaces a cached one).
 */
export async function userToken(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	options: { forceNew?: boolean },
): Promise<TokenLookup> {
	return user.kind === 'anonymous'
		? await anonymousUserToken(ctx, session, user, options)
		: await derivedUserLoginToken(ctx, session, user, options);
}
