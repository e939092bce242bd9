/**
 * One retry budget per request of an item: 429/5xx/network retries and renewals of a refused cached token draw
 * from the same Max Retries, so one item cannot make (1 + retries) × (1 + renewals) attempts.
 */
import { NodeApiError } from 'n8n-workflow';

import { outputJson, resetTokenCache, runGini, userCenterCredential, useGini } from './gini.cts';
import {
	fakeDocument,
	fakeUserCenterCredential,
	startFakeGini,
	type FakeGini,
	type FakeReply,
} from './fakeGini.cts';

const getDocument = (documentId: string, maxRetries: number) => ({
	resource: 'document',
	operation: 'get',
	documentId,
	requestOptions: { maxRetries },
});

describe('at the emulator', () => {
	const gini = useGini({ processingMs: 0, seed: 7 });

	async function cachedTokenAndDocument(
		credential: ReturnType<typeof userCenterCredential>,
	): Promise<string> {
		const [created] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential,
				parameters: {
					resource: 'user',
					operation: 'create',
					email: `budget-${Date.now()}@app.example.org`,
					password: 'budget-password',
				},
			}),
		);
		const user = { userEmail: String(created.email), userPassword: 'budget-password' };
		const [listed] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: { ...credential, ...user },
				parameters: { resource: 'document', operation: 'getAll', returnAll: true },
			}),
		).concat([{ id: 'no-such-document' }]);
		Object.assign(credential, user);
		return String(listed.id);
	}

	it.each([0, 1, 4, 10])(
		'Max Retries %i: at most 1 + Max Retries attempts per item while tokens are revoked and Gini is unavailable',
		async (maxRetries) => {
			const credential = userCenterCredential(gini);
			const documentId = await cachedTokenAndDocument(credential);
			gini.setFaults({
				routes: ['GET /documents/{id}'],
				share503: 0.6,
				retryAfterSeconds: 0,
				revokeTokensEveryNRequests: 3,
			});
			gini.resetCounters();
			const items = Array.from({ length: 4 }, () => ({ json: {} }));
			const result = await runGini({
				mode: 'userCenter',
				credential,
				parameters: getDocument(documentId, maxRetries),
				items,
				continueOnFail: true,
			});
			expect(result.output('Gini Pay')).toHaveLength(4);
			expect(gini.counters().requests.byRoute['GET /documents/{id}']).toBeLessThanOrEqual(
				4 * (1 + Math.max(1, maxRetries)),
			);
		},
	);

	it('503s alone: exactly 1 + Max Retries attempts', async () => {
		const credential = userCenterCredential(gini);
		const documentId = await cachedTokenAndDocument(credential);
		gini.setFaults({ routes: ['GET /documents/{id}'], share503: 1, retryAfterSeconds: 0 });
		gini.resetCounters();
		const result = await runGini({
			mode: 'userCenter',
			credential,
			parameters: getDocument(documentId, 2),
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(gini.counters().requests.byRoute['GET /documents/{id}']).toBe(3);
	});
});

describe('at a fake Gini that answers 503 four times, then 401, in every round', () => {
	let fake: FakeGini;
	let tokens = 0;
	beforeAll(async () => {
		fake = await startFakeGini((request, count): FakeReply => {
			if (request.path === '/oauth/token') {
				return {
					headers: { 'content-type': 'application/json' },
					body: {
						access_token: `token-${++tokens}-abcdef`,
						token_type: 'bearer',
						expires_in: 3600,
					},
				};
			}
			if (count === 0) return { body: fakeDocument(fake, 'doc-1') };
			return (count - 1) % 5 < 4
				? { status: 503, headers: { 'retry-after': '0' }, body: { message: 'busy' } }
				: { status: 401, body: { message: 'token revoked' } };
		});
	});
	afterAll(async () => await fake.close());

	it('makes at most 1 + Max Retries attempts (was 25 at the defaults)', async () => {
		resetTokenCache();
		const credential = fakeUserCenterCredential(fake);
		outputJson(
			await runGini({ mode: 'userCenter', credential, parameters: getDocument('doc-1', 4) }),
		);
		const before = fake.count('GET', '/documents/doc-1');
		const result = await runGini({
			mode: 'userCenter',
			credential,
			parameters: getDocument('doc-1', 4),
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(fake.count('GET', '/documents/doc-1') - before).toBeLessThanOrEqual(5);
	});
});
