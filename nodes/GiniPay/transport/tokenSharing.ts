import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	BASE_BACKOFF_MS,
	MAX_BACKOFF_MS,
	isTransientStatus,
	type RetryPolicy,
} from '../shared/retry';
import {
	sharedTokenCache,
	type CachedToken,
	type TokenGrant,
	type TokenLookup,
} from '../shared/tokenCache';
import { giniApiError, type GiniApi, type GiniResponse, type PlainRefusal } from './request';
import { shareSecrets } from './secrets';
import type { GiniContext, GiniSession } from './types';

/**
 * A token acquisition is shared by every caller that needs the same token at the same time: items of one execution,
 * and other executions of this process (shared/tokenCache.ts). So the acquisition must not belong to whoever started
 * it: it runs with a timeout of at least the default one, each caller waits for it only as long as its own Request
 * Timeout and Max Retries allow, each caller's error names its own node and item, and when the execution that
 * started it is stopped (which cancels that execution's requests), the callers that joined it acquire the token
 * themselves. A caller whose own execution is stopped stops waiting at once.
 */

/** The shortest per-attempt timeout of a shared acquisition: one caller's short timeout does not fail the others. */
const SHARED_TIMEOUT_FLOOR_MS = 60_000;

/** Gini refused to hand out a token: an answer, which each caller turns into its own NodeApiError. */
export class TokenRefusal extends Error {
	constructor(
		readonly api: GiniApi,
		readonly action: string,
		readonly response: GiniResponse,
		readonly plain?: PlainRefusal,
	) {
		super(`${action} failed with ${response.statusCode}`);
	}
}

/**
 * The signal n8n aborts when the execution `ctx` belongs to is stopped: n8n-core's `httpRequestWithAuthentication`
 * gives every request of the execution that signal, so its requests fail then (axios's ERR_CANCELED), whatever Gini
 * would have answered. A poll has none.
 */
function cancelSignalOf(ctx: GiniContext): AbortSignal | undefined {
	const { getExecutionCancelSignal } = ctx as Partial<
		Pick<IExecuteFunctions, 'getExecutionCancelSignal'>
	>;
	return typeof getExecutionCancelSignal === 'function'
		? getExecutionCancelSignal.call(ctx)
		: undefined;
}

function executionStopped(ctx: GiniContext): boolean {
	return cancelSignalOf(ctx)?.aborted === true;
}

function stoppedError(ctx: GiniContext, session: GiniSession): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		'The execution was stopped while it waited for a Gini token',
		{
			itemIndex: session.itemIndex,
		},
	);
}

/** Rejects when the execution is stopped, until `done` aborts; never settles for a poll. */
async function whenStopped(
	ctx: GiniContext,
	session: GiniSession,
	done: AbortSignal,
): Promise<never> {
	const signal = cancelSignalOf(ctx);
	return await new Promise<never>((_, reject) => {
		signal?.addEventListener('abort', () => reject(stoppedError(ctx, session)), {
			once: true,
			signal: done,
		});
	});
}

/** A failed shared acquisition, with the terms it ran under. */
class AcquisitionFailure extends Error {
	constructor(
		readonly policy: RetryPolicy,
		readonly failure: unknown,
		/** The execution that started it was stopped by then: the failure says nothing about Gini. */
		readonly starterStopped: boolean,
	) {
		super(failure instanceof Error ? failure.message : 'The token acquisition failed');
	}
}

/** How long a caller would have spent acquiring the token itself: every attempt timing out, with the backoffs between. */
function waitBudget(policy: RetryPolicy): number {
	let budget = policy.timeoutMs * (policy.maxRetries + 1);
	for (let retry = 0; retry < policy.maxRetries; retry++) {
		budget += Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** retry);
	}
	return budget;
}

function timedOut(ctx: GiniContext, session: GiniSession, url: string): NodeApiError {
	const message = `Gini at ${new URL(url).origin} did not answer within ${Math.round(session.policy.timeoutMs / 1000)} s`;
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message,
		description:
			"No token arrived in time (the login may have been started by another execution for the same user). Raise 'Request Timeout (Seconds)' in 'Request Options', or try again later.",
		itemIndex: session.itemIndex,
	});
}

