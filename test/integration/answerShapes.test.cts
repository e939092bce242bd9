/**
 * Answers that do not have the shape the operation needs (an empty 204, a redirect, an HTML page, a bare string,
 * array, number or null, an object without its ID, a create without Location) are errors that say what came back,
 * never a success with nonsense in the item. Each case scripts exactly one bad answer on a fake Gini.
 */
import { NodeApiError, type INodeParameters } from 'n8n-workflow';

import { invoiceItems, resetTokenCache, runGini } from './gini.cts';
import {
	fakeBasicCredential,
	fakeDocument,
	fakeUserCenterCredential,
	startFakeGini,
	type FakeGini,
	type FakeReply,
	type FakeRequest,
} from './fakeGini.cts';

let fake: FakeGini | undefined;
afterEach(async () => {
	await fake?.close();
	fake = undefined;
	resetTokenCache();
});

const HTML =
	'<!DOCTYPE html><html><head><title>Login</title></head><body>Please sign in</body></html>';
const html: FakeReply = { headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML };
const TOKEN = { access_token: 'fake-user-token-123456', token_type: 'bearer', expires_in: 3600 };
const options = { requestOptions: { maxRetries: 0 } };

/** Good answers for everything except the route `bad` names, which gets `reply`. */
function gini(bad: string, reply: FakeReply) {
	return (request: FakeRequest): FakeReply => {
		const route = `${request.method} ${request.path.replace(/\/documents\/[\w-]+/, '/documents/{id}')}`;
		if (route === bad) return reply;
		switch (route) {
			case 'POST /oauth/token':
				return { headers: { 'content-type': 'application/json' }, body: TOKEN };
			case 'POST /login':
				return { body: TOKEN };
			case 'POST /documents':
				return { status: 201, headers: { location: `${fake!.url}/documents/doc-1` } };
			case 'GET /documents':
				return { body: { totalCount: 1, documents: [fakeDocument(fake!, 'doc-1')] } };
			case 'GET /documents/{id}':
				return { body: fakeDocument(fake!, 'doc-1') };
			case 'GET /documents/{id}/extractions':
				return {
					body: {
						extractions: { iban: { entity: 'iban', value: 'DE02120300000000202051' } },
						candidates: {},
					},
				};
			case 'DELETE /documents/{id}':
			case 'POST /documents/{id}/extractions/feedback':
				return { status: 204 };
			default:
				return { status: 404, body: { message: 'not scripted' } };
		}
	};
}

async function run(
	bad: string,
	reply: FakeReply,
	parameters: INodeParameters,
	mode: 'basic' | 'userCenter' = 'basic',
) {
	fake = await startFakeGini(gini(bad, reply));
	const credential = mode === 'basic' ? fakeBasicCredential(fake) : fakeUserCenterCredential(fake);
	const items = parameters.operation === 'upload' ? await invoiceItems(1) : undefined;
	return await runGini({ mode, credential, parameters: { ...options, ...parameters }, items });
}

function expectRefused(
	result: Awaited<ReturnType<typeof run>>,
	status: number,
	...mentions: string[]
) {
	expect(result.error).toBeInstanceOf(NodeApiError);
	const error = result.error as NodeApiError;
	expect(error.httpCode).toBe(String(status));
	const text = `${error.message} ${error.description ?? ''}`;
	expect(text).toContain(`answered ${status}`);
	for (const mention of mentions) expect(text).toContain(mention);
	return error;
}

const getDocument = { resource: 'document', operation: 'get', documentId: 'doc-1' };

