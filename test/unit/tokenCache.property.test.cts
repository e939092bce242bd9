/**
 * Property tests of the token cache (nodes/GiniPay/shared/tokenCache.ts): random interleavings, chosen by
 * fast-check's scheduler, of concurrent `get` calls for many users and credentials, forced renewals, revocations
 * (`invalidate`), clearing, a moving clock and acquisitions that succeed or fail in any order.
 */
import fc from 'fast-check';

import {
	TokenCache,
	fingerprint,
	needsRenewal,
	tokenCacheKey,
	type CachedToken,
	type TokenGrant,
	type TokenLookup,
} from '../../nodes/GiniPay/shared/tokenCache';

const USERS = ['anna@app.example.org', 'ben@app.example.org', 'derived-user-1', 'derived-user-2'];
const CREDENTIALS = [
	{ mode: 'userCenter', clientId: 'client-a', secret: 'secret-a' },
	{ mode: 'userCenter', clientId: 'client-a', secret: 'secret-a-rotated' },
	{ mode: 'basic', clientId: 'client-b', secret: 'secret-b' },
];

/** Keys as the transport builds them: one per (credential, user). */
const KEYS = CREDENTIALS.flatMap((credential) =>
	USERS.map((user) =>
		tokenCacheKey({
			mode: credential.mode,
			payApiUrl: 'https://pay-api.gini.net',
			clientId: credential.clientId,
			secret: fingerprint(credential.secret),
			kind: 'user',
			user,
		}),
	),
);

/** Most operations hit a few keys, so that the same key sees renewals, revocations and overlapping calls. */
const keyArb = fc.oneof(fc.nat(2), fc.nat(KEYS.length - 1));

