/**
 * Without any Request Options, the node has 10 items in flight: the fake Gini holds every answer until no further
 * request arrives, and records how many it held at once.
 */
import { DEFAULT_CONCURRENCY } from '../../nodes/GiniPay/actions/requestOptions';
import { fakeBasicCredential, fakeDocument, startFakeGini, type FakeGini } from './fakeGini.cts';
import { outputJson, runGini } from './gini.cts';

async function maxInFlight(requestOptions: { concurrency: number } | undefined, items: number) {
	let inFlight = 0;
	let most = 0;
	let release: () => void = () => undefined;
	let gate = new Promise<void>((resolve) => (release = resolve));
	let quiet: ReturnType<typeof setTimeout> | undefined;
	const fake: FakeGini = await startFakeGini(async (request) => {
		inFlight++;
		most = Math.max(most, inFlight);
		// Open the gate once no new request came for 150 ms: every request the node meant to send at once is here.
		clearTimeout(quiet);
		quiet = setTimeout(() => {
			release();
			gate = new Promise<void>((resolve) => (release = resolve));
		}, 150);
		await gate;
		inFlight--;
		return { body: fakeDocument(fake, request.path.split('/').pop() ?? 'x') };
	});
	try {
		const output = outputJson(
			await runGini({
				mode: 'basic',
				credential: fakeBasicCredential(fake),
				parameters: {
					resource: 'document',
					operation: 'get',
					documentId: '={{ $json.id }}',
					...(requestOptions ? { requestOptions } : {}),
				},
				items: Array.from({ length: items }, (_, index) => ({ json: { id: `doc-${index}` } })),
			}),
		);
		expect(output.map((document) => document.id)).toEqual(
			Array.from({ length: items }, (_, index) => `doc-${index}`),
		);
		return most;
	} finally {
		clearTimeout(quiet);
		await fake.close();
	}
}

describe('Concurrency', () => {
	it('sends 10 items at once by default, in input order', async () => {
		expect(DEFAULT_CONCURRENCY).toBe(10);
		expect(await maxInFlight(undefined, 25)).toBe(10);
	});

	it('sends one item after another when set to 1', async () => {
		expect(await maxInFlight({ concurrency: 1 }, 3)).toBe(1);
	});
});
