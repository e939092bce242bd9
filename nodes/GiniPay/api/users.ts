import type { IDataObject } from 'n8n-workflow';

import { USER_LINK, linkedId, resourceUrl } from '../shared/links';
import {
	locationOf,
	rememberSecrets,
	userCenterRequest,
	type GiniContext,
	type GiniSession,
} from '../transport';

/** A user the User Center created: its ID and URL when its Location names one, else the Location as sent. */
export interface CreatedUser {
	id: string | undefined;
	location: string | undefined;
}

/** Creates an anonymous user in the User Center with the client token (docs/gini-api.md §3.4). */
export async function createUser(
	ctx: GiniContext,
	session: GiniSession,
	email: string,
	password: string,
): Promise<CreatedUser> {
	// The new user's password (given or generated) never comes back in an error, even when the User Center quotes it.
	rememberSecrets(session, password);
	const response = await userCenterRequest(
		ctx,
		session,
		{
			method: 'POST',
			url: `${session.userCenterUrl}/api/users`,
			headers: { 'Content-Type': 'application/json' },
			body: { email, password },
			expect: 'created',
		},
		'Creating the user',
	);
	// The Location is rebased on the configured User Center by its path (shared/links.ts), as Gini's SDKs do.
	const location = locationOf(response);
	const id = location === undefined ? undefined : linkedId(location, USER_LINK);
	return {
		id,
		location: id === undefined ? location : resourceUrl(session.userCenterUrl ?? '', USER_LINK, id),
	};
}

/** An anonymous user's ID and e-mail from the User Center (docs/gini-api.md §3.5). */
export async function getUser(
	ctx: GiniContext,
	session: GiniSession,
	id: string,
): Promise<IDataObject> {
	const response = await userCenterRequest(
		ctx,
		session,
		{ method: 'GET', url: resourceUrl(session.userCenterUrl ?? '', USER_LINK, id), expect: 'user' },
		'Reading the user',
	);
	return response.body as IDataObject;
}
