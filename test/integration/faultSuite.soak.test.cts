/**
 * The fault suite's soak runs: 1,000 uploads through n8n's engine while the emulator answers 503 and 429, resets
 * connections before and after doing the work, and revokes every token now and then. Whatever happens, each input
 * item must end as exactly one document or one error item, Gini must hold no document twice and no document that
 * the output does not account for. Jest's `soak` project (`npm test` runs it; `npm run test:fast` does not).
 */
import { setBinaryMode } from '../harness/index.cts';
import {
	FAULT_SUITE,
	FAULTS,
	countBy,
	expectEachAccountedFor,
	report,
	uniqueUploads,
} from './faultKit.cts';
import { runGini, useGini, type Mode } from './gini.cts';

jest.setTimeout(240_000);

const UPLOADS = 1000;

const gini = useGini(FAULT_SUITE);

type Case = [Mode, 'default' | 'filesystem'];

// The filesystem case streams every attempt from disk: a retry must open a new stream, never resend a consumed one.
describe.each<Case>([
	['userCenter', 'default'],
	['basic', 'default'],
	['jwt', 'default'],
	['userCenter', 'filesystem'],
])('1,000 uploads under faults in %s mode, binaries kept in %s mode', (mode, binaryMode) => {
	afterAll(async () => await setBinaryMode('default'));

	it('end as exactly one document or one error each: no duplicate, nothing lost', async () => {
		const uploads = await uniqueUploads(`${mode}-${binaryMode}`, UPLOADS);
		const byHash = new Map(uploads.map((upload, index) => [upload.sha256, index]));
		const before = new Set(gini.documents().map((document) => document.id));
		gini.setFaults(FAULTS);

		const result = await runGini({
			mode,
			credential: gini.credential(mode),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				waitForExtractions: false,
				// Each upload is read back: two requests per item, as many as the fault counts below are sized for.
				options: { readBack: true },
				requestOptions: { concurrency: 10 },
			},
			items: uploads.map((upload) => upload.item),
			continueOnFail: true,
			binaryMode,
		});
		gini.setFaults({});
		expect(result.error).toBeUndefined();
		const out = result.output('Gini Pay');

		// One output item per input item, in input order, each paired with its input.
		expect(out).toHaveLength(UPLOADS);
		expect(out.map((item) => item.pairedItem)).toEqual(
			uploads.map((_, index) => ({ item: index })),
		);
		const successes = out.filter((item) => typeof item.json.documentId === 'string');
		const failures = out.filter((item) => item.json.error !== undefined);
		expect(successes.length + failures.length).toBe(UPLOADS);
		for (const failure of failures) expect(failure.json.documentId).toBeUndefined();
		const created = gini.documents().filter((document) => !before.has(document.id));
		expectEachAccountedFor(created, out, byHash, (index) => uploads[index].fileName);
		expect(created.length).toBeGreaterThanOrEqual(successes.length);

		// The faults really happened (expected: ~230 503s, ~100 429s, ~23 resets, 20+ revocations), and the node came
		// through nearly all of them: a request exhausts its 4 retries with a chance of about 0.155^5, so a handful of
		// error items is possible, more is a bug. An upload whose answer was lost after Gini stored it fails naming
		// the document (Gini's answers cannot prove it is the item's): one error item per such loss.
		const { faults, tokenGrants } = gini.counters();
		expect(faults['503']).toBeGreaterThan(100);
		expect(faults['429']).toBeGreaterThan(50);
		expect(faults.reset + faults.resetAfterCommit).toBeGreaterThan(5);
		expect(faults.revocations).toBeGreaterThanOrEqual(20);
		const lostAfterStoring = failures.filter(
			(item) => item.json.candidateDocumentIds !== undefined || item.json.uploadMayExist === true,
		);
		expect(lostAfterStoring.length).toBeLessThanOrEqual(faults.resetAfterCommit);
		expect(successes.length).toBeGreaterThanOrEqual(UPLOADS - 5 - lostAfterStoring.length);
		if (mode === 'userCenter') {
			// One acquisition to start and one per revocation, not one per waiting item (a grant whose answer was lost
			// is the only other reason for another).
			expect(tokenGrants.total).toBeGreaterThan(1);
			expect(tokenGrants.total).toBeLessThanOrEqual(
				1 + faults.revocations + faults.resetAfterCommit,
			);
		}
		const statuses = countBy(successes.map((item) => String(item.json.status)));
		expect(
			Object.keys(statuses).filter((status) => !['PENDING', 'COMPLETED'].includes(status)),
		).toEqual([]);
		report(`${mode}/${binaryMode}`, {
			successes: successes.length,
			failures: failures.map((item) => item.json),
			statuses,
			faults,
			tokenGrants,
		});
	});
});
