/**
 * Which user an item acts for. A User field left empty uses the credential's default user; a field whose expression
 * resolves to nothing (a missing key, null, "" or blanks) fails that item instead, so that in a multi-tenant
 * workflow an item without a tenant never lands in the default user's account. Numbers from expressions are taken
 * as their text.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

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

const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};
const login = { resource: 'session', operation: 'login' };
const DEFAULT_ANONYMOUS = {
	userEmail: 'default@app.example.org',
	userPassword: 'default-password',
};
const TENANT = { email: 'tenant@app.example.org', password: 'tenant-password' };
const NUMERIC_PASSWORD = 12345678;

const gini = useGini({ processingMs: 0 });

async function createUser(email: string, password: unknown): Promise<void> {
	outputJson(
		await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: {
				resource: 'user',
				operation: 'create',
				email,
				password: '={{ $json.password }}',
			},
			items: [{ json: { password } as IDataObject }],
		}),
	);
}

beforeAll(async () => {
	await createUser(DEFAULT_ANONYMOUS.userEmail, DEFAULT_ANONYMOUS.userPassword);
	await createUser(TENANT.email, TENANT.password);
});

const derivedOwners = (clientId: string) =>
	new Set(
		gini
			.documents()
			.map((document) => document.owner)
			.filter((owner) => owner.startsWith(`derived:${clientId}:`)),
	);

describe.each<[Mode, string, typeof basicCredential]>([
	['basic', DEMO_CLIENTS.derived.clientId, basicCredential],
	['jwt', DEMO_CLIENTS.jwt.clientId, jwtCredential],
])('%s: User Identifier', (mode, clientId, credential) => {
	const blanks: IDataObject[] = [{}, { userId: '' }, { userId: '   ' }, { userId: null }];

	it('fails each item whose expression resolves to nothing, and never uses the default user for it', async () => {
		const before = derivedOwners(clientId);
		const items = await invoiceItems(2 + blanks.length, (index) =>
			index === 0 ? { userId: 'tenant-a' } : index === 1 ? { userId: 4711 } : blanks[index - 2],
		);
		const result = await runGini({
			mode,
			credential: credential(gini, { userIdentifier: `default-${mode}` }),
			parameters: { ...upload, userIdentifier: '={{ $json.userId }}' },
			items,
			continueOnFail: true,
		});
		const out = outputJson(result);
		expect(out).toHaveLength(items.length);
		expect(out[0]).not.toHaveProperty('error');
		// A number is its text, not "trim is not a function".
		expect(out[1]).not.toHaveProperty('error');
		for (const item of out.slice(2)) {
			expect(item.error).toBe('No user identifier for this item');
			expect(String(item.description)).toContain('User Identifier');
		}
		const owners = derivedOwners(clientId);
		expect(owners.has(`derived:${clientId}:default-${mode}`)).toBe(
			before.has(`derived:${clientId}:default-${mode}`),
		);
		expect(owners).toContain(`derived:${clientId}:tenant-a`);
		expect(owners).toContain(`derived:${clientId}:4711`);
	});

	it('fails the node on the first such item without Continue On Fail', async () => {
		const result = await runGini({
			mode,
			credential: credential(gini),
			parameters: { ...login, userIdentifier: '={{ $json.userId }}' },
			items: [{ json: { userId: 'tenant-a' } }, { json: { userId: ' ' } }],
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		expect(result.error?.message).toBe('No user identifier for this item');
	});

	it("uses the credential's default user when the field is left empty, and a literal user as given", async () => {
		const [byDefault] = outputJson(
			await runGini({
				mode,
				credential: credential(gini, { userIdentifier: 'the-default' }),
				parameters: { ...login, userIdentifier: '' },
			}),
		);
		expect(byDefault.user).toBe('the-default');
		const [literal] = outputJson(
			await runGini({
				mode,
				credential: credential(gini),
				parameters: { ...login, userIdentifier: 'literal-user' },
			}),
		);
		expect(literal.user).toBe('literal-user');
	});
});

describe('User Center: User E-Mail and User Password', () => {
	const credential = () => userCenterCredential(gini, DEFAULT_ANONYMOUS);
	const perItem = {
		...login,
		userEmail: '={{ $json.email }}',
		userPassword: '={{ $json.password }}',
	};

	it('fails an item whose e-mail expression resolves to nothing instead of logging in the default user', async () => {
		const result = await runGini({
			mode: 'userCenter',
			credential: credential(),
			parameters: perItem,
			items: [
				{ json: TENANT },
				{ json: { password: 'tenant-password' } },
				{ json: { email: ' ', password: 'tenant-password' } },
				{ json: { email: null, password: 'tenant-password' } },
			],
			continueOnFail: true,
		});
		const out = outputJson(result);
		expect(out[0].user).toBe(TENANT.email);
		for (const item of out.slice(1)) {
			expect(item.error).toBe('No user e-mail for this item');
			expect(item).not.toHaveProperty('accessToken');
		}
	});

	it('fails an item whose password expression resolves to nothing', async () => {
		const result = await runGini({
			mode: 'userCenter',
			credential: credential(),
			parameters: perItem,
			items: [{ json: { email: TENANT.email } }],
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('No user password for this item');
	});

	it('takes a numeric password from an expression as its digits, in Create User as in User Password', async () => {
		await createUser('numeric@app.example.org', NUMERIC_PASSWORD);
		const [out] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: credential(),
				parameters: perItem,
				items: [{ json: { email: 'numeric@app.example.org', password: NUMERIC_PASSWORD } }],
			}),
		);
		expect(out.user).toBe('numeric@app.example.org');
	});

	it('refuses a password given without an e-mail rather than ignoring it', async () => {
		const result = await runGini({
			mode: 'userCenter',
			credential: credential(),
			parameters: { ...login, userEmail: '', userPassword: 'tenant-password' },
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe("'User Password' is set but 'User E-Mail' is empty");
	});

	it("uses the credential's default user when both fields are left empty", async () => {
		const [out] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: credential(),
				parameters: { ...login, userEmail: '', userPassword: '' },
			}),
		);
		expect(out.user).toBe(DEFAULT_ANONYMOUS.userEmail);
	});
});
