/**
 * Gini behind a gateway or proxy: the node is configured with the gateway's base URL (here with a path prefix),
 * while Gini's `Location` headers and `_links` name Gini's own host (emulator option publicBaseUrl). Every operation
 * that follows a Gini link must rebase it on the configured base by its path, as Gini's Android SDK does, and every
 * request must go through the gateway: the emulator counts exactly what the gateway forwarded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';
import { pollTrigger, type PollTriggerResult } from '../harness/index.cts';
import {
	CREDENTIAL_TYPE,
	basicCredential,
	credentialTypes,
	outputJson,
	runGini,
	userCenterCredential,
	type Mode,
	useGini,
} from './gini.cts';
import {
	MUELLER,
	SCHMIDT,
	THUMBNAIL,
	expectedView,
	pagesItem,
	sampleItem,
} from './lifecycleKit.cts';
import { startScriptedProxy } from './scriptedProxy.cts';

/** A gateway: strips its path prefix and forwards to one emulator listener, rewriting nothing. */
interface Gateway {
	base: string;
	paths: string[];
	/** The bodies of composite uploads, as sent. */
	composites: IDataObject[];
	close(): Promise<void>;
}

async function startGateway(target: string, prefix: string): Promise<Gateway> {
	const paths: string[] = [];
	const composites: IDataObject[] = [];
	const server: Server = createServer((req, res) => {
		void (async () => {
			const path = req.url ?? '/';
			paths.push(path);
			if (!path.startsWith(`${prefix}/`)) {
				res.writeHead(404).end('not behind this gateway');
				return;
			}
			const body = await buffer(req);
			if (String(req.headers['content-type']).includes('composite+json'))
				composites.push(JSON.parse(body.toString()));
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers)) {
				if (
					!['host', 'connection', 'content-length', 'transfer-encoding'].includes(name) &&
					value !== undefined
				) {
					headers[name] = String(value);
				}
			}
			const answer = await fetch(`${target}${path.slice(prefix.length)}`, {
				method: req.method,
				headers,
				body: body.length > 0 ? new Uint8Array(body) : undefined,
				redirect: 'manual',
			});
			const out: Record<string, string> = {};
			for (const [name, value] of answer.headers) {
				if (
					!['connection', 'content-length', 'transfer-encoding', 'content-encoding'].includes(name)
				)
					out[name] = value;
			}
			res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		base: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`,
		paths,
		composites,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

const PROFILES = [
	{
		name: 'Gini names its own host, the gateway has a path prefix',
		publicBaseUrl: 'https://pay-api.gini.net',
		publicUserCenterUrl: 'https://user.gini.net',
		prefix: '/gini',
	},
	{
		name: 'Gini names another loopback base with a path prefix',
		// Nothing listens on port 9 of this machine: a request following the link as written would fail.
		publicBaseUrl: 'http://127.0.0.1:9/elsewhere/v1',
		publicUserCenterUrl: 'http://127.0.0.1:9/uc',
		prefix: '',
	},
];

describe.each(PROFILES)('$name', ({ publicBaseUrl, publicUserCenterUrl, prefix }) => {
	const gini = useGini({ processingMs: 20, publicBaseUrl, publicUserCenterUrl });
	let payGateway: Gateway;
	let userGateway: Gateway;

	beforeAll(async () => {
		payGateway = await startGateway(gini.payApiUrl, `${prefix}/pay`);
		userGateway = await startGateway(gini.userCenterUrl, `${prefix}/users`);
	});
	afterAll(async () => {
		await payGateway?.close();
		await userGateway?.close();
	});
	beforeEach(() => {
		payGateway.paths.length = 0;
		payGateway.composites.length = 0;
		userGateway.paths.length = 0;
	});
	afterEach(() => {
		// Every request the emulator served came through the gateways, under their prefix.
		const forwarded = [...payGateway.paths, ...userGateway.paths];
		expect(gini.counters().requests.total).toBe(forwarded.length);
		expect(payGateway.paths.every((path) => path.startsWith(`${prefix}/pay/`))).toBe(true);
		expect(userGateway.paths.every((path) => path.startsWith(`${prefix}/users/`))).toBe(true);
	});

	function credential(mode: Mode, user: string): ICredentialDataDecryptedObject {
		if (mode === 'userCenter') {
			return userCenterCredential(gini, {
				payApiUrl: payGateway.base,
				userCenterUrl: userGateway.base,
			});
		}
		return basicCredential(gini, { payApiUrl: payGateway.base, userIdentifier: user });
	}

	async function run(
		parameters: INodeParameters,
		items?: Parameters<typeof runGini>[0]['items'],
		user = 'gw',
	) {
		return outputJson(
			await runGini({ mode: 'basic', credential: credential('basic', user), parameters, items }),
		);
	}

	// Simplify off: the output carries Gini's document JSON, with the links Gini wrote.
	const upload = {
		resource: 'document',
		operation: 'upload',
		waitForExtractions: false,
		simplify: false,
		binaryPropertyName: 'data',
	};

	it('upload, get and get extractions by the link Gini wrote', async () => {
		const before = new Set(gini.documents().map((document) => document.id));
		const [uploaded] = await run(upload, [await sampleItem(MUELLER)]);
		const links = (uploaded.document as IDataObject)._links as IDataObject;
		// The profile holds: Gini named its own host, not the gateway.
		expect(links.document).toBe(`${publicBaseUrl}/documents/${String(uploaded.documentId)}`);
		expect(uploaded.status).toBe('PENDING');

		const [got] = await run({
			resource: 'document',
			operation: 'get',
			documentId: String(links.document),
		});
		expect(got.id).toBe(uploaded.documentId);
		const [extracted] = await run({
			resource: 'document',
			operation: 'getExtractions',
			documentId: `${String(links.document)}?via=gini#top`,
		});
		expect(extracted).toMatchObject(expectedView(MUELLER));
		// One upload stored one document (the other tests of this emulator store theirs too).
		expect(
			gini
				.documents()
				.filter((document) => !before.has(document.id))
				.map((document) => document.id),
		).toEqual([uploaded.documentId]);
	});

	it('refuses a sub-resource link pasted as the document, before any request', async () => {
		const [uploaded] = await run(upload, [await sampleItem(MUELLER)]);
		const links = (uploaded.document as IDataObject)._links as IDataObject;
		payGateway.paths.length = 0;
		gini.resetCounters();
		const result = await runGini({
			mode: 'basic',
			credential: credential('basic', 'gw'),
			parameters: { resource: 'document', operation: 'get', documentId: String(links.extractions) },
		});
		expect(result.error?.message).toMatch(/document/i);
		expect(payGateway.paths).toEqual([]);
	});

	it('multi-page upload with Wait for Extractions, then deleting the composite through a partial', async () => {
		const user = 'gw-multi';
		const [uploaded] = await run(
			{ ...upload, pages: 'all', waitForExtractions: true, timeout: 30 },
			[
				await pagesItem([
					['page1', SCHMIDT],
					['page2', THUMBNAIL],
				]),
			],
			user,
		);
		const document = uploaded.document as IDataObject;
		expect(document.pageCount).toBeGreaterThanOrEqual(2);
		expect(uploaded.extractions).toBeDefined();
		const stored = gini.documents().filter((entry) => entry.owner.endsWith(`:${user}`));
		expect(stored.map((entry) => entry.kind).sort()).toEqual(['composite', 'partial', 'partial']);

		const partials = document.partialDocuments as IDataObject[];
		// The composite referred to each page by the Location Gini wrote for it, not by the gateway's URL.
		expect(payGateway.composites).toEqual([
			{ partialDocuments: partials.map((page) => ({ document: page.document, rotationDelta: 0 })) },
		]);
		expect(String(partials[0].document).startsWith(`${publicBaseUrl}/documents/`)).toBe(true);
		const [deleted] = await run(
			{
				resource: 'document',
				operation: 'delete',
				documentId: String(partials[0].document),
				deleteComposites: true,
			},
			undefined,
			user,
		);
		expect(deleted).toMatchObject({ deleted: true, deletedComposites: [document.id] });
		expect(gini.documents().map((entry) => entry.id)).not.toContain(document.id);
	});

	it('page images of a multi-page upload, from the links Gini wrote, through the gateway', async () => {
		const user = 'gw-pages';
		const [uploaded] = await run(
			{ ...upload, pages: 'all', waitForExtractions: true, timeout: 30 },
			[
				await pagesItem([
					['page1', SCHMIDT],
					['page2', THUMBNAIL],
				]),
			],
			user,
		);
		const document = uploaded.document as IDataObject;
		const result = await runGini({
			mode: 'basic',
			credential: credential('basic', user),
			parameters: {
				resource: 'document',
				operation: 'getPageImages',
				documentId: String((document._links as IDataObject).document),
				pages: 'all',
			},
		});
		if (result.error) throw result.error;
		const [item] = result.output('Gini Pay');
		expect((item.json.pages as IDataObject[]).map((page) => page.binaryField)).toEqual([
			'page_1',
			'page_2',
			'page_3',
		]);
		for (const field of ['page_1', 'page_2', 'page_3']) {
			const bytes = Buffer.from(item.binary![field].data, 'base64');
			expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
		}
		// Each image came through the gateway, from the partial documents' links, rebased.
		const images = payGateway.paths.filter((path) => /\/pages\/\d+\/medium$/.test(path));
		const partials = (document.partialDocuments as IDataObject[]).map((page) =>
			String(page.document).split('/').pop(),
		);
		expect(images).toEqual([
			`${prefix}/pay/documents/${partials[0]}/pages/1/medium`,
			`${prefix}/pay/documents/${partials[0]}/pages/2/medium`,
			`${prefix}/pay/documents/${partials[1]}/pages/1/medium`,
		]);
	}, 60_000);

	it('deletes a composite by the link Gini wrote', async () => {
		const user = 'gw-delete';
		const [uploaded] = await run(
			{ ...upload, pages: 'all' },
			[
				await pagesItem([
					['page1', MUELLER],
					['page2', THUMBNAIL],
				]),
			],
			user,
		);
		const [deleted] = await run(
			{
				resource: 'document',
				operation: 'delete',
				documentId: String(((uploaded.document as IDataObject)._links as IDataObject).document),
			},
			undefined,
			user,
		);
		expect(deleted).toMatchObject({ id: uploaded.documentId, deleted: true });
		expect(gini.documents().map((entry) => entry.id)).not.toContain(uploaded.documentId);
	});

	it('the trigger emits an uploaded document with its extractions', async () => {
		const user = 'gw-trigger';
		const type = CREDENTIAL_TYPE.basic;
		const reference = { id: `${type}-1`, name: `${type} test` };
		let staticData: IDataObject | undefined;
		let credentialsHelper: PollTriggerResult['credentialsHelper'] | undefined;
		const poll = async (): Promise<PollTriggerResult> => {
			const result = await pollTrigger({
				nodeTypes: [new GiniPayTrigger()],
				credentialTypes,
				credentials: credentialsHelper
					? []
					: [{ type, ...reference, data: credential('basic', user) }],
				credentialsHelper,
				node: {
					name: 'Gini Pay Trigger',
					type: 'n8n-nodes-gini-pay.giniPayTrigger',
					parameters: { authentication: 'basic', userIdentifier: user },
					credentials: { [type]: reference },
				},
				mode: 'trigger',
				staticData,
			});
			if (result.error) throw result.error;
			credentialsHelper = result.credentialsHelper;
			staticData = result.staticData;
			return result;
		};
		expect((await poll()).emitted).toBeNull();
		const [uploaded] = await run(
			{ ...upload, waitForExtractions: true },
			[await sampleItem(MUELLER)],
			user,
		);
		const emitted = await poll();
		expect(emitted.items.map((item) => item.json.documentId)).toEqual([
			(uploaded.document as IDataObject).id,
		]);
		expect(emitted.items[0].json).toMatchObject(expectedView(MUELLER));
	});

	it('creates a user (Location on the public User Center base) and reads it back by that Location', async () => {
		const email = `gateway-${prefix.length}@app.example.org`;
		const [created] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: credential('userCenter', ''),
				parameters: { resource: 'user', operation: 'create', email, password: 'secret-123' },
			}),
		);
		expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(created.location).toBe(`${userGateway.base}/api/users/${String(created.id)}`);
		const [read] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: credential('userCenter', ''),
				parameters: {
					resource: 'user',
					operation: 'get',
					userId: `${publicUserCenterUrl}/api/users/${String(created.id)}`,
				},
			}),
		);
		expect(read).toMatchObject({ id: created.id, email });
	});

	it('reads a payment request and its payment by the links Gini wrote', async () => {
		const id = gini.seedPaymentRequest({
			iban: 'DE02120300000000202051',
			amount: '24.99:EUR',
			purpose: 'Rechnung 1',
			recipient: 'Fahrrad Rückenwind',
		});
		const [request] = await run({
			resource: 'paymentRequest',
			operation: 'get',
			paymentRequestId: `${publicBaseUrl}/paymentRequests/${id}`,
		});
		expect(request.iban).toBe('DE02120300000000202051');
		expect((request._links as IDataObject).payment).toBe(
			`${publicBaseUrl}/paymentRequests/${id}/payment`,
		);
		const result = await runGini({
			mode: 'basic',
			credential: credential('basic', 'gw'),
			parameters: {
				resource: 'payment',
				operation: 'get',
				paymentRequestId: String((request._links as IDataObject).payment),
			},
			continueOnFail: true,
		});
		// Not paid yet: Gini's 404 for the payment, reached through the gateway.
		expect(outputJson(result)[0].error).toBeDefined();
		expect(payGateway.paths.at(-1)).toBe(`${prefix}/pay/paymentRequests/${id}/payment`);
	});
});

