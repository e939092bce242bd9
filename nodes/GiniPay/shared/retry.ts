/**
 * When to send a request again, and after how long. Gini documents 503 for uploads and clients see 429
 * (docs/gini-api.md §5); neither says how long to wait, so a `Retry-After` header wins when present, else exponential
 * backoff with full jitter so that many n8n items do not retry in lockstep. Pure: no n8n imports.
 */

export const BASE_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 30_000;
/** A server asking for longer than this is not waited for inside one workflow step. */
export const MAX_RETRY_AFTER_MS = 120_000;

export interface RetryPolicy {
	/** Attempts after the first one. */
	maxRetries: number;
	/** Per attempt, ms. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, timeoutMs: 60_000 };

/** `Retry-After` as seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from `now`, capped. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const text = value.trim();
	let delay: number | undefined;
	if (/^\d+(\.\d+)?$/.test(text)) delay = Number(text) * 1000;
	// An HTTP-date names a day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would also read
	// "-5" or "7" as years.
	else if (/[a-z]{3}/i.test(text)) {
		const date = Date.parse(text);
		if (!Number.isNaN(date)) delay = Math.max(0, date - now);
	}
	return delay === undefined ? undefined : Math.min(delay, MAX_RETRY_AFTER_MS);
}

/**
 * The retries of one request of an item. 429, 5xx and network retries (transport/request.ts) and renewals of a
 * refused cached token (transport/index.ts) draw from it alike, so Max Retries bounds them together: one request
 * makes at most 1 + Max Retries attempts, not (1 + retries) × (1 + renewals). Token requests made on the way are
 * requests of their own, with their own budget.
 */
export class RetryBudget {
	private spent = 0;

	constructor(readonly maxRetries: number) {}

	/** Retries taken so far (the backoff grows with it). */
	get used(): number {
		return this.spent;
	}

	/** One more attempt after a 429, 5xx or network failure; false when the budget is spent. */
	take(): boolean {
		if (this.spent >= this.maxRetries) return false;
		this.spent++;
		return true;
	}

	/**
	 * One more attempt with a new token after Gini refused a cached one. Allowed once even at Max Retries 0: a token
	 * that expired or was revoked at Gini is no failure of the request, and n8n renews its own tokens that way too.
	 */
	takeRenewal(): boolean {
		if (this.spent >= Math.max(1, this.maxRetries)) return false;
		this.spent++;
		return true;
	}
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)], at least 50 ms. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt));
	return Math.max(50, Math.floor(random() * ceiling));
}

/** Statuses that mean "Gini did not do it, try later": safe to repeat even for an upload. */
export function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 503;
}

/** Statuses worth repeating for requests that are safe to repeat (reads, deletes, token requests). */
export function isTransientStatus(status: number): boolean {
	return isRetryableStatus(status) || status === 502 || status === 504;
}

export type NetworkFailure = 'refused' | 'ambiguous' | 'fatal';

/**
 * A connection that was refused never reached Gini; a reset or a timeout may have happened after Gini acted on
 * the request (the document may exist). Anything else (DNS, TLS) will not get better by retrying.
 */
export function classifyNetworkError(code: string | undefined): NetworkFailure {
	switch (code) {
		case 'ECONNREFUSED':
			return 'refused';
		case 'ECONNRESET':
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
		case 'EPIPE':
		case 'ESOCKETTIMEDOUT':
		case 'UND_ERR_SOCKET':
			return 'ambiguous';
		default:
			return 'fatal';
	}
}
