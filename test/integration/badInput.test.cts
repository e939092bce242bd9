/**
 * Bad input, across operations and auth modes: each case is a clear NodeOperationError or NodeApiError
 * naming the bad item, nothing crashes, and under Continue On Fail the items around it still run. The cases live in
 * badInput/ by subject, the runner in badInput/kit.cts. errors.test.cts checks some of them as single items; here
 * each is item 1 of 3 (or all three items, for settings that apply to every item).
 */
import { identities, payments, users } from './badInput/accounts.cts';
import { documents, feedbacks } from './badInput/documents.cts';
import {
	BAD_INPUT,
	expectRefused,
	seedFixture,
	type BadInputCase,
	type Fixture,
} from './badInput/kit.cts';
import { credentials, requestOptions } from './badInput/settings.cts';
import { uploads } from './badInput/uploads.cts';
import { useGini } from './gini.cts';

const gini = useGini(BAD_INPUT);
let fixture: Fixture;
beforeAll(async () => {
	fixture = await seedFixture(gini);
});

const groups: Array<[string, BadInputCase[]]> = [
	['uploads', uploads],
	['documents', documents],
	['feedback', feedbacks],
	['payment requests', payments],
	['users', users],
	['users and identities', identities],
	['request options', requestOptions],
	['credentials', credentials],
];

describe.each(groups)('bad input: %s', (_group, cases) => {
	it.each(cases.map((bad) => [bad.name, bad] as const))('%s', async (_name, bad) => {
		await expectRefused(fixture, bad);
	});
});

it('covers at least 25 cases', () => {
	expect(groups.flatMap(([, cases]) => cases).length).toBeGreaterThanOrEqual(25);
});
