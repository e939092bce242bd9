/**
 * No password typed into the node ends up in error data. n8n copies the node, with its parameters, into every
 * NodeApiError and NodeOperationError (`error.node.parameters`), stores the error in the run data and logs it; so a
 * literal User Password or Create User password would be kept wherever the run is. For failing items, with and
 * without Continue On Fail, in the action node and the trigger, no password appears in the error, its node
 * parameters, the run data or the logs (secretLeaks.test.cts covers the credentials' secrets).
 */
import { randomUUID } from 'node:crypto';

import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';
import { isSecretParameter } from '../../nodes/GiniPay/actions/errors';
import { formatLogs, pollTrigger } from '../harness/index.cts';
import { credentialTypes, outputJson, runGini, userCenterCredential, useGini } from './gini.cts';
import { EvidenceLocker, render } from './secretScan.cts';

const secret = (label: string) => `${label}-${randomUUID()}`;
const EXISTING = { email: 'existing@app.example.org', password: secret('existing-password') };
const P = {
	login: secret('login-password'),
	wrongLogin: secret('wrong-login-password'),
	created: secret('created-password'),
	duplicate: secret('duplicate-password'),
	orphan: secret('orphan-password'),
	trigger: secret('trigger-password'),
};
const PASSWORDS = { password: [...Object.values(P), EXISTING.password] };

const locker = new EvidenceLocker();
const gini = useGini({ processingMs: 0 });

beforeAll(async () => {
	outputJson(
		await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: { resource: 'user', operation: 'create', ...EXISTING },
		}),
	);
});

/** The node as n8n keeps it in an error, wherever the error sits. */
function errorNode(error: unknown): INode | undefined {
	return (error as { node?: INode } | undefined)?.node;
}

interface FailingCase {
	name: string;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	/** Part of the message of the failing item. */
	message: string;
}

const cases: FailingCase[] = [
	{
		name: 'Login with a wrong literal User Password (Gini answers 400)',
		parameters: {
			resource: 'session',
			operation: 'login',
			userEmail: EXISTING.email,
			userPassword: P.wrongLogin,
		},
		message: 'The User Center refused the e-mail or password',
	},
	{
		name: 'Login with a literal User Password and an e-mail expression that comes out empty',
		parameters: {
			resource: 'session',
			operation: 'login',
			userEmail: '={{ $json.email }}',
			userPassword: P.login,
		},
		message: 'No user e-mail for this item',
	},
	{
		name: 'Login with a literal User Password and no User E-Mail',
		parameters: { resource: 'session', operation: 'login', userEmail: '', userPassword: P.orphan },
		message: "'User Password' is set but 'User E-Mail' is empty",
	},
	{
		name: 'Create User with a literal password and a malformed e-mail',
		parameters: {
			resource: 'user',
			operation: 'create',
			email: 'not-an-e-mail',
			password: P.created,
		},
		message: 'is not a valid e-mail address',
	},
	{
		name: 'Create User with a literal password for an e-mail that exists (Gini refuses it)',
		parameters: {
			resource: 'user',
			operation: 'create',
			email: EXISTING.email,
			password: P.duplicate,
		},
		message: 'already exists',
	},
];

describe.each([false, true])('Continue On Fail %s', (continueOnFail) => {
	it.each(cases.map((failing) => [failing.name, failing] as const))(
		'%s',
		async (label, failing) => {
			const since = locker.evidence.length;
			const result = await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini),
				parameters: failing.parameters,
				items: failing.items,
				continueOnFail,
			});
			if (continueOnFail) {
				expect(result.error).toBeUndefined();
				expect(String(result.output('Gini Pay')[0].json.error)).toContain(failing.message);
			} else {
				expect(result.error?.message).toContain(failing.message);
				const parameters = errorNode(result.error)?.parameters ?? {};
				// The parameters stay, for debugging; only the passwords are gone.
				expect(parameters.resource).toBe(failing.parameters.resource);
				locker.add(`${label}: error.node.parameters`, render(parameters));
				const stored = result.run.data.resultData.runData['Gini Pay']?.[0]?.error;
				expect(stored).toBeDefined();
				locker.add(`${label}: run data error node`, render(errorNode(stored)));
				locker.add(`${label}: execution error`, render(result.run.data.resultData.error));
			}
			locker.add(
				`${label}: error message and description`,
				`${result.error?.message ?? ''}\n${(result.error as { description?: string } | undefined)?.description ?? ''}`,
			);
			locker.add(`${label}: logs`, formatLogs(result.logs));
			// The results n8n stores: every node's runs, with their output items and errors. Not executionData: after a
			// failure n8n keeps the node to run next there as the workflow defines it, parameters and all.
			locker.add(`${label}: run data`, render(result.run.data.resultData));
			expect(locker.findings(PASSWORDS, since)).toEqual([]);
		},
	);
});

it('the trigger: a poll with a wrong literal User Password', async () => {
	const since = locker.evidence.length;
	const reference = { id: 'giniUserCenterApi-1', name: 'Gini User Center' };
	const result = await pollTrigger({
		nodeTypes: [new GiniPayTrigger()],
		credentialTypes,
		credentials: [{ type: 'giniUserCenterApi', ...reference, data: userCenterCredential(gini) }],
		node: {
			name: 'Gini Pay Trigger',
			type: 'n8n-nodes-gini-pay.giniPayTrigger',
			parameters: {
				authentication: 'userCenter',
				userEmail: EXISTING.email,
				userPassword: P.trigger,
			},
			credentials: { giniUserCenterApi: reference },
		},
	});
	expect(result.error?.message).toContain('The User Center refused the e-mail or password');
	expect(errorNode(result.error)?.parameters.authentication).toBe('userCenter');
	locker.add('trigger: error', render(result.error));
	locker.add('trigger: error.node.parameters', render(errorNode(result.error)?.parameters));
	locker.add('trigger: logs', render(result.logs));
	expect(locker.findings(PASSWORDS, since)).toEqual([]);
});

it('redacts every parameter the node marks as a password, by its name', () => {
	const names: string[] = [];
	const collect = (
		properties: Array<{ name: string; typeOptions?: { password?: boolean }; options?: unknown[] }>,
	) => {
		for (const property of properties) {
			if (property.typeOptions?.password) names.push(property.name);
			const nested = (property.options ?? []).filter(
				(option): option is (typeof properties)[number] =>
					typeof option === 'object' && option !== null && 'name' in option && 'type' in option,
			);
			collect(nested);
		}
	};
	collect(new GiniPay().description.properties);
	collect(new GiniPayTrigger().description.properties);
	expect(names).toEqual(expect.arrayContaining(['userPassword', 'password']));
	expect(names.filter((name) => !isSecretParameter(name))).toEqual([]);
});

it('the passwords it looks for were really in the node parameters', () => {
	// Guards the scan itself: had the node never held them, finding none would prove nothing.
	expect(
		cases.filter((failing) =>
			Object.values(failing.parameters).some((value) => Object.values(P).includes(String(value))),
		),
	).toHaveLength(cases.length);
});
