/**
 * Text taken from an answer goes into error messages: Gini's message, or that of a proxy that echoes the request.
 * Such text must not carry the session's secrets (client secret, Basic header value, user password, tokens, JWTs)
 * and must stay short, whatever the answer holds.
 */
import { NodeApiError } from 'n8n-workflow';

import { resetTokenCache, runGini } from './gini.cts';
import {
	fakeBasicCredential,
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

function echo(request: FakeRequest): string {
	const headers = Object.entries(request.headers).map(
		([name, value]) => `${name}: ${String(value)}`,
	);
	return `${request.method} ${request.path}?${request.query.toString()} ${headers.join('; ')} body=${request.body}`;
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

const PAD = ' lorem ipsum'.repeat(2_000);
const getDocument = {
	resource: 'document',
	operation: 'get',
	documentId: 'doc-1',
	requestOptions: { maxRetries: 0 },
};

describe('an answer that echoes the request', () => {
	it('Basic: the client secret and the Basic header value are redacted, the text bounded', async () => {
		fake = await startFakeGini((request) => ({
			status: 400,
			body: { message: `Refused ${echo(request)}${PAD}` },
		}));
		const credential = fakeBasicCredential(fake, { clientSecret: 'echoed-client-secret-4711' });
		const result = await runGini({ mode: 'basic', credential, parameters: getDocument });
		expect(result.error).toBeInstanceOf(NodeApiError);
		const text = everything(result.error);
		const basic = Buffer.from(`${String(credential.clientId)}:echoed-client-secret-4711`).toString(
			'base64',
		);
		expect(text).toContain('Refused GET /documents/doc-1');
		expect(text).not.toContain('echoed-client-secret-4711');
		expect(text).not.toContain(basic);
		expect(result.error!.message.length).toBeLessThan(600);
		expect(text.length).toBeLessThan(4_000);
	});

	it('User Center: the form password and the client secret are redacted from a token error', async () => {
		fake = await startFakeGini((request) => ({
			status: 400,
			body: { error: 'invalid_grant', error_description: `bad form ${echo(request)}` },
		}));
		const credential = fakeUserCenterCredential(fake, {
			userPassword: 'echoed-user-password-0815',
		});
		const result = await runGini({ mode: 'userCenter', credential, parameters: getDocument });
		expect(result.error).toBeInstanceOf(NodeApiError);
		const text = everything(result.error);
		expect(text).toContain('bad form POST /oauth/token');
		expect(text).not.toContain('echoed-user-password-0815');
		expect(text).not.toContain(String(credential.clientSecret));
		expect(text).not.toContain(
			Buffer.from(`${String(credential.clientId)}:${String(credential.clientSecret)}`).toString(
				'base64',
			),
		);
	});

	it('User Center: the user token a proxy echoes from the Pay API request is redacted', async () => {
		const token = 'c0ffee00-user-token-1234-abcdef012345';
		fake = await startFakeGini((request) =>
			request.path === '/oauth/token'
				? { body: { access_token: token, token_type: 'bearer', expires_in: 3600 } }
				: {
						status: 404,
						headers: { 'content-type': 'text/plain' },
						body: `no such thing: ${echo(request)}`,
					},
		);
		fake.requests.length = 0;
		const result = await runGini({
			mode: 'userCenter',
			credential: fakeUserCenterCredential(fake),
			parameters: getDocument,
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(everything(result.error)).not.toContain(token);
	});

	it('a JWT the answer carries is redacted even when the session never saw it', async () => {
		const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz';
		fake = await startFakeGini(() => ({ status: 422, body: { message: `token ${jwt} refused` } }));
		const result = await runGini({
			mode: 'basic',
			credential: fakeBasicCredential(fake),
			parameters: getDocument,
		});
		expect(result.error?.message).toContain('token');
		expect(everything(result.error)).not.toContain(jwt);
	});
});
