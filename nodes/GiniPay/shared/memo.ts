/**
 * Remembers the results of a pure function of one string, for the last `size` inputs (least recently used goes
 * first). Failures are not remembered: a bad input fails again with the same error. For work done on every request
 * with the same few inputs, such as parsing a JWT signing key or hashing it.
 */
export function memoize<T>(
	compute: (input: string) => T,
	size: number,
): ((input: string) => T) & { clear(): void } {
	const results = new Map<string, T>();
	const memoized = (input: string): T => {
		if (results.has(input)) {
			const value = results.get(input) as T;
			results.delete(input);
			results.set(input, value);
			return value;
		}
		const value = compute(input);
		results.set(input, value);
		if (results.size > size) results.delete(results.keys().next().value as string);
		return value;
	};
	return Object.assign(memoized, { clear: () => results.clear() });
}
