/**
 * Executions that share a token acquisition (shared/tokenCache.ts single-flight) stay independent: each one waits
 * for the shared login under its own Request Timeout and Max Retries, fails with an error that names its own node
 * and parameters, and a short timeout of the execution that happened to start the login does not cut the login
 * short for the others. Two executions run at once in n8n's engine against a slow login on the emulator.
 */
import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	basicCredential,
	invoiceItems,
	outputJson,
	runGini,
	userCenterCredential,
	type Mode,
	useGini,
} from './gini.cts';
import type { WorkflowRunResult } from '../harness/index.cts';
import { sharedTokenCache } from '../../nodes/GiniPay/shared/tokenCache';
import {
	fakeBasicCredential,
	fakeUserCenterCredential,
	startFakeGini,
	type FakeGini,
} from './fakeGini.cts';

const login = { resource: 'session', operation: 'login' };
const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};
const ANONYMOUS = { userEmail: 'shared@app.example.org', userPassword: 'shared-password' };

const gini = useGini({ processingMs: 0 });

beforeAll(async () => {
	outputJson(
		await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: {
				resource: 'user',
				operation: 'create',
				email: ANONYMOUS.userEmail,
				password: ANONYMOUS.userPassword,
			},
		}),
	);
});

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function options(requestTimeout: number, maxRetries = 0): INodeParameters {
	return { requestOptions: { requestTimeout, maxRetries } };
}

let pairs = 0;

/** Execution A starts the token acquisition; B asks for the same token 200 ms later and so joins A's. */
async function twoExecutions(
	mode: Mode,
	parameters: INodeParameters,
	a: INodeParameters,
	b: INodeParameters,
): Promise<[WorkflowRunResult, WorkflowRunResult]> {
	// A derived user of its own for each pair: a login that outlives its test (a waiter that timed out leaves it
	// running) is never shared with the next test's executions, in whatever order the tests run.
	const credential =
		mode === 'basic'
			? basicCredential(gini, { userIdentifier: `waiter-${++pairs}` })
			: userCenterCredential(gini, ANONYMOUS);
	const items = parameters === upload ? await invoiceItems(1) : undefined;
	const run = async (own: INodeParameters) =>
		await runGini({ mode, credential, parameters: { ...parameters, ...own }, items });
	return await Promise.all([run(a), pause(200).then(async () => await run(b))]);
}

function errorNode(result: WorkflowRunResult): INode | undefined {
	return (result.error as NodeApiError | undefined)?.node;
}

it('a waiter gets the token when the execution that started the login gives up at its own, shorter timeout', async () => {
	gini.setFaults({ latencyMs: 2000, routes: ['POST /login'] });
	const [a, b] = await twoExecutions('basic', login, options(1), options(30));
	expect(a.error).toBeInstanceOf(NodeApiError);
	expect(a.error?.message).toContain('did not answer within 1 s');
	expect(b.error).toBeUndefined();
	expect(outputJson(b)[0].accessToken).toEqual(expect.any(String));
	// One login for both: the shared one went on after A stopped waiting.
	expect(gini.counters().requests.byRoute['POST /login']).toBe(1);
});

it('a waiter that times out gets an error with its own timeout, node parameters and item', async () => {
	gini.setFaults({ latencyMs: 3000, routes: ['POST /login'] });
	const [a, b] = await twoExecutions('basic', login, options(1), options(2));
	expect(a.error?.message).toContain('did not answer within 1 s');
	expect(b.error).toBeInstanceOf(NodeApiError);
	expect(b.error?.message).toContain('did not answer within 2 s');
	expect((errorNode(b)?.parameters.requestOptions as INodeParameters).requestTimeout).toBe(2);
	expect((errorNode(a)?.parameters.requestOptions as INodeParameters).requestTimeout).toBe(1);
	expect((b.error as NodeApiError).context.itemIndex).toBe(0);
});

it('User Center: an upload waiting on a slow password grant started by a 1 s execution succeeds', async () => {
	gini.setFaults({ latencyMs: 2000, routes: ['POST /oauth/token'] });
	const [a, b] = await twoExecutions('userCenter', upload, options(1), options(30));
	expect(a.error?.message).toContain('did not answer within 1 s');
	expect(b.error).toBeUndefined();
	expect(outputJson(b)).toHaveLength(1);
	expect(gini.counters().tokenGrants.password).toBe(1);
});

