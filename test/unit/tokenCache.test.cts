import {
	DEFAULT_TOKEN_LIFETIME_SECONDS,
	TokenCache,
	fingerprint,
	jwtExpiry,
	tokenLifetimeSeconds,
	needsRenewal,
	tokenCacheKey,
	type CachedToken,
	type TokenGrant,
} from '../../nodes/GiniPay/shared/tokenCache';

function clock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

function issuer(expiresInSeconds = 3600) {
	let n = 0;
	const seen: Array<CachedToken | undefined> = [];
	const acquire = async (previous: CachedToken | undefined): Promise<TokenGrant> => {
		seen.push(previous);
		n++;
		return { accessToken: `t${n}`, expiresInSeconds, refreshToken: `r${n}` };
	};
	return { acquire, count: () => n, seen };
}

describe('TokenCache', () => {
	it('acquires once and serves later calls from the cache', async () => {
		const cache = new TokenCache();
		const { acquire, count } = issuer();
		const first = await cache.get('k', acquire);
		const second = await cache.get('k', acquire);
		expect(first).toMatchObject({ fromCache: false, token: { accessToken: 't1' } });
		expect(second).toMatchObject({ fromCache: true, token: { accessToken: 't1' } });
		expect(count()).toBe(1);
	});

	it('shares one in-flight acquisition among concurrent callers of the same key', async () => {
		const cache = new TokenCache();
		const gate = deferred<TokenGrant>();
		let calls = 0;
		const acquire = async () => {
			calls++;
			return gate.promise;
		};
		const all = Promise.all(Array.from({ length: 20 }, () => cache.get('k', acquire)));
		gate.resolve({ accessToken: 'shared', expiresInSeconds: 100 });
		const results = await all;
		expect(calls).toBe(1);
		expect(new Set(results.map((r) => r.token.accessToken))).toEqual(new Set(['shared']));
		expect(results.filter((r) => !r.fromCache)).toHaveLength(1);
	});

	it('tells onStore listeners each token it stores, until they unsubscribe; a throwing one changes nothing', async () => {
		const cache = new TokenCache();
		const { acquire } = issuer();
		const stored: string[] = [];
		const stop = cache.onStore((token) => stored.push(token.accessToken));
		const stopThrowing = cache.onStore(() => {
			throw new Error('observer failed');
		});
		await cache.get('k', acquire);
		await cache.get('k', acquire);
		await cache.get('k', acquire, { forceNew: true });
		stop();
		stopThrowing();
		await cache.get('k', acquire, { forceNew: true });
		expect(stored).toEqual(['t1', 't2']);
		expect(cache.peek('k')?.accessToken).toBe('t3');
	});

	it('never hands one key the token of another', async () => {
		const cache = new TokenCache();
		const a = await cache.get('a', async () => ({ accessToken: 'A', expiresInSeconds: 100 }));
		const b = await cache.get('b', async () => ({ accessToken: 'B', expiresInSeconds: 100 }));
		expect(a.token.accessToken).toBe('A');
		expect(b.token.accessToken).toBe('B');
	});

	it('renews ahead of expiry when less than max(60 s, 10 % of the lifetime) remains', async () => {
		const time = clock();
		const cache = new TokenCache({ now: time.now });
		const { acquire, count } = issuer(43199);
		await cache.get('k', acquire);
		time.advance((43199 - 4320 - 1) * 1000); // 10 % of 43199 s is 4319.9 s: still 1 s above the margin
		expect((await cache.get('k', acquire)).fromCache).toBe(true);
		time.advance(2000);
		const renewed = await cache.get('k', acquire);
		expect(renewed).toMatchObject({ fromCache: false, token: { accessToken: 't2' } });
		expect(count()).toBe(2);
	});

	it('uses a 60 s margin for short-lived tokens', () => {
		const token: CachedToken = {
			accessToken: 'x',
			tokenType: 'bearer',
			obtainedAt: 0,
			expiresAt: 100_000,
		};
		expect(needsRenewal(token, 39_999)).toBe(false);
		expect(needsRenewal(token, 40_001)).toBe(true);
	});

	it('passes the entry being replaced to acquire so a refresh token can be used', async () => {
		const time = clock();
		const cache = new TokenCache({ now: time.now });
		const { acquire, seen } = issuer(100);
		await cache.get('k', acquire);
		time.advance(100_000);
		await cache.get('k', acquire);
		expect(seen[0]).toBeUndefined();
		expect(seen[1]).toMatchObject({ accessToken: 't1', refreshToken: 'r1' });
	});

	it('forces a new token on request', async () => {
		const cache = new TokenCache();
		const { acquire, count } = issuer();
		await cache.get('k', acquire);
		const forced = await cache.get('k', acquire, { forceNew: true });
		expect(forced).toMatchObject({ fromCache: false, token: { accessToken: 't2' } });
		expect(count()).toBe(2);
	});

	it('invalidates only the token that was rejected', async () => {
		const cache = new TokenCache();
		const { acquire } = issuer();
		await cache.get('k', acquire);
		await cache.get('k', acquire, { forceNew: true }); // now t2
		cache.invalidate('k', 't1');
		expect(cache.peek('k')?.accessToken).toBe('t2');
		cache.invalidate('k', 't2');
		expect(cache.peek('k')).toBeUndefined();
	});

	it('does not cache a failed acquisition and lets the next caller try again', async () => {
		const cache = new TokenCache();
		await expect(
			cache.get('k', async () => {
				throw new Error('login refused');
			}),
		).rejects.toThrow('login refused');
		const { acquire } = issuer();
		expect((await cache.get('k', acquire)).token.accessToken).toBe('t1');
	});

	it('rejects a grant without an access token', async () => {
		const cache = new TokenCache();
		await expect(
			cache.get('k', async () => ({ accessToken: '', expiresInSeconds: 10 })),
		).rejects.toThrow('no access token');
		expect(cache.size).toBe(0);
	});

	it('is bounded: the least recently used entry goes first', async () => {
		const cache = new TokenCache({ maxEntries: 2 });
		const grant = (t: string) => async () => ({ accessToken: t, expiresInSeconds: 100 });
		await cache.get('a', grant('A'));
		await cache.get('b', grant('B'));
		await cache.get('a', grant('unused')); // touch a: b is now the oldest
		await cache.get('c', grant('C'));
		expect(cache.peek('a')?.accessToken).toBe('A');
		expect(cache.peek('b')).toBeUndefined();
		expect(cache.peek('c')?.accessToken).toBe('C');
	});

	it('drops expired entries that cannot be refreshed', async () => {
		const time = clock();
		const cache = new TokenCache({ now: time.now });
		await cache.get('old', async () => ({ accessToken: 'O', expiresInSeconds: 10 }));
		time.advance(11_000);
		await cache.get('new', async () => ({ accessToken: 'N', expiresInSeconds: 10 }));
		expect(cache.peek('old')).toBeUndefined();
		expect(cache.size).toBe(1);
	});
});

