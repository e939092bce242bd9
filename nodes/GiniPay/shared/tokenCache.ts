import { createHash } from 'node:crypto';

/**
 * A per-process cache of Gini tokens: user tokens (Pay API `/login`, User Center password grant), client tokens
 * (User Center client_credentials) and the JWTs the node signs itself.
 *
 * Why not n8n's `preAuthentication`: it keeps one token per credential, never looks at an expiry, and lets
 * concurrent requests each fetch a token (docs/n8n-notes.md §3.2). Gini hands out one token per *user*, tokens
 * expire (43199 s by default, docs/gini-api.md §3.1), and parallel first uploads must not log in twice (Gini's own
 * Android SDK serialises this with a mutex, docs/gini-api.md §6.1).
 *
 * This module knows nothing about n8n: callers pass a key and an `acquire` function.
 */

export interface TokenGrant {
	accessToken: string;
	/**
	 * Seconds the token is valid from now, as Gini's `expires_in`; undefined when the answer did not say (then
	 * tokenLifetimeSeconds decides).
	 */
	expiresInSeconds: number | undefined;
	tokenType?: string;
	refreshToken?: string;
}

export interface CachedToken {
	accessToken: string;
	tokenType: string;
	refreshToken?: string;
	/** ms epoch */
	obtainedAt: number;
	/** ms epoch */
	expiresAt: number;
}

export interface TokenLookup {
	token: CachedToken;
	/** true when no acquisition was made for this call (a cached token, or one acquired by a concurrent caller). */
	fromCache: boolean;
}

/**
 * Acquires a new token. `previous` is the entry being replaced (expired, about to expire or forced out), so the
 * caller can use its refresh token before falling back to a fresh login.
 */
export type AcquireToken = (previous: CachedToken | undefined) => Promise<TokenGrant>;

export interface TokenRequestOptions {
	forceNew?: boolean;
	/**
	 * Rejects (with this caller's own error) when this caller stops waiting for a token: its own timeout. The shared
	 * acquisition is not cancelled, so that the other callers still get its token.
	 */
	deadline?: Promise<never>;
	/**
	 * A shared acquisition this caller joined, but did not start, failed: return 'retry' to acquire under this
	 * caller's own terms, or the error this caller throws. Default: the acquisition's error.
	 */
	onJoinedFailure?: (failure: unknown) => unknown;
}

export interface TokenCacheOptions {
	maxEntries?: number;
	now?: () => number;
}

/**
 * The lifetime assumed for a token whose answer has no `expires_in` and which is no JWT with an `exp`: Gini's /login
 * example is cut off before any expiry (docs/gini-api.md §2.3). Short enough that a token Gini ends sooner is rarely used
 * after its end; should it be, the 401 renewal of the transport gets a new one.
 */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/** The `exp` (seconds since the epoch) of a JWT-shaped token, read without verifying it; undefined otherwise. */
export function jwtExpiry(token: string): number | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || !/^[\w-]+$/.test(parts[1])) return undefined;
	try {
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
		const exp =
			typeof payload === 'object' && payload !== null
				? (payload as { exp?: unknown }).exp
				: undefined;
		return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
	} catch {
		return undefined;
	}
}

/**
 * How long to keep a token, in seconds from `now` (ms): Gini's `expires_in` when given; else the token's own `exp`
 * when it is a JWT whose `exp` lies ahead (only read, never trusted for anything else); else
 * DEFAULT_TOKEN_LIFETIME_SECONDS. Never 0 for want of an answer, which would log in again on every call.
 */
export function tokenLifetimeSeconds(grant: TokenGrant, now: number): number {
	if (grant.expiresInSeconds !== undefined && Number.isFinite(grant.expiresInSeconds)) {
		return Math.max(0, grant.expiresInSeconds);
	}
	const exp = jwtExpiry(grant.accessToken);
	if (exp !== undefined && exp * 1000 > now) return (exp * 1000 - now) / 1000;
	return DEFAULT_TOKEN_LIFETIME_SECONDS;
}

const MIN_RENEWAL_MARGIN_MS = 60_000;
const RENEWAL_SHARE = 0.1;

/** A token is renewed when less than max(60 s, 10 % of its lifetime) remains. */
export function needsRenewal(token: CachedToken, now: number): boolean {
	const lifetime = token.expiresAt - token.obtainedAt;
	const margin = Math.max(MIN_RENEWAL_MARGIN_MS, lifetime * RENEWAL_SHARE);
	return token.expiresAt - now < margin;
}

