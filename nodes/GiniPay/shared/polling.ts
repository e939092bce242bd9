/**
 * When to look at a PENDING document again. Gini's SDKs poll every second for up to 60 s (docs/gini-api.md §6.2); we
 * start faster (most documents finish within seconds) and back off to spare the API on slow ones.
 */

export const FIRST_POLL_DELAY_MS = 500;
export const MAX_POLL_DELAY_MS = 5000;
const GROWTH = 1.5;

export function pollDelay(attempt: number): number {
	return Math.min(
		MAX_POLL_DELAY_MS,
		Math.round(FIRST_POLL_DELAY_MS * GROWTH ** Math.max(0, attempt)),
	);
}

/** The next delay, shortened so the last look happens right at the deadline rather than after it. */
export function nextPollDelay(attempt: number, now: number, deadline: number): number {
	return Math.max(0, Math.min(pollDelay(attempt), deadline - now));
}