describe('Get Document', () => {
	it.each<[string, FakeReply, number, string]>([
		['an empty 204', { status: 204 }, 204, 'no body'],
		[
			'a redirect',
			{ status: 302, headers: { location: 'https://login.example.test/' } },
			302,
			'no body',
		],
		['304 Not Modified', { status: 304 }, 304, 'no body'],
		['an HTML page', html, 200, 'text/html'],
		[
			'a JSON string',
			{ headers: { 'content-type': 'application/json' }, body: '"a string"' },
			200,
			'a JSON string',
		],
		[
			'a JSON array',
			{ body: [fakeDocument({ url: '' } as FakeGini, 'doc-1')] },
			200,
			'a JSON array',
		],
		[
			'a JSON number',
			{ headers: { 'content-type': 'application/json' }, body: '42' },
			200,
			'a JSON number',
		],
		[
			'JSON null',
			{ headers: { 'content-type': 'application/json' }, body: 'null' },
			200,
			'JSON null',
		],
		['an object without an ID', { body: { name: 'x.pdf', progress: 'COMPLETED' } }, 200, '"id"'],
	])('%s is an error that says what came back', async (_, reply, status, mention) => {
		expectRefused(
			await run('GET /documents/{id}', reply, getDocument),
			status,
			mention,
			'a document',
		);
	});

	it('quotes a short, redacted excerpt of the answer', async () => {
		const echo: FakeReply = {
			headers: { 'content-type': 'text/html' },
			body: `<html>proxy says: authorization: Basic ${Buffer.from('x:y-secret-value').toString('base64')} ${'z'.repeat(5000)}</html>`,
		};
		const error = expectRefused(
			await run('GET /documents/{id}', echo, getDocument),
			200,
			'text/html',
			'proxy says',
		);
		expect(error.description).not.toContain(Buffer.from('x:y-secret-value').toString('base64'));
		expect(error.description!.length).toBeLessThan(800);
	});
});

describe('Upload', () => {
	const upload = {
		resource: 'document',
		operation: 'upload',
		waitForExtractions: false,
		binaryPropertyName: 'data',
	};

	it('a 2 MB string as the read-back is a read error, not 2 million keys', async () => {
		const huge: FakeReply = {
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify('x'.repeat(2_000_000)),
		};
		const result = await run('GET /documents/{id}', huge, {
			...upload,
			options: { readBack: true },
		});
		const [out] = result.output('Gini Pay');
		expect(Object.keys(out.json).length).toBeLessThan(10);
		expect(out.json).toMatchObject({
			documentId: 'doc-1',
			status: 'uploaded',
			readError: expect.stringContaining('a JSON string'),
		});
		expect((out.json.readError as string).length).toBeLessThan(600);
	});

	// One rule for every answer to an upload (shared/createOutcome.ts): a 2xx that names the document is the item's
	// document; anything else that may have stored it is looked up, and the item says Gini may hold it.
	it.each<[string, FakeReply]>([
		['a 201 without Location whose body is the document', { status: 201, body: { id: 'doc-1' } }],
		[
			'a 200 instead of 201',
			{ status: 200, headers: { location: 'http://127.0.0.1:1/documents/doc-1' } },
		],
	])('%s names the created document', async (_, reply) => {
		const result = await run('POST /documents', reply, upload);
		expect(result.error).toBeUndefined();
		expect(result.output('Gini Pay')[0].json).toMatchObject({ documentId: 'doc-1' });
	});

	it.each<[string, FakeReply, number]>([
		[
			'a redirect',
			{ status: 303, headers: { location: 'http://127.0.0.1:1/documents/doc-1' } },
			303,
		],
		['a 201 without Location or body', { status: 201 }, 201],
	])('%s is an error that says Gini may hold the file', async (_, reply, status) => {
		const error = expectRefused(await run('POST /documents', reply, upload), status);
		expect(error).toMatchObject({ uploadMayExist: true });
		expect(error.message).toContain('was lost');
	});
});

describe('Get Extractions', () => {
	const getExtractions = { resource: 'document', operation: 'getExtractions', documentId: 'doc-1' };

	it('an HTML 200 page is an error, not a success with every payment field null', async () => {
		expectRefused(
			await run('GET /documents/{id}/extractions', html, getExtractions),
			200,
			'text/html',
			'extractions',
		);
	});

	it('an object without "extractions" is an error', async () => {
		expectRefused(
			await run('GET /documents/{id}/extractions', { body: { candidates: {} } }, getExtractions),
			200,
			'"extractions"',
		);
	});
});

describe('Get Many', () => {
	const getAll = { resource: 'document', operation: 'getAll', returnAll: true };

	it.each<[string, FakeReply, string]>([
		['an HTML page', html, 'text/html'],
		['documents that are not a list', { body: { documents: 'none' } }, '"documents"'],
		['a list of strings', { body: { documents: ['doc-1'] } }, '"documents"'],
		['a 204', { status: 204 }, 'no body'],
	])('%s is an error', async (_, reply, mention) => {
		const result = await run('GET /documents', reply, getAll);
		expectRefused(result, 'status' in reply && reply.status ? reply.status : 200, mention);
	});
});

