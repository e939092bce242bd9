/**
 * Callers of one shared acquisition wait on their own terms: a caller that stops waiting (its deadline) does not end
 * the acquisition for the others, and a caller whose joined acquisition failed may acquire anew itself.
 */
import { TokenCache, type TokenGrant } from '../../nodes/GiniPay/shared/tokenCache';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

const grant = (accessToken: string): TokenGrant => ({ accessToken, expiresInSeconds: 3600 });

it('a caller that stops waiting gets its own error while the acquisition goes on for a joined caller', async () => {
	const cache = new TokenCache();
	const login = deferred<TokenGrant>();
	const giveUp = deferred<never>();
	const starter = cache.get('k', async () => await login.promise, { deadline: giveUp.promise });
	const waiter = cache.get('k', async () => grant('never'));
	giveUp.reject(new Error("the starter's own timeout"));
	await expect(starter).rejects.toThrow("the starter's own timeout");
	login.resolve(grant('t1'));
	await expect(waiter).resolves.toMatchObject({ token: { accessToken: 't1' }, fromCache: true });
	expect(cache.acquisitions).toBe(1);
	// Once settled, the key is free and the token cached.
	await expect(cache.get('k', async () => grant('t2'))).resolves.toMatchObject({
		token: { accessToken: 't1' },
	});
});

it('a joined caller may retry with its own acquisition after the shared one failed, or throw its own error', async () => {
	const cache = new TokenCache();
	const login = deferred<TokenGrant>();
	const starter = cache.get('k', async () => await login.promise);
	const retrying = cache.get('k', async () => grant('own'), { onJoinedFailure: () => 'retry' });
	const failing = cache.get('k', async () => grant('unused'), {
		onJoinedFailure: (failure) => new Error(`own: ${(failure as Error).message}`),
	});
	login.reject(new Error('shared login failed'));
	await expect(starter).rejects.toThrow('shared login failed');
	await expect(retrying).resolves.toMatchObject({
		token: { accessToken: 'own' },
		fromCache: false,
	});
	await expect(failing).rejects.toThrow('own: shared login failed');
	expect(cache.acquisitions).toBe(2);
});

it('without options, joined callers share the failure as before', async () => {
	const cache = new TokenCache();
	const login = deferred<TokenGrant>();
	const calls = [
		cache.get('k', async () => await login.promise),
		cache.get('k', async () => grant('x')),
	];
	login.reject(new Error('refused'));
	for (const call of calls) await expect(call).rejects.toThrow('refused');
	expect(cache.acquisitions).toBe(1);
});
