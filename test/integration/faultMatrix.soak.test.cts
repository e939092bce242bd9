/**
 * The whole fault matrix (faultMatrix.cts): every create-answer class with one file, with five files of one name at
 * concurrency 5, and with a second process uploading that name meanwhile. Each cell must keep the exactly-once
 * property. The short matrix runs in `npm test` (faultMatrix.test.cts).
 */
import { ANSWER_CLASSES, SCENARIOS, expectExactlyOnce, runCell } from './faultMatrix.cts';
import { useGini } from './gini.cts';

jest.setTimeout(120_000);

const gini = useGini({ processingMs: 10 });

const CELLS = Object.keys(ANSWER_CLASSES).flatMap((className) =>
	SCENARIOS.map((scenario) => [className, scenario] as const),
);

describe('every invoice exactly once, the whole matrix', () => {
	it.each(CELLS)('%s, %s', async (className, scenario) => {
		expectExactlyOnce(await runCell(gini, className, scenario));
	});
});
