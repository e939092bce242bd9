/**
 * The short fault matrix (faultMatrix.cts): every create-answer class with one file, and the classes that lose an
 * answer after Gini stored the file with five files of one name and with a second process uploading that name too.
 * The whole matrix is in faultMatrix.soak.test.cts.
 */
import { ANSWER_CLASSES, expectExactlyOnce, runCell, type Scenario } from './faultMatrix.cts';
import { useGini } from './gini.cts';

jest.setTimeout(120_000);

const gini = useGini({ processingMs: 10 });

const SHORT: Array<[string, Scenario]> = [
	...Object.keys(ANSWER_CLASSES).map((name): [string, Scenario] => [name, 'one file']),
	['reset after Gini stored', 'five of one name'],
	['502 after Gini stored', 'five of one name, a second process'],
	['201 without Location or body', 'five of one name'],
	['slow commit after the looks', 'five of one name, a second process'],
];

describe('every invoice exactly once', () => {
	it.each(SHORT)('%s, %s', async (className, scenario) => {
		const endings = expectExactlyOnce(await runCell(gini, className, scenario));
		// Classes that prove nothing was stored end without a flag; the others never end as a plain error.
		if (className.startsWith('503') || className.startsWith('429') || className.includes('names'))
			expect(endings.every((ending) => ending === 'own document')).toBe(true);
		if (className.startsWith('400')) expect(endings).toEqual(['plain error, nothing stored']);
	});
});
