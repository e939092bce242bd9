/**
 * The bigger run of random SEPA batches (see sepa.test.cts): 300 batches of up to 10,000 transfers each, every file
 * validated against its schema with xmllint, sums and counts exact, the same file twice.
 */
import { checkRandomBatches } from './sepaChecks.cts';
import { ensureXmllint } from './xmllint.cts';

beforeAll(() => {
	ensureXmllint();
}, 600_000);

test('300 random batches of up to 10,000 transfers validate, with exact sums', () => {
	const { batches, transfers } = checkRandomBatches({ count: 300, maxSize: 10_000 });
	expect(batches).toBe(300);
	// The sizes are random (the seed is in any failure's message); one batch of 1 and one of 10,000 always go.
	expect(transfers).toBeGreaterThan(10_000);
}, 600_000);
