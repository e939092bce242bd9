import type { IDataObject } from 'n8n-workflow';

import {
	payApiRequest,
	type AnswerShape,
	type GiniContext,
	type GiniRequest,
	type GiniSession,
	type GiniUser,
} from '../transport';

/**
 * A GET on the Pay API for `user` whose answer is the JSON object `expect` names (the transport checks the shape and
 * fails with what came back otherwise). `action` says what the read is for, in error messages.
 */
export async function readPayApi(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
	expect: AnswerShape,
	action: string,
	onThrottle?: GiniRequest['onThrottle'],
): Promise<IDataObject> {
	const response = await payApiRequest(
		ctx,
		session,
		user,
		{ method: 'GET', url, expect, onThrottle },
		action,
	);
	return (response.body ?? {}) as IDataObject;
}
