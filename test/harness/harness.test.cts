import { existsSync, readFileSync } from 'node:fs';

import { BinaryDataService } from 'n8n-core';
import { LoggerProxy, NodeOperationError, type INode } from 'n8n-workflow';

import {
	binaryItem,
	formatLogs,
	MemoryCredentialsHelper,
	runNode,
	runWorkflow,
	setBinaryMode,
	type HarnessCredential,
} from './index.cts';
import { API_KEY, CLIENT_SECRET, startProbeApi, type ProbeApi } from './probe-api.cts';
import { Container } from './n8n-core-internals.cts';
import { HarnessProbe, PROBE_TYPE, ProbeKeyApi, ProbeTokenApi, sha256 } from './probe-node.cts';

let server: ProbeApi;

beforeAll(async () => {
	server = await startProbeApi();
});

afterAll(async () => await server.close());

beforeEach(() => server.reset());

const nodeTypes = [new HarnessProbe()];
const credentialTypes = [new ProbeKeyApi(), new ProbeTokenApi()];

function keyCredential(data = {}): HarnessCredential {
	return { type: 'probeKeyApi', data: { baseUrl: server.url, apiKey: API_KEY, ...data } };
}

function tokenCredential(data = {}): HarnessCredential {
	return {
		type: 'probeTokenApi',
		id: 'token-credential',
		data: { baseUrl: server.url, clientSecret: CLIENT_SECRET, accessToken: '', ...data },
	};
}

function probe(parameters: INode['parameters'], extra: Partial<INode> = {}) {
	return { name: 'Probe', type: PROBE_TYPE, parameters, ...extra };
}

describe('authentication inside the real engine', () => {
	test('a function-style authenticate adds its headers, with property defaults for missing keys', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: [keyCredential()],
			node: probe({ authentication: 'key', action: 'request', path: '/echo' }),
			inputItems: [{ json: {} }],
		});

		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].headers['x-api-key']).toBe(API_KEY);
		// `region` was not stored: n8n fills the property default before authenticate runs.
		expect(server.requests[0].headers['x-region']).toBe('eu');
	});

	test('a generic authenticate resolves $credentials expressions into headers and qs', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: [tokenCredential({ accessToken: 'stored-token', tenant: 'gini' })],
			node: probe({ authentication: 'token', action: 'request', path: '/echo' }),
			inputItems: [{ json: {} }],
		});

		expect(result.error).toBeUndefined();
		expect(server.requests.map((r) => r.url)).toEqual(['/echo?tenant=gini']);
		expect(server.requests[0].headers.authorization).toBe('Bearer stored-token');
	});

	test('preAuthentication fills an empty expirable field once and the store keeps the token', async () => {
		const run = async (credentialsHelper?: MemoryCredentialsHelper) =>
			await runNode({
				nodeTypes,
				credentialTypes,
				credentials: credentialsHelper ? [] : [tokenCredential()],
				credentialsHelper,
				node: probe({ authentication: 'token', action: 'request', path: '/secure' }),
				inputItems: [{ json: {} }, { json: {} }],
			});

		const first = await run();
		expect(first.error).toBeUndefined();
		expect(first.credentialsHelper.preAuthenticationRuns).toHaveLength(1);
		expect(first.credentialsHelper.getStored('token-credential')?.accessToken).toBe('token-1');

		const second = await run(first.credentialsHelper);
		expect(second.error).toBeUndefined();
		expect(second.credentialsHelper.preAuthenticationRuns).toHaveLength(1);
		expect(server.issuedTokens()).toBe(1);
	});

	test('a 401 makes the engine run preAuthentication again and retry with the new token', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: [tokenCredential({ accessToken: 'revoked-token' })],
			node: probe({ authentication: 'token', action: 'request', path: '/secure' }),
			inputItems: [{ json: {} }],
		});

		expect(result.error).toBeUndefined();
		expect(result.credentialsHelper.preAuthenticationRuns).toEqual([
			{ type: 'probeTokenApi', credentialId: 'token-credential', credentialsExpired: true },
		]);
		expect(server.requests.map((r) => r.headers.authorization ?? 'token call')).toEqual([
			'Bearer revoked-token',
			'token call',
			'Bearer token-1',
		]);
		expect(result.credentialsHelper.getStored('token-credential')?.accessToken).toBe('token-1');
	});
});

describe('items and errors', () => {
	test('a two-node workflow passes items along with pairedItem', async () => {
		const node = (name: string, x: number): INode => ({
			id: name,
			name,
			type: PROBE_TYPE,
			typeVersion: 2,
			position: [x, 0],
			parameters: { action: 'passThrough' },
		});
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			workflow: {
				nodes: [node('First', 0), node('Second', 200)],
				connections: { First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] } },
			},
			inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.output('Second')).toEqual([
			{ json: { n: 1, seenBy: 'Second' }, pairedItem: { item: 0 } },
			{ json: { n: 2, seenBy: 'Second' }, pairedItem: { item: 1 } },
		]);
	});

	test('with continueOnFail a failing item becomes an error item and the run succeeds', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			node: probe({ action: 'fail' }, { continueOnFail: true }),
			inputItems: [{ json: {} }],
		});

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.output('Probe')).toEqual([
			{ json: { error: 'Probe failed on purpose' }, pairedItem: { item: 0 } },
		]);
	});

	test('a thrown NodeOperationError surfaces as the run error', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			node: probe({ action: 'fail' }),
			inputItems: [{ json: {} }],
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Probe failed on purpose');
		expect(result.run.status).toBe('error');
	});
});