/** The caller's own error for a failed acquisition: its node, its item. */
function ownError(ctx: GiniContext, session: GiniSession, error: unknown): unknown {
	if (!(error instanceof AcquisitionFailure)) return error;
	const { failure } = error;
	if (failure instanceof TokenRefusal) {
		return giniApiError(ctx, session, failure.api, failure.action, failure.response, failure.plain);
	}
	if (failure instanceof NodeApiError) {
		return new NodeApiError(ctx.getNode(), { message: failure.message } as JsonObject, {
			message: failure.message,
			description: failure.description ?? undefined,
			httpCode: failure.httpCode ?? undefined,
			itemIndex: session.itemIndex,
		});
	}
	if (failure instanceof NodeOperationError) {
		return new NodeOperationError(ctx.getNode(), failure.message, {
			description: failure.description ?? undefined,
			itemIndex: session.itemIndex,
		});
	}
	return failure;
}

/**
 * A shared acquisition this caller joined has failed. When the execution that started it was stopped, or it failed in
 * a way this caller's own terms might have overcome (a transient answer or a network failure, under fewer retries or
 * a shorter timeout than this caller has), the caller tries itself (unless it was stopped too); otherwise it fails
 * the same way, with its own error.
 */
function afterJoinedFailure(ctx: GiniContext, session: GiniSession, error: unknown): unknown {
	if (!(error instanceof AcquisitionFailure)) return error;
	if (error.starterStopped && !executionStopped(ctx)) return 'retry';
	const own = session.policy;
	const moreLeeway =
		own.maxRetries > error.policy.maxRetries || own.timeoutMs > error.policy.timeoutMs;
	const transient =
		!(error.failure instanceof TokenRefusal) ||
		isTransientStatus(error.failure.response.statusCode);
	return moreLeeway && transient ? 'retry' : ownError(ctx, session, error);
}

/**
 * Gets the token under `key` from the shared cache, acquiring it with `fetch` when needed. `fetch` gets a session
 * with the shared terms and throws a TokenRefusal when Gini refuses. `url` is where the token comes from.
 */
export async function sharedToken(
	ctx: GiniContext,
	session: GiniSession,
	key: string,
	url: string,
	fetch: (shared: GiniSession, previous: CachedToken | undefined) => Promise<TokenGrant>,
	options: { forceNew?: boolean } = {},
): Promise<TokenLookup> {
	// A stopped execution starts no login and joins none.
	if (executionStopped(ctx)) throw stoppedError(ctx, session);
	const stopWaiting = new AbortController();
	// This caller stops waiting at its own timeout, or at once when its execution is stopped.
	const deadline = Promise.race([
		sleep(waitBudget(session.policy), stopWaiting.signal).then(() => {
			throw timedOut(ctx, session, url);
		}),
		whenStopped(ctx, session, stopWaiting.signal),
	]);
	// Rejects with the abort once this caller is done: nobody waits for it then.
	void deadline.catch(() => {});
	const shared: GiniSession = {
		...session,
		policy: {
			...session.policy,
			timeoutMs: Math.max(session.policy.timeoutMs, SHARED_TIMEOUT_FLOOR_MS),
		},
	};
	// What the acquisition sends (a password, a refresh token) is redacted from this caller's errors too.
	shareSecrets(session, shared);
	try {
		return await sharedTokenCache.get(
			key,
			async (previous) => {
				const outcome = await fetch(shared, previous).then(
					(grant) => ({ grant }),
					(failure: unknown) => ({ failure }),
				);
				// Tagged with the terms it ran under, for the callers that joined it (afterJoinedFailure). `ctx` is the
				// starting caller's: only the caller that starts an acquisition runs this function.
				if ('failure' in outcome) {
					throw new AcquisitionFailure(shared.policy, outcome.failure, executionStopped(ctx));
				}
				return outcome.grant;
			},
			{
				forceNew: options.forceNew,
				deadline,
				onJoinedFailure: (error) => afterJoinedFailure(ctx, session, error),
			},
		);
	} catch (error) {
		throw ownError(ctx, session, error);
	} finally {
		stopWaiting.abort();
	}
}
