import {
	MAX_RETRY_AFTER_MS,
	RetryBudget,
	backoffDelay,
	parseRetryAfter,
} from '../../nodes/GiniPay/shared/retry';

describe('parseRetryAfter', () => {
	const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');

	it('reads delay-seconds', () => {
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter(' 3 ', now)).toBe(3_000);
		expect(parseRetryAfter('1.5', now)).toBe(1_500);
	});

	it('reads an HTTP-date (RFC 9110 §10.2.3) relative to now', () => {
		expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
	});

	it('reads an HTTP-date in the past as "now"', () => {
		expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
	});

	it('caps what it waits for', () => {
		expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
		expect(parseRetryAfter('Thu, 22 Oct 2026 07:28:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
		expect(parseRetryAfter('1e400', now)).toBeUndefined();
	});

	it('ignores what is neither', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-5', now)).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	it('grows with the attempt, is capped, and never below 50 ms', () => {
		expect(backoffDelay(0, () => 0)).toBe(50);
		expect(backoffDelay(0, () => 0.999)).toBeLessThanOrEqual(500);
		expect(backoffDelay(3, () => 0.999)).toBeLessThanOrEqual(4_000);
		expect(backoffDelay(30, () => 0.999)).toBeLessThanOrEqual(30_000);
	});
});

describe('RetryBudget', () => {
	it('allows maxRetries retries in all, renewals included', () => {
		const budget = new RetryBudget(4);
		expect([budget.take(), budget.takeRenewal(), budget.take(), budget.takeRenewal()]).toEqual([
			true,
			true,
			true,
			true,
		]);
		expect(budget.take()).toBe(false);
		expect(budget.takeRenewal()).toBe(false);
		expect(budget.used).toBe(4);
	});

	it('at Max Retries 0 still renews a refused cached token once, and retries nothing else', () => {
		const budget = new RetryBudget(0);
		expect(budget.take()).toBe(false);
		expect(budget.takeRenewal()).toBe(true);
		expect(budget.takeRenewal()).toBe(false);
		expect(budget.take()).toBe(false);
	});
});
