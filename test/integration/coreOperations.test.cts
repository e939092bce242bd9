import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO_CLIENTS } from '../emulator/index.cts';
import {
	basicCredential,
	invoiceItems,
	jwtCredential,
	outputJson,
	runGini,
	userCenterCredential,
	type Mode,
	useGini,
} from './gini.cts';

const gini = useGini({ processingMs: 50 });

async function anonymousUser(email: string, password = 'secret-123') {
	const result = await runGini({
		mode: 'userCenter',
		credential: userCenterCredential(gini),
		parameters: { resource: 'user', operation: 'create', email, password },
	});
	outputJson(result);
	return { email, password };
}

const credentialFor: Record<Mode, () => ICredentialDataDecryptedObject> = {
	basic: () => basicCredential(gini),
	jwt: () => jwtCredential(gini),
	userCenter: () =>
		userCenterCredential(gini, {
			userEmail: 'default@app.example.org',
			userPassword: 'secret-123',
		}),
};

describe.each<Mode>(['basic', 'jwt', 'userCenter'])('in %s mode', (mode) => {
	beforeAll(async () => {
		if (mode === 'userCenter') await anonymousUser('default@app.example.org');
	});

	it('uploads invoices and outputs each created document', async () => {
		const before = gini.documents().length;
		const items = await invoiceItems(3);
		const result = await runGini({
			mode,
			credential: credentialFor[mode](),
			parameters: {
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
			},
			items,
		});
		const documents = outputJson(result);
		expect(documents).toHaveLength(3);
		for (const [index, document] of documents.entries()) {
			expect(document).toMatchObject({
				documentId: expect.any(String),
				fileName: items[index].binary?.data.fileName,
			});
			expect(['PENDING', 'COMPLETED']).toContain(document.status);
		}
		expect(result.output('Gini Pay').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(gini.documents().length - before).toBe(3);
		const stored = gini
			.documents()
			.filter((doc) => documents.some((out) => out.documentId === doc.id));
		expect(stored.map((doc) => doc.mediaType)).toEqual([
			'application/pdf',
			'application/pdf',
			'application/pdf',
		]);
	});

	it('lists the user’s documents with a limit, and all of them with Return All', async () => {
		// Its own three documents, so that the test does not depend on the uploads of another.
		const uploaded = outputJson(
			await runGini({
				mode,
				credential: credentialFor[mode](),
				parameters: { resource: 'document', operation: 'upload', binaryPropertyName: 'data' },
				items: await invoiceItems(3),
			}),
		);
		expect(uploaded).toHaveLength(3);
		const limited = outputJson(
			await runGini({
				mode,
				credential: credentialFor[mode](),
				parameters: { resource: 'document', operation: 'getAll', returnAll: false, limit: 2 },
			}),
		);
		expect(limited).toHaveLength(2);
		const all = outputJson(
			await runGini({
				mode,
				credential: credentialFor[mode](),
				parameters: { resource: 'document', operation: 'getAll', returnAll: true },
			}),
		);
		expect(all.map((doc) => doc.id)).toEqual(
			expect.arrayContaining(uploaded.map((doc) => doc.documentId)),
		);
		expect(new Set(all.map((doc) => doc.id)).size).toBe(all.length);
	});

	it('logs in and hands over a token that the Pay API accepts, from the cache the second time', async () => {
		const login = { resource: 'session', operation: 'login' };
		const [first] = outputJson(
			await runGini({ mode, credential: credentialFor[mode](), parameters: login }),
		);
		expect(first).toMatchObject({
			accessToken: expect.any(String),
			tokenType: expect.stringMatching(/bearer/i),
			fromCache: false,
			expiresIn: expect.any(Number),
			expiresAt: expect.any(String),
		});
		const response = await fetch(`${gini.payApiUrl}/documents`, {
			headers: {
				Authorization: `Bearer ${first.accessToken}`,
				Accept: 'application/vnd.gini.v1+json',
			},
		});
		expect(response.status).toBe(200);

		const [second] = outputJson(
			await runGini({ mode, credential: credentialFor[mode](), parameters: login }),
		);
		expect(second).toMatchObject({ accessToken: first.accessToken, fromCache: true });

		const [forced] = outputJson(
			await runGini({
				mode,
				credential: credentialFor[mode](),
				parameters: { ...login, options: { forceNew: true } },
			}),
		);
		expect(forced.fromCache).toBe(false);
		expect(forced.accessToken).not.toBe(first.accessToken);
	});
});

describe('user / create', () => {
	it('creates a user with a generated password that can log in', async () => {
		const [created] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini),
				parameters: {
					resource: 'user',
					operation: 'create',
					email: 'generated@app.example.org',
					password: '',
				},
			}),
		);
		expect(created).toMatchObject({
			id: expect.any(String),
			email: 'generated@app.example.org',
			location: `${gini.userCenterUrl}/api/users/${created.id}`,
			passwordGenerated: true,
			password: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
		const [login] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini),
				parameters: {
					resource: 'session',
					operation: 'login',
					userEmail: 'generated@app.example.org',
					userPassword: String(created.password),
				},
			}),
		);
		expect(login.accessToken).toEqual(expect.any(String));
	});

	it('does not output a password the user chose', async () => {
		const [created] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini),
				parameters: {
					resource: 'user',
					operation: 'create',
					email: 'chosen@app.example.org',
					password: 'chosen-pw',
				},
			}),
		);
		expect(created).not.toHaveProperty('password');
	});

	it('refuses in a derived-user mode with a clear error', async () => {
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini),
			parameters: { resource: 'user', operation: 'create', email: 'x@app.example.org' },
		});
		expect(result.error?.message).toBe('Creating users needs the Gini User Center credential');
	});

	it('reports a taken e-mail as Gini’s 400', async () => {
		// Its own user, so that the test does not depend on the users of another.
		const create = (password: string) =>
			runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini),
				parameters: {
					resource: 'user',
					operation: 'create',
					email: 'taken@app.example.org',
					password,
				},
			});
		expect((await create('first-pw')).error).toBeUndefined();
		const result = await create('other-pw');
		expect(result.error).toMatchObject({ httpCode: '400' });
	});
});

describe('per-item users', () => {
	it('acts for the user each item names, and users never see each other’s documents', async () => {
		const items = await invoiceItems(2, (index) => ({ user: `tenant-${index}` }));
		const uploaded = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini),
				parameters: {
					resource: 'document',
					operation: 'upload',
					waitForExtractions: false,
					binaryPropertyName: 'data',
					userIdentifier: '={{ $json.user }}',
				},
				items,
			}),
		);
		const owners = uploaded.map(
			(doc) => gini.documents().find((stored) => stored.id === doc.documentId)?.owner,
		);
		expect(owners).toEqual([
			`derived:${DEMO_CLIENTS.derived.clientId}:tenant-0`,
			`derived:${DEMO_CLIENTS.derived.clientId}:tenant-1`,
		]);
		const listed = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini),
				parameters: {
					resource: 'document',
					operation: 'getAll',
					returnAll: true,
					userIdentifier: 'tenant-1',
				},
			}),
		);
		expect(listed.map((doc) => doc.id)).toEqual([uploaded[1].documentId]);
	});
});
