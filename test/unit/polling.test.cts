import fc from 'fast-check';

import {
	FIRST_POLL_DELAY_MS,
	MAX_POLL_DELAY_MS,
	nextPollDelay,
	pollDelay,
} from '../../nodes/GiniPay/shared/polling';

/** The times (ms after the first look) at which a document is looked at until `timeoutMs`, as api/extractions.ts does. */
function lookTimes(timeoutMs: number): number[] {
	const times = [0];
	for (let attempt = 0, now = 0; now < timeoutMs; attempt++) {
		now += nextPollDelay(attempt, now, timeoutMs);
		times.push(now);
	}
	return times;
}

describe('pollDelay', () => {
	it('starts at half a second and backs off', () => {
		expect(FIRST_POLL_DELAY_MS).toBe(500);
		expect(pollDelay(0)).toBe(500);
		expect(pollDelay(1)).toBeGreaterThan(pollDelay(0));
		expect(pollDelay(2)).toBeGreaterThan(pollDelay(1));
	});

	it('is capped at five seconds however long the wait', () => {
		expect(MAX_POLL_DELAY_MS).toBe(5000);
		expect(pollDelay(1000)).toBe(5000);
		expect(pollDelay(Number.MAX_SAFE_INTEGER)).toBe(5000);
	});

	it('treats a negative attempt as the first', () => {
		expect(pollDelay(-3)).toBe(500);
	});

	it('never shrinks from one attempt to the next and stays within 0.5 s..5 s', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000 }), (attempt) => {
				const delay = pollDelay(attempt);
				expect(delay).toBeGreaterThanOrEqual(FIRST_POLL_DELAY_MS);
				expect(delay).toBeLessThanOrEqual(MAX_POLL_DELAY_MS);
				expect(pollDelay(attempt + 1)).toBeGreaterThanOrEqual(delay);
			}),
		);
	});
});

describe('nextPollDelay', () => {
	it('is the backoff delay while the deadline is far', () => {
		expect(nextPollDelay(0, 1_000, 60_000)).toBe(500);
		expect(nextPollDelay(20, 1_000, 60_000)).toBe(5000);
	});

	it('is shortened so the last look falls right on the deadline', () => {
		expect(nextPollDelay(10, 58_000, 60_000)).toBe(2000);
		expect(nextPollDelay(0, 59_900, 60_000)).toBe(100);
	});

	it('is 0, never negative, at or after the deadline', () => {
		expect(nextPollDelay(3, 60_000, 60_000)).toBe(0);
		expect(nextPollDelay(3, 61_000, 60_000)).toBe(0);
	});

	it('never exceeds the backoff delay nor the time left', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 100 }),
				fc.integer({ min: 0, max: 10_000_000 }),
				fc.integer({ min: -10_000, max: 10_000_000 }),
				(attempt, now, left) => {
					const delay = nextPollDelay(attempt, now, now + left);
					expect(delay).toBeGreaterThanOrEqual(0);
					expect(delay).toBeLessThanOrEqual(pollDelay(attempt));
					expect(delay).toBeLessThanOrEqual(Math.max(0, left));
				},
			),
		);
	});
});

describe('the schedule of looks', () => {
	it('ends with a look exactly at the deadline, for any timeout', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 3_600_000 }), (timeoutMs) => {
				const times = lookTimes(timeoutMs);
				expect(times[times.length - 1]).toBe(timeoutMs);
				expect(times[times.length - 2]).toBeLessThan(timeoutMs);
			}),
		);
	});

	it('sees a document at most 5 s after it completes, wherever in the wait that happens', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 600_000 }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(timeoutMs, at) => {
					const completedAt = at * timeoutMs;
					const seenAt = lookTimes(timeoutMs).find((time) => time >= completedAt);
					expect(seenAt).toBeDefined();
					expect(seenAt! - completedAt).toBeLessThanOrEqual(MAX_POLL_DELAY_MS);
				},
			),
		);
	});

	it('looks fewer times than Gini’s SDKs, which look every second (docs/gini-api.md §6.2)', () => {
		const looks = lookTimes(60_000).length;
		expect(looks).toBeLessThan(60);
		expect(lookTimes(60_000).slice(0, 4)).toEqual([0, 500, 1250, 2375]);
	});
});