describe('Delete and Send Feedback', () => {
	it('a redirect on DELETE is an error, not "deleted"', async () => {
		const result = await run(
			'DELETE /documents/{id}',
			{ status: 302, headers: { location: '/elsewhere' } },
			{
				resource: 'document',
				operation: 'delete',
				documentId: 'doc-1',
			},
		);
		expectRefused(result, 302);
	});

	it('a redirect on feedback is an error, not "sent"', async () => {
		const result = await run(
			'POST /documents/{id}/extractions/feedback',
			{ status: 302, headers: { location: '/x' } },
			{
				resource: 'document',
				operation: 'sendFeedback',
				documentId: 'doc-1',
				feedbackSource: 'fields',
				summary: { amount: 12.5 },
			},
		);
		expectRefused(result, 302);
	});
});

describe('tokens', () => {
	it('a User Center token answer without access_token is an error', async () => {
		const result = await run(
			'POST /oauth/token',
			{ headers: { 'content-type': 'application/json' }, body: { token_type: 'bearer' } },
			getDocument,
			'userCenter',
		);
		expectRefused(result, 200, '"access_token"');
		expect(fake!.count('GET', '/documents/doc-1')).toBe(0);
	});

	it('an HTML page from /login is an error, not an empty token', async () => {
		const result = await run('POST /login', html, { resource: 'session', operation: 'login' });
		expectRefused(result, 200, 'text/html', 'token');
	});
});

describe('users and payment requests', () => {
	it('a created user without Location is an error', async () => {
		const result = await run(
			'POST /api/users',
			{ status: 201 },
			{ resource: 'user', operation: 'create', email: 'new@app.example.org' },
			'userCenter',
		);
		expectRefused(result, 201, 'Location');
	});

	it('a user without an ID is an error', async () => {
		const result = await run(
			'GET /api/users/u-1',
			{ headers: { 'content-type': 'application/json' }, body: { email: 'x@y.z' } },
			{ resource: 'user', operation: 'get', userId: 'u-1' },
			'userCenter',
		);
		expectRefused(result, 200, '"id"');
	});

	it.each<[string, FakeReply]>([
		['an HTML page', html],
		['an empty object', { body: {} }],
	])('a payment request as %s is an error', async (_, reply) => {
		const result = await run('GET /paymentRequests/pr-1', reply, {
			resource: 'paymentRequest',
			operation: 'get',
			paymentRequestId: 'pr-1',
		});
		expectRefused(result, 200, 'payment request');
	});

	it('a resolved payment request as a bare string is an error', async () => {
		const result = await run(
			'POST /paymentRequests/pr-1/payment',
			{ status: 201, headers: { 'content-type': 'application/json' }, body: '"ok"' },
			{
				resource: 'paymentRequest',
				operation: 'resolve',
				paymentRequestId: 'pr-1',
				iban: 'DE02120300000000202051',
				amount: 10,
				purpose: 'x',
			},
		);
		expectRefused(result, 201, 'a JSON string');
	});

	it('a payment as JSON null is an error', async () => {
		const result = await run(
			'GET /paymentRequests/pr-1/payment',
			{ headers: { 'content-type': 'application/json' }, body: 'null' },
			{ resource: 'payment', operation: 'get', paymentRequestId: 'pr-1' },
		);
		expectRefused(result, 200, 'JSON null');
	});
});

describe('good answers still pass', () => {
	it('Get Document, Get Extractions, Delete', async () => {
		fake = await startFakeGini(gini('none', {}));
		for (const parameters of [
			getDocument,
			{ resource: 'document', operation: 'getExtractions', documentId: 'doc-1' },
			{ resource: 'document', operation: 'delete', documentId: 'doc-1' },
		]) {
			const result = await runGini({
				mode: 'basic',
				credential: fakeBasicCredential(fake),
				parameters,
			});
			expect(result.error).toBeUndefined();
			expect(result.output('Gini Pay')[0].json.error).toBeUndefined();
		}
	});
});
