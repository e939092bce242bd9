import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { withSteppedClock } from './clock.cts';

describe('withSteppedClock', () => {
	it('runs a 5 s wait on virtual time, in a fraction of it, with real HTTP in between', async () => {
		const server = createServer((_, res) => res.end('ok'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
		try {
			const realStart = performance.now();
			const { virtualMs, body } = await withSteppedClock(async () => {
				const start = Date.now();
				await new Promise((resolve) => setTimeout(resolve, 5000));
				const body = await (await fetch(url)).text();
				return { virtualMs: Date.now() - start, body };
			});
			expect(body).toBe('ok');
			expect(virtualMs).toBeGreaterThanOrEqual(5000);
			expect(performance.now() - realStart).toBeLessThan(4000);
		} finally {
			server.close();
		}
	});

	it('passes on what the work throws, and gives the real timers back', async () => {
		await expect(
			withSteppedClock(async () => {
				await new Promise((resolve) => setTimeout(resolve, 100));
				throw new Error('inside');
			}),
		).rejects.toThrow('inside');
		// Real timers again: a fake one would never fire here, and Date.now would not move.
		const before = Date.now();
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(Date.now() - before).toBeGreaterThanOrEqual(15);
	});
});
