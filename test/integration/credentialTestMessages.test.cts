/**
 * A credential test checks what a run will need, and fails with a message a no-code user can act on: the same
 * field names as the form and the node, and what to change. A test that passes means the run gets past
 * authentication for the credential's default user.
 */
import { createServer } from 'node:net';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { startLoopbackServer } from '../harness/loopback-server.cts';
import { testCredential } from '../harness/index.cts';
import {
	basicCredential,
	jwtCredential,
	outputJson,
	runGini,
	userCenterCredential,
	useGini,
} from './gini.cts';

const gini = useGini();

const LIST = { resource: 'document', operation: 'getAll', returnAll: false, limit: 1 };

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('Basic and JWT without a Default User Identifier: the test and the run agree', () => {
	const cases = [
		['Basic', new GiniPayBasicApi(), 'basic', basicCredential] as const,
		['JWT', new GiniPayJwtApi(), 'jwt', jwtCredential] as const,
	];

	it.each(cases)(
		'%s: the test fails naming the field, and sends nothing (no derived user is created)',
		async (_name, type, _mode, credential) => {
			const result = await testCredential(type, credential(gini, { userIdentifier: '' }));
			expect(result.status).toBe('Error');
			expect(result.message).toContain('Default User Identifier');
			expect(gini.counters().requests.total).toBe(0);
			expect(gini.counters().usersCreated).toBe(0);
		},
	);

	it.each(cases)(
		"%s: the run names 'User Identifier' in the node and 'Default User Identifier' in the credential",
		async (_name, _type, mode, credential) => {
			const run = await runGini({
				mode,
				credential: credential(gini, { userIdentifier: '' }),
				parameters: LIST,
			});
			const error = run.error as (Error & { description?: string }) | undefined;
			const text = `${error?.message} ${error?.description}`;
			expect(text).toContain("'User Identifier'");
			expect(text).toContain("'Default User Identifier'");
			expect(text).not.toContain("'User'");
			expect(gini.counters().requests.total).toBe(0);
		},
	);

	it.each(cases)(
		'%s: with a Default User Identifier both pass',
		async (_name, type, mode, credential) => {
			expect(await testCredential(type, credential(gini))).toMatchObject({ status: 'OK' });
			const run = await runGini({ mode, credential: credential(gini), parameters: LIST });
			expect(run.error).toBeUndefined();
		},
	);
});

describe('plain messages for failed credential tests', () => {
	it('Basic, wrong secret: names the Client ID and Client Secret', async () => {
		const result = await testCredential(
			new GiniPayBasicApi(),
			basicCredential(gini, { clientSecret: 'nope-nope' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused.*Client ID.*Client Secret/);
		expect(result.message).toContain('401');
		expect(result.message).not.toContain('nope-nope');
	});

	it('JWT, wrong issuer: names the fields the JWT is made of', async () => {
		const result = await testCredential(
			new GiniPayJwtApi(),
			jwtCredential(gini, { issuer: 'https://someone-else.example' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused the signed token/);
		expect(result.message).toContain('Issuer');
	});

	it('a Pay API Base URL with a path Gini does not serve: 404 names the field', async () => {
		const result = await testCredential(
			new GiniPayBasicApi(),
			basicCredential(gini, { payApiUrl: `${gini.payApiUrl}/api` }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('404');
		expect(result.message).toContain('Pay API Base URL');
	});

	it('403: the client is known but may not do this', async () => {
		const server = await startLoopbackServer(() => ({
			status: 403,
			body: { message: 'Forbidden', requestId: 'r-1' },
		}));
		try {
			const result = await testCredential(
				new GiniPayBasicApi(),
				basicCredential(gini, { payApiUrl: server.url }),
			);
			expect(result.status).toBe('Error');
			expect(result.message).toContain('403');
			expect(result.message).toMatch(/derived users/);
		} finally {
			await server.close();
		}
	});

	it('User Center, wrong client secret: names the Client ID and Client Secret', async () => {
		const result = await testCredential(
			new GiniUserCenterApi(),
			userCenterCredential(gini, { clientSecret: 'nope-nope' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused.*Client ID.*Client Secret/);
	});

	it('nothing listens at the Pay API Base URL: the test says so', async () => {
		const url = `http://127.0.0.1:${await closedPort()}`;
		const result = await testCredential(
			new GiniPayBasicApi(),
			basicCredential(gini, { payApiUrl: url }),
		);
		expect(result.status).toBe('Error');
		// n8n's tester reports a failure without an answer by its error code alone (see docs/n8n-notes.md).
		expect(result.message).toBe('ECONNREFUSED');
	});
});

describe('User Center: the test logs the default user in, as the run will', () => {
	async function createUser(email: string, password: string): Promise<void> {
		const created = await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: { resource: 'user', operation: 'create', email, password },
		});
		outputJson(created);
	}

	it('a default user that does not exist: the test fails and the run says plainly why', async () => {
		const data = userCenterCredential(gini, {
			userEmail: 'nobody@app.example.org',
			userPassword: 'secret-123',
		});
		const result = await testCredential(new GiniUserCenterApi(), data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Default User E-Mail.*Default User Password/);
		expect(gini.counters().tokenGrants.password).toBe(0);

		const run = await runGini({ mode: 'userCenter', credential: data, parameters: LIST });
		expect(run.error?.message).toBe(
			'The User Center refused the e-mail or password of the user nobody@app.example.org',
		);
		// Gini's own words stay in the description.
		expect((run.error as { description?: string } | undefined)?.description).toContain(
			'Bad credentials',
		);
	});

	it('a wrong password for a user that exists fails the test', async () => {
		await createUser('known@app.example.org', 'right-password');
		const result = await testCredential(
			new GiniUserCenterApi(),
			userCenterCredential(gini, {
				userEmail: 'known@app.example.org',
				userPassword: 'wrong-password',
			}),
		);
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain('wrong-password');
	});

	it('a default user that exists passes, with one password login', async () => {
		await createUser('tested@app.example.org', 'secret-123');
		gini.resetCounters();
		const data = userCenterCredential(gini, {
			userEmail: 'tested@app.example.org',
			userPassword: 'secret-123',
		});
		expect(await testCredential(new GiniUserCenterApi(), data)).toMatchObject({ status: 'OK' });
		expect(gini.counters().tokenGrants.password).toBe(1);
		expect(gini.counters().tokenGrants.client_credentials).toBe(0);
	});

	it('without a default user, the test checks the client with a client token', async () => {
		expect(await testCredential(new GiniUserCenterApi(), userCenterCredential(gini))).toMatchObject(
			{ status: 'OK' },
		);
		expect(gini.counters().tokenGrants.client_credentials).toBe(1);
		expect(gini.counters().tokenGrants.password).toBe(0);
	});
});
