/**
 * The run's waiter (api/waiter.ts) in n8n's engine against the emulator: a probe node hands every input item's
 * document to one waiter, as Upload, Get Extractions and the Trigger will. It shows what the unit tests cannot: the
 * waiter looks at each document with a GET about once a second while Gini answers normally, a 429 with
 * `Retry-After` slows it down for all documents and lets one listing of the emulator's documented profile (`next`
 * cursor, a page cap, no total) see the user's pending documents, and a document that never finishes fails alone with the node's timeout error.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { openGini } from '../../nodes/GiniPay/api/client';
import { runWaiter } from '../../nodes/GiniPay/api/waiter';
import { DEMO_CLIENTS, type Emulator } from '../emulator/index.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { runNode } from '../harness/index.cts';
import { basicCredential, CREDENTIAL_TYPE, credentialTypes, useGini } from './gini.cts';

class WaiterProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Waiter Probe',
		name: 'waiterProbe',
		group: ['transform'],
		version: 1,
		description: 'Waits for the document of each item with the run waiter',
		defaults: { name: 'Waiter Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE.basic, required: true }],
		properties: [
			{ displayName: 'Authentication', name: 'authentication', type: 'string', default: 'basic' },
			{ displayName: 'Timeout', name: 'timeoutSeconds', type: 'number', default: 60 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const timeout = this.getNodeParameter('timeoutSeconds', 0) as number;
		const { waiter, limiter } = runWaiter(this, 10);
		const settled = await Promise.allSettled(
			items.map(async (item, itemIndex) => {
				const gini = await openGini(this, { mode: 'basic', itemIndex });
				gini.actFor({});
				return await gini.documents.whenProcessed(waiter, String(item.json.url), timeout);
			}),
		);
		const stats = { ...waiter.stats, peak: limiter.peak };
		return [
			settled.map((outcome, itemIndex) => ({
				json: {
					...(outcome.status === 'fulfilled'
						? { progress: outcome.value.progress, id: outcome.value.id }
						: { error: (outcome.reason as Error).message }),
					stats: stats as unknown as IDataObject,
				},
				pairedItem: { item: itemIndex },
			})),
		];
	}
}

const USER = 'waiter-probe-user';

async function upload(gini: Emulator, n: number): Promise<string> {
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	const response = await fetch(`${gini.payApiUrl}/documents?filename=w-${n}.pdf`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
			'X-User-Identifier': USER,
			Accept: 'application/vnd.gini.v1+json',
			'Content-Type': 'application/pdf',
		},
		body: await buildTextPdf([
			[`# Rechnung W-${n}`, `Rechnungsnummer\tW-${n}`, 'Betrag\t12,34 EUR'],
		]),
	});
	await response.arrayBuffer();
	const location = response.headers.get('location');
	if (response.status !== 201 || !location) throw new Error(`upload answered ${response.status}`);
	return location;
}

async function probe(gini: Emulator, urls: string[], timeoutSeconds: number) {
	const result = await runNode({
		nodeTypes: [new WaiterProbe()],
		credentialTypes,
		credentials: [
			{
				type: CREDENTIAL_TYPE.basic,
				id: 'basic-1',
				name: 'basic',
				data: basicCredential(gini, { userIdentifier: USER }),
			},
		],
		node: {
			name: 'Waiter Probe',
			type: 'n8n-nodes-gini-pay.waiterProbe',
			parameters: { authentication: 'basic', timeoutSeconds },
		},
		inputItems: urls.map((url) => ({ json: { url } })),
	});
	if (result.error) throw result.error;
	return result.output('Waiter Probe').map((item) => item.json);
}

// Runs that wait for Gini for seconds by design: jest's 5 s default fails them on a busy machine.
jest.setTimeout(30_000);

describe('the run waiter in the engine', () => {
	const gini = useGini({ processingMs: 1500, fresh: 'test' });

	it("looks at a user's pending documents with a GET each, about one a second, while Gini answers normally", async () => {
		const urls = await Promise.all(
			Array.from({ length: 30 }, async (_, n) => await upload(gini, n)),
		);
		gini.resetCounters();
		const output = await probe(gini, urls, 60);
		expect(output.map((json) => json.progress)).toEqual(urls.map(() => 'COMPLETED'));
		const routes = gini.counters().requests.byRoute;
		// 1.5 s of processing: a look at about 0, 1 and 2 s each (fewer if the uploads took long), never more; no
		// listing (its pages come one after another, newest first, so the oldest documents, which finish first, would
		// be seen last).
		expect(routes['GET /documents/{id}']).toBeGreaterThanOrEqual(30);
		expect(routes['GET /documents/{id}']).toBeLessThanOrEqual(90);
		expect(routes['GET /documents'] ?? 0).toBe(0);
		const stats = output[0].stats as { listings: number; peak: number; throttled: number };
		expect(stats.listings).toBe(0);
		expect(stats.throttled).toBe(0);
		expect(stats.peak).toBeLessThanOrEqual(10);
	});

	it("slows down for every document when Gini answers 429 with Retry-After, and watches the user's documents with one listing then", async () => {
		const urls = await Promise.all(
			Array.from({ length: 30 }, async (_, n) => await upload(gini, n)),
		);
		gini.resetCounters();
		// Gini throttles the first looks (Retry-After 1 s); the transport waits and reads again, the item does not fail.
		gini.setFaults({ share429: 1, retryAfterSeconds: 1, routes: ['GET /documents/{id}'] });
		// Quiet again once Gini has throttled a few looks, however slow the machine is.
		const quiet = setInterval(() => {
			if (gini.counters().faults['429'] >= 3) gini.setFaults({});
		}, 10);
		try {
			const output = await probe(gini, urls, 60);
			expect(output.map((json) => json.progress)).toEqual(urls.map(() => 'COMPLETED'));
			const stats = output[0].stats as { listings: number; peak: number; throttled: number };
			// The transport told the waiter (onThrottle) before it waited: the whole waiter slowed down.
			expect(stats.throttled).toBeGreaterThanOrEqual(1);
			// Then one listing sees the user's waiting documents at once, instead of a GET each.
			expect(stats.listings).toBeGreaterThanOrEqual(1);
			const routes = gini.counters().requests.byRoute;
			expect(routes['GET /documents']).toBeGreaterThanOrEqual(1);
			// A GET each for the first look (some twice: the 429 and its retry), then listings: fewer than a GET a second.
			expect(routes['GET /documents/{id}']).toBeLessThan(60);
			expect(stats.peak).toBeLessThanOrEqual(10);
		} finally {
			clearInterval(quiet);
		}
	});

	it('fails a document Gini never finishes alone, with the timeout error, while the others complete', async () => {
		gini.setProcessingMs(10 * 60_000);
		const stuck = await upload(gini, 99);
		gini.setProcessingMs(500);
		const others = await Promise.all(
			Array.from({ length: 4 }, async (_, n) => await upload(gini, n)),
		);
		const output = await probe(gini, [others[0], stuck, ...others.slice(1)], 3);
		expect(output[1].error).toMatch(/^Gini is still processing document [\w-]+ after 3 s$/);
		for (const json of [output[0], ...output.slice(2)]) expect(json.progress).toBe('COMPLETED');
	});
});