it('a waiter with retries left acquires the token itself when the shared login failed with a transient answer', async () => {
	// The login A starts is answered 503 after 500 ms; A has no retry left, B (joined at 200 ms) has three.
	gini.setFaults({ share503: 1, latencyMs: 500, routes: ['POST /login'] });
	const healed = pause(600).then(() => gini.setFaults({}));
	const [a, b] = await twoExecutions('basic', login, options(1), options(30, 3));
	await healed;
	expect(a.error?.message).toContain('answered 503');
	expect(b.error).toBeUndefined();
	expect(outputJson(b)[0].accessToken).toEqual(expect.any(String));
});

/** Resolves once `condition` holds, looking every 10 ms. */
async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await pause(10);
}

describe('stopping an execution during a shared login', () => {
	let fake: FakeGini | undefined;
	let release = () => {};
	afterEach(async () => {
		release();
		jest.restoreAllMocks();
		await fake?.close();
		fake = undefined;
	});

	it.each([
		['basic', '/login'],
		['userCenter', '/oauth/token'],
	] as const)(
		'%s: the executions waiting on it get their token, the stopped one stops',
		async (mode, path) => {
			// The first login is held until the test ends, so it is under way when A is stopped, however slow the
			// machine; later ones are answered at once.
			const held = new Promise<void>((resolve) => (release = resolve));
			fake = await startFakeGini(async (request, before) => {
				if (request.path !== path) return { status: 404, body: {} };
				if (before === 0) await held;
				return {
					headers: { 'content-type': 'application/json' },
					body: { access_token: `token-${before}`, token_type: 'bearer', expires_in: 3600 },
				};
			});
			const credential =
				mode === 'basic'
					? fakeBasicCredential(fake, { userIdentifier: `stopped-${++pairs}` })
					: fakeUserCenterCredential(fake);
			const run = async (cancelSignal?: AbortSignal) =>
				await runGini({
					mode,
					credential,
					parameters: { ...login, ...options(30) },
					cancelSignal,
				});
			const lookups = jest.spyOn(sharedTokenCache, 'get');
			const logins = () => fake?.count('POST', path) ?? 0;
			// A starts the login; once Gini has it, B and C ask for the same token and join it; then A is stopped.
			const stop = new AbortController();
			const a = run(stop.signal);
			await until(() => logins() === 1);
			const waiters = [run(), run()];
			await until(() => lookups.mock.calls.length === 3);
			stop.abort();
			const [b, c] = await Promise.all(waiters);
			const stopped = await a;
			expect(stopped.run.status).toBe('canceled');
			expect(stopped.run.data.resultData.runData['Gini Pay']?.[0]?.data).toBeUndefined();
			for (const waiter of [b, c]) {
				expect(waiter.error).toBeUndefined();
				expect(outputJson(waiter)).toEqual([expect.objectContaining({ accessToken: 'token-1' })]);
			}
			// A's own login was cancelled with it; B or C started another, which the other one shared.
			expect(logins()).toBe(2);
		},
	);

	it('a stopped execution waiting on a login another one started stops waiting at once', async () => {
		const held = new Promise<void>((resolve) => (release = resolve));
		fake = await startFakeGini(async () => {
			await held;
			return {
				headers: { 'content-type': 'application/json' },
				body: { access_token: 'token-shared', token_type: 'bearer', expires_in: 3600 },
			};
		});
		const credential = fakeBasicCredential(fake, { userIdentifier: `stopped-${++pairs}` });
		const run = async (cancelSignal?: AbortSignal) =>
			await runGini({
				mode: 'basic',
				credential,
				parameters: { ...login, ...options(30) },
				cancelSignal,
			});
		const lookups = jest.spyOn(sharedTokenCache, 'get');
		const a = run();
		await until(() => (fake?.count('POST', '/login') ?? 0) === 1);
		const stop = new AbortController();
		const b = run(stop.signal);
		await until(() => lookups.mock.calls.length === 2);
		stop.abort();
		// B ends while A's login is still held (without the fix it waited out its 30 s Request Timeout).
		expect((await b).run.status).toBe('canceled');
		release();
		expect(outputJson(await a)[0].accessToken).toBe('token-shared');
		expect(fake.count('POST', '/login')).toBe(1);
	});
});