/** sha256 hex of a secret: cache keys change when a secret changes, without holding the secret itself. */
export function fingerprint(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Builds a cache key from named parts. Every part that distinguishes one token from another must be given
 * (mode, base URLs, client id, secret fingerprint, user); parts are hashed so the key holds no secret.
 */
export function tokenCacheKey(parts: Record<string, string | undefined>): string {
	const canonical = JSON.stringify(
		Object.keys(parts)
			.sort()
			.map((name) => [name, parts[name] ?? '']),
	);
	return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export class TokenCache {
	private readonly entries = new Map<string, CachedToken>();

	private readonly inFlight = new Map<string, Promise<CachedToken>>();

	private readonly maxEntries: number;

	private readonly now: () => number;

	/** Number of acquisitions started (one per single-flight group). */
	acquisitions = 0;

	private readonly storeListeners = new Set<(token: CachedToken) => void>();

	constructor(options: TokenCacheOptions = {}) {
		this.maxEntries = options.maxEntries ?? 1000;
		// Read the clock on each call (not a captured Date.now), so that a replaced clock is honoured.
		this.now = options.now ?? (() => Date.now());
	}

	get size(): number {
		return this.entries.size;
	}

	/**
	 * Returns a usable token for `key`, acquiring one when there is none, when it is about to expire, or when
	 * `forceNew` is set. Concurrent calls for the same key share one acquisition; each caller waits for it on its own
	 * terms (`deadline`), and the acquisition goes on for the others when one caller stops waiting.
	 */
	async get(
		key: string,
		acquire: AcquireToken,
		options: TokenRequestOptions = {},
	): Promise<TokenLookup> {
		for (;;) {
			const pending = this.inFlight.get(key);
			if (pending) {
				const outcome = await this.wait(pending, options.deadline);
				if ('token' in outcome) return { token: outcome.token, fromCache: true };
				const next = options.onJoinedFailure
					? options.onJoinedFailure(outcome.failure)
					: outcome.failure;
				if (next === 'retry') continue;
				throw next;
			}

			const cached = this.entries.get(key);
			const now = this.now();
			if (cached && !options.forceNew && !needsRenewal(cached, now)) {
				this.touch(key, cached);
				return { token: cached, fromCache: true };
			}

			const outcome = await this.wait(this.start(key, acquire, cached), options.deadline);
			if ('token' in outcome) return { token: outcome.token, fromCache: false };
			throw outcome.failure;
		}
	}

	/**
	 * Calls `listener` with each token the cache stores from now on (an acquisition or a renewal), until the returned
	 * function is called. For observers such as a test's scan for leaked tokens; a listener that throws does not
	 * disturb the cache.
	 */
	onStore(listener: (token: CachedToken) => void): () => void {
		this.storeListeners.add(listener);
		return () => {
			this.storeListeners.delete(listener);
		};
	}

	/** The cached entry, if any, without acquiring or renewing. */
	peek(key: string): CachedToken | undefined {
		return this.entries.get(key);
	}

	/**
	 * Drops the entry for `key`. With `accessToken`, drops it only if it still holds that token, so that a caller
	 * who saw a 401 for an old token does not throw away the fresh one another caller already acquired.
	 */
	invalidate(key: string, accessToken?: string): void {
		const cached = this.entries.get(key);
		if (!cached) return;
		if (accessToken === undefined || cached.accessToken === accessToken) this.entries.delete(key);
	}

	clear(): void {
		this.entries.clear();
	}

	/** Starts a shared acquisition; it leaves the in-flight map when it settles, whoever still waits for it. */
	private start(
		key: string,
		acquire: AcquireToken,
		previous: CachedToken | undefined,
	): Promise<CachedToken> {
		const acquisition = this.acquire(key, acquire, previous);
		this.inFlight.set(key, acquisition);
		// Registered before any waiter's handler, so a waiter that retries after a failure finds the key free. Also
		// handles the rejection when every caller has stopped waiting.
		const settle = () => {
			if (this.inFlight.get(key) === acquisition) this.inFlight.delete(key);
		};
		void acquisition.then(settle, settle);
		return acquisition;
	}

	/** The acquisition's outcome, or the caller's deadline rejecting first. */
	private async wait(
		acquisition: Promise<CachedToken>,
		deadline: Promise<never> | undefined,
	): Promise<{ token: CachedToken } | { failure: unknown }> {
		const outcome = acquisition.then(
			(token) => ({ token }),
			(failure: unknown) => ({ failure }),
		);
		return deadline ? await Promise.race([outcome, deadline]) : await outcome;
	}

	private async acquire(
		key: string,
		acquire: AcquireToken,
		previous: CachedToken | undefined,
	): Promise<CachedToken> {
		this.acquisitions++;
		const grant = await acquire(previous);
		if (!grant.accessToken) throw new Error('The token endpoint returned no access token');
		const obtainedAt = this.now();
		const token: CachedToken = {
			accessToken: grant.accessToken,
			tokenType: grant.tokenType ?? 'bearer',
			refreshToken: grant.refreshToken,
			obtainedAt,
			expiresAt: obtainedAt + tokenLifetimeSeconds(grant, obtainedAt) * 1000,
		};
		this.store(key, token);
		return token;
	}

	private store(key: string, token: CachedToken): void {
		this.entries.delete(key);
		this.entries.set(key, token);
		this.evict();
		for (const listener of this.storeListeners) {
			try {
				listener(token);
			} catch {
				// An observer's failure is its own.
			}
		}
	}

	private touch(key: string, token: CachedToken): void {
		// Map iteration order is insertion order: re-inserting marks the entry as most recently used.
		this.entries.delete(key);
		this.entries.set(key, token);
	}

	private evict(): void {
		const now = this.now();
		for (const [key, token] of this.entries) {
			if (token.expiresAt <= now && !token.refreshToken) this.entries.delete(key);
		}
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}
}

/** The process-wide cache: shared by every execution and every Gini Pay node in this n8n process. */
export const sharedTokenCache = new TokenCache();