type Op =
	| { kind: 'get'; key: number; forceNew: boolean }
	| { kind: 'advance'; ms: number }
	| { kind: 'invalidate'; key: number; which: 'any' | 'current' | 'stale' }
	| { kind: 'clear' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({
			kind: fc.constant('get' as const),
			key: keyArb,
			forceNew: fc.boolean(),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('advance' as const),
			ms: fc.constantFrom(1_000, 30_000, 61_000, 600_000, 40_000_000),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('invalidate' as const),
			key: keyArb,
			which: fc.constantFrom('any' as const, 'current' as const, 'stale' as const),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

/** What each acquisition answers, in the order acquisitions start. */
const grantArb = fc.record({
	expiresInSeconds: fc.constantFrom(0, 30, 90, 600, 43_199),
	/** About one acquisition in six is refused. */
	fails: fc.nat(5).map((n) => n === 0),
	refresh: fc.boolean(),
});

interface GetRecord {
	key: string;
	forceNew: boolean;
	/** Clock and cached entry when the call was made. */
	now: number;
	cached: CachedToken | undefined;
	/** Acquisitions started before the call (by sequence number). */
	startedBefore: number;
	outcome?: { lookup: TokenLookup } | { error: Error };
}

describe('TokenCache under random interleavings (fast-check)', () => {
	it('never hands a token to another key, never acquires twice at once for a key, renews inside the margin', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.scheduler(),
				fc.array(opArb, { minLength: 20, maxLength: 80, size: 'max' }),
				fc.array(grantArb, { minLength: 1, maxLength: 20 }),
				fc.constantFrom(2, 5, 1000),
				async (s, ops, grants, maxEntries) => {
					let now = 1_700_000_000_000;
					const cache = new TokenCache({ now: () => now, maxEntries });
					const violations: string[] = [];
					const inFlight = new Map<string, number>();
					const acquisitionKey = new Map<string, string>(); // token -> key it was acquired for
					const acquisitionSeq = new Map<string, number>(); // token -> start sequence
					const issued = new Map<string, string[]>(); // key -> tokens in order
					let started = 0;
					const gets: Array<Promise<void>> = [];

					const acquireFor =
						(key: string) =>
						async (previous: CachedToken | undefined): Promise<TokenGrant> => {
							const seq = ++started;
							if ((inFlight.get(key) ?? 0) > 0)
								violations.push(`two acquisitions at once for ${key.slice(0, 8)}`);
							inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
							if (previous && acquisitionKey.get(previous.accessToken) !== key) {
								violations.push(
									`acquisition for ${key.slice(0, 8)} got another key's previous token`,
								);
							}
							const grant = grants[(seq - 1) % grants.length];
							const accessToken = `${key}#${seq}`;
							acquisitionKey.set(accessToken, key);
							acquisitionSeq.set(accessToken, seq);
							await s.schedule(Promise.resolve(), `acquisition ${seq}`);
							inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
							if (grant.fails) throw new Error(`login refused for ${key}`);
							issued.set(key, [...(issued.get(key) ?? []), accessToken]);
							return {
								accessToken,
								expiresInSeconds: grant.expiresInSeconds,
								refreshToken: grant.refresh ? `refresh:${accessToken}` : undefined,
							};
						};

					const check = (record: GetRecord, lookup: TokenLookup) => {
						const token = lookup.token.accessToken;
						if (acquisitionKey.get(token) !== record.key) {
							violations.push(
								`get(${record.key.slice(0, 8)}) was handed ${token.slice(0, 8)}'s token`,
							);
							return;
						}
						if (lookup.token.refreshToken && lookup.token.refreshToken !== `refresh:${token}`) {
							violations.push('a refresh token travelled with another access token');
						}
						const seq = acquisitionSeq.get(token) ?? 0;
						if (!lookup.fromCache) {
							// This call started the acquisition: it was the next one after the call began.
							if (seq !== record.startedBefore + 1)
								violations.push('fromCache false for a token it did not acquire');
							return;
						}
						const servedCached = record.cached?.accessToken === token;
						const joinedInFlight = seq <= record.startedBefore && !servedCached;
						if (servedCached && (record.forceNew || needsRenewal(record.cached!, record.now))) {
							violations.push(
								record.forceNew
									? 'forceNew answered from the cache'
									: 'a token inside the renewal margin was served',
							);
						}
						if (!servedCached && !joinedInFlight)
							violations.push('fromCache true for a token neither cached nor in flight');
					};

					const run = (op: Op) => {
						switch (op.kind) {
							case 'get': {
								const key = KEYS[op.key];
								const record: GetRecord = {
									key,
									forceNew: op.forceNew,
									now,
									cached: cache.peek(key),
									startedBefore: started,
								};
								gets.push(
									cache.get(key, acquireFor(key), { forceNew: op.forceNew }).then(
										(lookup) => check(record, lookup),
										(error: Error) => {
											if (!error.message.endsWith(key))
												violations.push(`get(${key.slice(0, 8)}) failed with another key's error`);
										},
									),
								);
								return;
							}
							case 'advance':
								now += op.ms;
								return;
							case 'invalidate': {
								const key = KEYS[op.key];
								const tokens = issued.get(key) ?? [];
								const current = cache.peek(key);
								if (op.which === 'any') cache.invalidate(key);
								else if (op.which === 'current' && current)
									cache.invalidate(key, current.accessToken);
								else if (op.which === 'stale' && tokens.length > 1) {
									const stale = tokens.find((token) => token !== current?.accessToken);
									if (stale) cache.invalidate(key, stale);
									// A revoked old token must not take the current one with it.
									if (current && cache.peek(key)?.accessToken !== current.accessToken) {
										violations.push('invalidating a stale token dropped the current one');
									}
								}
								if (
									op.which !== 'stale' &&
									cache.peek(key) &&
									cache.peek(key)?.accessToken === current?.accessToken &&
									current
								) {
									violations.push('invalidate left the token in the cache');
								}
								return;
							}
							case 'clear':
								cache.clear();
								return;
						}
					};

					for (const op of ops) void s.schedule(Promise.resolve(), op.kind).then(() => run(op));
					await s.waitAll();
					await Promise.all(gets);

					for (const key of KEYS) {
						const entry = cache.peek(key);
						if (entry && acquisitionKey.get(entry.accessToken) !== key)
							violations.push('an entry holds another key’s token');
					}
					if (cache.acquisitions !== started) violations.push('acquisitions counter disagrees');
					if (cache.size > maxEntries) violations.push('more entries than maxEntries');
					expect(violations).toEqual([]);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('serves from the cache exactly while more than max(60 s, 10 % of the lifetime) remains', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 100_000 }),
				fc.integer({ min: 0, max: 110_000_000 }),
				async (lifetimeSeconds, elapsedMs) => {
					let now = 0;
					const cache = new TokenCache({ now: () => now });
					let n = 0;
					const acquire = async () => ({
						accessToken: `t${++n}`,
						expiresInSeconds: lifetimeSeconds,
					});
					await cache.get('k', acquire);
					now = elapsedMs;
					const second = await cache.get('k', acquire);
					const lifetimeMs = lifetimeSeconds * 1000;
					const margin = Math.max(60_000, lifetimeMs * 0.1);
					expect(second.fromCache).toBe(!(lifetimeMs - elapsedMs < margin));
				},
			),
			{ numRuns: 500 },
		);
	});
});

describe('cache keys (fast-check)', () => {
	const partsArb = fc.dictionary(
		fc.constantFrom('mode', 'payApiUrl', 'userCenterUrl', 'clientId', 'secret', 'user', 'kind'),
		fc.string({ minLength: 1, maxLength: 12 }),
		{ minKeys: 1 },
	);

	it('do not depend on the order of the parts, and change when any part changes', () => {
		fc.assert(
			fc.property(partsArb, fc.string({ minLength: 1, maxLength: 4 }), (parts, extra) => {
				const reversed = Object.fromEntries(Object.entries(parts).reverse());
				expect(tokenCacheKey(reversed)).toBe(tokenCacheKey(parts));
				for (const name of Object.keys(parts)) {
					expect(tokenCacheKey({ ...parts, [name]: `${parts[name]}${extra}` })).not.toBe(
						tokenCacheKey(parts),
					);
				}
			}),
		);
	});

	it('never contain a secret given as a part', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 8, maxLength: 40 }), (secret) => {
				const key = tokenCacheKey({ clientId: 'c', secret: fingerprint(secret), user: 'u' });
				expect(key).not.toContain(secret);
				expect(key).toMatch(/^[0-9a-f]{64}$/);
			}),
		);
	});
});
