import { memoize } from '../../nodes/GiniPay/shared/memo';

describe('memoize', () => {
	it('computes each input once while it is among the last `size` used', () => {
		const calls: string[] = [];
		const upper = memoize((text: string) => {
			calls.push(text);
			return { text: text.toUpperCase() };
		}, 2);
		const first = upper('a');
		expect(upper('a')).toBe(first);
		upper('b');
		upper('a'); // a is now the most recently used
		upper('c'); // evicts b
		upper('a');
		upper('b');
		expect(calls).toEqual(['a', 'b', 'c', 'b']);
	});

	it('does not remember failures', () => {
		let calls = 0;
		const failing = memoize(() => {
			calls++;
			throw new Error('bad');
		}, 4);
		expect(() => failing('x')).toThrow('bad');
		expect(() => failing('x')).toThrow('bad');
		expect(calls).toBe(2);
	});

	it('forgets everything on clear', () => {
		let calls = 0;
		const count = memoize(() => ++calls, 4);
		count('x');
		count.clear();
		expect(count('x')).toBe(2);
	});
});