describe('a 201 whose Location names no document', () => {
	const gini = useGini({ processingMs: 10 });

	/** Gini's answers to uploads, changed by `edit` on the way to the node (the proxy rewrites its own URLs). */
	async function uploadThrough(
		user: string,
		edit: (answer: { headers: Record<string, string>; body: string }) => void,
	) {
		const proxy = await startScriptedProxy(gini, async (request, forward) => {
			const answer = await forward();
			if (request.method === 'POST' && request.url.pathname === '/documents') edit(answer);
			return answer;
		});
		try {
			return await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { payApiUrl: proxy.url, userIdentifier: user }),
				parameters: {
					resource: 'document',
					operation: 'upload',
					waitForExtractions: false,
					binaryPropertyName: 'data',
				},
				items: [await sampleItem(MUELLER)],
			});
		} finally {
			await proxy.close();
		}
	}

	function owned(user: string) {
		return gini.documents().filter((document) => document.owner.endsWith(`:${user}`));
	}

	it.each([
		['a path Gini never documented', (id: string) => `https://pay-api.gini.net/v2/docs/${id}`],
		['a sub-resource', (id: string) => `https://pay-api.gini.net/documents/${id}/extractions`],
	])('takes the document from the answer body: %s', async (name, location) => {
		const user = `odd-location-${name.length}`;
		const result = await uploadThrough(user, (answer) => {
			answer.headers.location = location((JSON.parse(answer.body) as { id: string }).id);
		});
		const [uploaded] = outputJson(result);
		expect(owned(user).map((document) => document.id)).toEqual([uploaded.documentId]);
		expect(uploaded).toMatchObject({ fileName: MUELLER });
	});

	it('fails only when nothing names the document, naming what Gini holds, without uploading it again', async () => {
		// A 201 that names no document is ambiguous (shared/createOutcome.ts): the node looks for what it created.
		const user = 'odd-location-nothing';
		const result = await uploadThrough(user, (answer) => {
			answer.headers.location = 'https://pay-api.gini.net/v2/docs/x';
			answer.body = '';
			delete answer.headers['content-type'];
		});
		const stored = owned(user);
		expect(stored).toHaveLength(1);
		expect(result.error).toMatchObject({
			candidateDocumentIds: [stored[0].id],
			uploadMayExist: true,
		});
	});
});
