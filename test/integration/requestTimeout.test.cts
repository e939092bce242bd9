/** A Request Timeout under 1 ms (e.g. from an expression) must still be a timeout, never "no timeout at all". */
import { NodeApiError } from 'n8n-workflow';

import { resetTokenCache, runGini } from './gini.cts';
import { fakeBasicCredential, fakeDocument, startFakeGini, type FakeGini } from './fakeGini.cts';

let fake: FakeGini;
beforeAll(async () => {
	fake = await startFakeGini(() => ({ delayMs: 3_000, body: fakeDocument(fake, 'doc-1') }));
});
afterAll(async () => await fake.close());
beforeEach(() => resetTokenCache());

it.each([0.0001, 0.0004])(
	'a timeout of %s s times the request out instead of waiting for ever',
	async (requestTimeout) => {
		// The fake never answers: without the timeout this run would hang until jest gives up.
		const result = await runGini({
			mode: 'basic',
			credential: fakeBasicCredential(fake),
			parameters: {
				resource: 'document',
				operation: 'get',
				documentId: 'doc-1',
				requestOptions: { requestTimeout, maxRetries: 0 },
			},
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(/did not answer within/);
	},
);
