/**
 * Every password the node learns stays out of its errors, also when the User Center quotes it back in plain words
 * (not as a form field or a JSON member, which are redacted by their names): the User Password of an item, the
 * password of a user Create User makes (given or generated), and the trigger's User Password.
 */
import { NodeApiError } from 'n8n-workflow';

import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';
import { pollTrigger } from '../harness/index.cts';
import { credentialTypes, resetTokenCache, runGini } from './gini.cts';
import {
	fakeUserCenterCredential,
	startFakeGini,
	type FakeGini,
	type FakeRequest,
} from './fakeGini.cts';

let fake: FakeGini | undefined;
afterEach(async () => {
	await fake?.close();
	fake = undefined;
	resetTokenCache();
});

const ITEM_PASSWORD = 'item-password-7f3a9c';
const NEW_PASSWORD = 'new-user-password-2b8e41';
const TRIGGER_PASSWORD = 'trigger-password-5d0c77';

/** The password a request carried: the form field of a password grant, or the JSON member of a user creation. */
function passwordOf(request: FakeRequest): string {
	const form = new URLSearchParams(request.body).get('password');
	if (form) return form;
	try {
		return String((JSON.parse(request.body) as { password?: unknown }).password ?? '');
	} catch {
		return '';
	}
}

/** A User Center that hands out client tokens and refuses everything else, quoting the password it got. */
async function quotingUserCenter(): Promise<FakeGini> {
	return await startFakeGini((request) => {
		if (
			request.path === '/oauth/token' &&
			request.query.get('grant_type') === 'client_credentials'
		) {
			return {
				body: { access_token: 'client-token-0001', token_type: 'bearer', expires_in: 3600 },
			};
		}
		const said = `the password ${passwordOf(request)} is not accepted`;
		return request.path === '/oauth/token'
			? { status: 400, body: { error: 'invalid_grant', error_description: said } }
			: { status: 400, body: { message: said } };
	});
}

function everything(error: unknown): string {
	const details = error as NodeApiError & { messages?: string[] };
	return JSON.stringify({
		message: details.message,
		description: details.description,
		messages: details.messages,
		cause: details.cause,
		context: details.context,
	});
}

it("an item's own User Password is redacted from the User Center's refusal", async () => {
	fake = await quotingUserCenter();
	const result = await runGini({
		mode: 'userCenter',
		credential: fakeUserCenterCredential(fake),
		parameters: {
			resource: 'document',
			operation: 'get',
			documentId: 'doc-1',
			userEmail: 'item-user@app.example.org',
			userPassword: ITEM_PASSWORD,
			requestOptions: { maxRetries: 0 },
		},
	});
	expect(result.error).toBeInstanceOf(NodeApiError);
	const text = everything(result.error);
	expect(text).toContain('is not accepted');
	expect(text).not.toContain(ITEM_PASSWORD);
});

it.each([
	['given', NEW_PASSWORD],
	['generated', ''],
])('Create User: the %s password is redacted from the refusal', async (_, password) => {
	fake = await quotingUserCenter();
	const result = await runGini({
		mode: 'userCenter',
		credential: fakeUserCenterCredential(fake),
		parameters: {
			resource: 'user',
			operation: 'create',
			email: 'new-user@app.example.org',
			password,
			requestOptions: { maxRetries: 0 },
		},
	});
	expect(result.error).toBeInstanceOf(NodeApiError);
	const sent = passwordOf(fake.requests.find((request) => request.path === '/api/users')!);
	expect(sent.length).toBeGreaterThanOrEqual(6);
	if (password) expect(sent).toBe(password);
	const text = everything(result.error);
	expect(text).toContain('is not accepted');
	expect(text).not.toContain(sent);
});

it("the trigger's User Password is redacted from the User Center's refusal", async () => {
	fake = await quotingUserCenter();
	const result = await pollTrigger({
		nodeTypes: [new GiniPayTrigger()],
		credentialTypes,
		credentials: [
			{
				type: 'giniUserCenterApi',
				id: 'giniUserCenterApi-1',
				name: 'fake Gini',
				data: fakeUserCenterCredential(fake),
			},
		],
		node: {
			name: 'Gini Pay Trigger',
			type: 'n8n-nodes-gini-pay.giniPayTrigger',
			parameters: {
				authentication: 'userCenter',
				userEmail: 'trigger-user@app.example.org',
				userPassword: TRIGGER_PASSWORD,
			},
			credentials: { giniUserCenterApi: { id: 'giniUserCenterApi-1', name: 'fake Gini' } },
		},
	});
	expect(result.error).toBeDefined();
	const text = everything(result.error);
	expect(text).toContain('is not accepted');
	expect(text).not.toContain(TRIGGER_PASSWORD);
});
