// The token hand-off example hands a Gini Pay token only to the user a verified token names: n8n's Webhook node
// checks the JWT (signature, expiry) and puts its payload under jwtPayload; the workflow takes the user from the
// claim sub, never from the query. The IF and the login's user are resolved here by n8n's expression engine
// (exampleKit.cts) on what the Webhook node puts out; test/integration/exampleWorkflows.test.cts runs the login.
import type { IDataObject } from 'n8n-workflow';

import {
	EXAMPLE_FILES,
	destinations,
	ifConditionHolds,
	loadExample,
	nodeOf,
	resolveParameter,
} from './exampleKit.cts';

const example = loadExample(EXAMPLE_FILES.tokenHandOff);
const WEBHOOK = 'Device asks for a token';
const CHECK = 'Token names the user?';
const LOGIN = 'Gini Pay login';
const inAnHour = Math.floor(Date.now() / 1000) + 3600;

/** What the Webhook node (2.1) puts out for a GET: headers, params, query, body, and jwtPayload once verified. */
function webhookItem(query: IDataObject, jwtPayload?: IDataObject) {
	return {
		json: {
			headers: { host: 'n8n.example.test' },
			params: {},
			query,
			body: {},
			webhookUrl: 'https://n8n.example.test/webhook/gini-pay-token',
			executionMode: 'production',
			...(jwtPayload ? { jwtPayload } : {}),
		},
		pairedItem: { item: 0 },
	};
}

const context = (query: IDataObject, jwtPayload?: IDataObject) => ({
	input: [webhookItem(query, jwtPayload)],
	inputFrom: WEBHOOK,
});

/** The node the request reaches after the webhook: the login only when the IF lets it through. */
function nextNode(query: IDataObject, jwtPayload?: IDataObject): string {
	const [check] = destinations(example, WEBHOOK);
	const output = ifConditionHolds(example, check, context(query, jwtPayload)) ? 0 : 1;
	return destinations(example, check, output)[0];
}

describe('examples/03-token-hand-off.json', () => {
	it("verifies the caller's JWT with the Webhook node's JWT Auth (a credential, no secret in the file)", () => {
		const webhook = nodeOf(example, WEBHOOK);
		expect(webhook.parameters.authentication).toBe('jwtAuth');
		expect(Object.keys(webhook.credentials ?? {})).toEqual(['jwtAuth']);
		expect(JSON.stringify(example)).not.toMatch(/BEGIN [A-Z ]*KEY|"secret"|"privateKey"/);
	});

	it('gives no token to a call that names a user only in ?user=', () => {
		expect(nextNode({ user: 'customer-42' })).toBe('No token: no verified user');
	});

	it('gives no token for a verified JWT without a usable sub or without exp', () => {
		for (const payload of [
			{ exp: inAnHour },
			{ sub: '', exp: inAnHour },
			{ sub: '  ', exp: inAnHour },
			{ sub: 42, exp: inAnHour },
			{ sub: 'kundin-müller', exp: inAnHour },
			{ sub: 'x'.repeat(256), exp: inAnHour },
			{ sub: 'customer-42' },
		])
			expect([payload, nextNode({ user: 'customer-42' }, payload)]).toEqual([
				payload,
				'No token: no verified user',
			]);
	});

	it('logs in the user the verified JWT names, whatever the query says', () => {
		const payload = { sub: 'customer-42', exp: inAnHour };
		expect(nextNode({ user: 'customer-7' }, payload)).toBe(LOGIN);
		expect(nextNode({}, { sub: 'x'.repeat(255), exp: inAnHour })).toBe(LOGIN);
		expect(
			resolveParameter(example, LOGIN, nodeOf(example, LOGIN).parameters.userIdentifier, {
				input: [webhookItem({ user: 'customer-7' }, payload)],
				inputFrom: CHECK,
			}),
		).toBe('customer-42');
		const parameters = JSON.stringify(example.nodes.map((node) => node.parameters));
		expect(parameters).not.toContain('query');
	});

	it('answers a call without a verified user with 401 and no token', () => {
		const refusal = nodeOf(example, 'No token: no verified user');
		expect(refusal.type).toBe('n8n-nodes-base.respondToWebhook');
		expect(refusal.parameters.options).toMatchObject({ responseCode: 401 });
		const body = resolveParameter(example, refusal.name, refusal.parameters.responseBody, {
			...context({ user: 'customer-42' }),
			inputFrom: CHECK,
		});
		expect(body).toEqual({ error: 'invalid_token', message: expect.stringContaining('sub') });
	});

	it('answers a failed Gini login with 502, no token, and keeps the failure as a failed run', () => {
		// The login continues on its regular output on failure: the item then carries error instead of a token.
		expect(nodeOf(example, LOGIN).onError).toBe('continueRegularOutput');
		const [gate] = destinations(example, LOGIN);
		const after = (json: IDataObject) =>
			destinations(
				example,
				gate,
				ifConditionHolds(example, gate, {
					input: [{ json, pairedItem: { item: 0 } }],
					inputFrom: LOGIN,
				})
					? 0
					: 1,
			)[0];
		expect(after({ accessToken: 'token-1', tokenType: 'bearer', user: 'customer-42' })).toBe(
			'Token to the device',
		);
		const failed = after({ error: 'Gini answered 503', description: 'Service Unavailable' });
		expect(failed).toBe('No token: Gini failed');
		expect(nodeOf(example, failed).parameters.options).toMatchObject({ responseCode: 502 });
		expect(nodeOf(example, destinations(example, failed)[0]).type).toBe(
			'n8n-nodes-base.stopAndError',
		);
	});

	it('keeps handed-out tokens out of the execution history', () => {
		expect(example.settings).toMatchObject({
			saveDataSuccessExecution: 'none',
			saveManualExecutions: false,
		});
	});
});
