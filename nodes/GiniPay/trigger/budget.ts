import type { IPollFunctions } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry';

/**
 * n8n's time budget for one poll. Since n8n 2.41 a poll function can ask `getPollBudgetMs()`:
 * "Milliseconds this poll may spend before the engine abandons the tick. A node draining a large
 * backlog should stop fetching before the budget runs out, return what it has, and leave the rest to
 * the next poll" (IPollFunctions in n8n-workflow's interfaces.d.ts). n8n-core's PollContext answers
 * 5 minutes unless the engine says otherwise; a poll gets no abort signal.
 */
export const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

/** New requests start only in the first half of the budget. */
const START_SHARE = 1 / 2;
/**
 * Listing pages start only in the first quarter: the second quarter is kept for reading and
 * emitting what was listed, so that every poll emits part of a backlog however slowly Gini lists.
 * The first page is always read (api/listing.ts).
 */
const LIST_SHARE = 1 / 4;
/**
 * A request started in time also ends in time: three attempts of an eighth of the budget each, plus
 * backoffs of at most 1.5 s, end within 7/8 of it. (A Retry-After from Gini is honoured up to
 * MAX_RETRY_AFTER_MS, shared/retry.ts, and can still run past it.)
 */
const ATTEMPT_SHARE = 1 / 8;
const RETRIES = 2;
const MIN_ATTEMPT_MS = 1000;

export interface PollBudget {
	/** Retries and per-attempt timeout for every request of the poll. */
	policy: RetryPolicy;
	/** Whether the time to start requests is over: what is left waits for the next poll. */
	isOver(): boolean;
	/** Whether the time to list is over: the listing goes on in the next poll. */
	isListingOver(): boolean;
}

function budgetMsOf(ctx: IPollFunctions): number {
	// Older n8n versions (the package accepts any n8n-workflow) have no budget to give.
	const ask = (ctx as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	const budget = typeof ask === 'function' ? ask.call(ctx) : DEFAULT_POLL_BUDGET_MS;
	return typeof budget === 'number' && budget > 0 ? budget : DEFAULT_POLL_BUDGET_MS;
}

/** The budget of the poll that starts now. */
export function pollBudget(ctx: IPollFunctions, now: () => number = Date.now): PollBudget {
	const budget = budgetMsOf(ctx);
	const startedAt = now();
	const stopAt = startedAt + budget * START_SHARE;
	const stopListingAt = startedAt + budget * LIST_SHARE;
	const attemptMs = Math.max(MIN_ATTEMPT_MS, budget * ATTEMPT_SHARE);
	return {
		policy: {
			maxRetries: Math.min(RETRIES, DEFAULT_RETRY_POLICY.maxRetries),
			timeoutMs: Math.min(DEFAULT_RETRY_POLICY.timeoutMs, Math.round(attemptMs)),
		},
		isOver: () => now() >= stopAt,
		isListingOver: () => now() >= stopListingAt,
	};
}