describe('binary data', () => {
	const pdf = Buffer.from('%PDF-1.4\n% harness test invoice\n%%EOF\n');

	test('default mode keeps the bytes inline and the node reads them intact', async () => {
		await setBinaryMode('default');
		const item = await binaryItem(pdf, 'invoice.pdf', 'application/pdf', { ref: 7 });
		expect(item.binary?.data.id).toBeUndefined();

		const result = await runNode({
			nodeTypes,
			credentialTypes,
			node: probe({ action: 'inspectBinary' }),
			inputItems: [item],
			binaryMode: 'default',
		});

		expect(result.output('Probe')[0].json).toMatchObject({
			fileName: 'invoice.pdf',
			mimeType: 'application/pdf',
			length: pdf.length,
			sha256: sha256(pdf),
			inlineSha256: sha256(pdf),
			id: null,
		});
	});

	test('filesystem mode keeps the bytes on disk, reachable only through the helpers', async () => {
		await setBinaryMode('filesystem');
		const item = await binaryItem(pdf, 'invoice.pdf', 'application/pdf');
		const stored = item.binary?.data;
		expect(stored?.id).toMatch(/^filesystem-v2:/);
		expect(stored?.data).not.toBe(pdf.toString('base64'));
		const path = Container.get(BinaryDataService).getPath(stored?.id ?? '');
		expect(existsSync(path) && readFileSync(path).equals(pdf)).toBe(true);

		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: [keyCredential()],
			node: probe({ authentication: 'key', action: 'inspectBinary' }),
			inputItems: [item],
			binaryMode: 'filesystem',
		});

		const json = result.output('Probe')[0].json;
		expect(json.sha256).toBe(sha256(pdf));
		expect(json.inlineSha256).not.toBe(sha256(pdf));
		expect(json.id).toBe(stored?.id);
	});

	test('an inline item handed to a filesystem run is moved to disk before the node sees it', async () => {
		await setBinaryMode('default');
		const item = await binaryItem(pdf, 'invoice.pdf', 'application/pdf');

		const result = await runNode({
			nodeTypes,
			credentialTypes,
			node: probe({ action: 'inspectBinary' }),
			inputItems: [item],
			binaryMode: 'filesystem',
		});

		const json = result.output('Probe')[0].json;
		expect(json.id).toMatch(/^filesystem-v2:/);
		expect(json.sha256).toBe(sha256(pdf));
		expect(json.inlineSha256).not.toBe(sha256(pdf));
	});

	test('a file read through the helpers in filesystem mode is uploaded byte for byte', async () => {
		await setBinaryMode('filesystem');
		const item = await binaryItem(pdf, 'invoice.pdf', 'application/pdf');

		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: [keyCredential()],
			node: probe({ authentication: 'key', action: 'request', path: '/echo' }),
			inputItems: [item],
			binaryMode: 'filesystem',
		});

		expect(result.error).toBeUndefined();
		expect(result.output('Probe')[0].json).toMatchObject({
			method: 'POST',
			bodyLength: pdf.length,
			bodySha256: sha256(pdf),
		});
		expect(server.requests[0].headers['content-type']).toBe('application/pdf');
	});
});

describe('logs', () => {
	test('engine and node logs are captured, secrets stay out, LoggerProxy is restored', async () => {
		const outside = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() };
		LoggerProxy.init(outside);
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: [keyCredential()],
			node: probe({ authentication: 'key', action: 'inspectBinary' }),
			inputItems: [await binaryItem(Buffer.from('bytes'), 'a.pdf', 'application/pdf')],
		});

		const messages = result.logs.map((log) => `${log.level} ${log.message}`);
		expect(messages).toContain('debug Workflow execution started');
		expect(messages).toContain('info Probe read a binary');
		expect(result.logs.find((log) => log.message === 'Probe read a binary')?.meta).toEqual({
			fileName: 'a.pdf',
		});
		expect(formatLogs(result.logs)).not.toContain(API_KEY);

		expect(outside.debug).not.toHaveBeenCalled();
		const count = result.logs.length;
		LoggerProxy.info('after the run');
		expect(result.logs).toHaveLength(count);
		expect(outside.info).toHaveBeenCalledWith('after the run', undefined);
	});

	test('errors the engine reports are captured even when binaries were made before any run', async () => {
		// A fresh module registry, so the first thing to touch n8n-core's container is binaryItem.
		await jest.isolateModulesAsync(async () => {
			const fresh = require('./index.cts') as typeof import('./index.cts');
			const probeNode = require('./probe-node.cts') as typeof import('./probe-node.cts');
			const item = await fresh.binaryItem(Buffer.from('bytes'), 'a.pdf', 'application/pdf');

			const result = await fresh.runNode({
				nodeTypes: [new probeNode.HarnessProbe()],
				credentialTypes: [new probeNode.ProbeKeyApi()],
				credentials: [keyCredential()],
				node: probe({ authentication: 'key', action: 'request', path: '/status/500' }),
				inputItems: [item],
			});

			expect(result.error?.constructor.name).toBe('NodeApiError');
			// The error reporter logs the failed request (and its cause) at error level.
			expect(result.logs.filter((log) => log.level === 'error')).not.toHaveLength(0);
			expect(fresh.formatLogs(result.logs)).not.toContain(API_KEY);
		});
	});
});