describe('cache keys', () => {
	it('differ when any part differs and do not contain the secret', () => {
		const base = {
			mode: 'basic',
			payApiUrl: 'https://pay-api.gini.net',
			clientId: 'c',
			secret: fingerprint('s3cr3t'),
			user: 'u',
		};
		const key = tokenCacheKey(base);
		expect(key).not.toContain('s3cr3t');
		expect(tokenCacheKey({ ...base })).toBe(key);
		for (const part of Object.keys(base) as Array<keyof typeof base>) {
			expect(tokenCacheKey({ ...base, [part]: `${base[part]}x` })).not.toBe(key);
		}
		expect(tokenCacheKey({ ...base, secret: fingerprint('other') })).not.toBe(key);
	});
});

describe('token lifetime when the answer has no expires_in', () => {
	const NOW = 1_700_000_000_000;
	const jwt = (payload: object) =>
		['{"alg":"RS256","typ":"JWT"}', JSON.stringify(payload)]
			.map((part) => Buffer.from(part).toString('base64url'))
			.join('.') + '.c2ln';

	it('takes expires_in when Gini sends it, 0 included', () => {
		expect(
			tokenLifetimeSeconds(
				{ accessToken: jwt({ exp: NOW / 1000 + 60 }), expiresInSeconds: 43199 },
				NOW,
			),
		).toBe(43199);
		expect(tokenLifetimeSeconds({ accessToken: 'uuid', expiresInSeconds: 0 }, NOW)).toBe(0);
	});

	it('else reads exp from a JWT-shaped token without verifying it', () => {
		expect(jwtExpiry(jwt({ exp: 2025803444 }))).toBe(2025803444);
		expect(
			tokenLifetimeSeconds(
				{ accessToken: jwt({ exp: NOW / 1000 + 600 }), expiresInSeconds: undefined },
				NOW,
			),
		).toBe(600);
	});

	it('else, and for a JWT whose exp is past, missing or not a number, keeps it 5 minutes', () => {
		expect(DEFAULT_TOKEN_LIFETIME_SECONDS).toBe(300);
		for (const accessToken of [
			'6c470ffa-abf1-41aa-b866-cd3be0ee84f4',
			jwt({ exp: NOW / 1000 - 1 }),
			jwt({ sub: 'no exp' }),
			jwt({ exp: '2025803444' }),
			'a.not-json!.c',
			'a.bm90IGpzb24.c',
		]) {
			expect(tokenLifetimeSeconds({ accessToken, expiresInSeconds: undefined }, NOW)).toBe(300);
		}
	});

	it('so the cache serves one acquisition for many calls', async () => {
		const time = clock(NOW);
		const cache = new TokenCache({ now: time.now });
		let acquisitions = 0;
		const acquire = async (): Promise<TokenGrant> => ({
			accessToken: `t${++acquisitions}`,
			expiresInSeconds: undefined,
		});
		for (let call = 0; call < 10; call++) {
			await cache.get('k', acquire);
			time.advance(20_000);
		}
		expect(acquisitions).toBe(1);
	});
});
