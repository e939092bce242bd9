/**
 * An upload whose answer is lost must never be answered with another upload's document. Gini's answers carry
 * nothing that ties a stored document to the request that made it (the document shows no metadata headers, and the
 * emulator serves the fields Gini documents), so the node may only output a document Gini named in answer to this item's request. After a
 * lost answer it looks for what may have been stored, on Gini's clock, and either sends again (nothing there) or
 * fails the item naming the candidates. These tests run the engine against the emulator, with a scripted proxy in
 * front of it where the order of events must be exact.
 */
import { createHash } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import { DEMO_CLIENTS } from '../emulator/index.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, runGini, useGini } from './gini.cts';
import { startScriptedProxy } from './scriptedProxy.cts';

jest.setTimeout(30_000);

const USER = 'identity-user';
const NAME = 'Rechnung.pdf';
const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// A new Gini per test: its creation dates never go back, so a clock set back in one test would not show in the next.
const gini = useGini({ processingMs: 10, fresh: 'test' });

let serial = 0;
interface Invoice {
	bytes: Buffer;
	sha256: string;
	item: INodeExecutionData;
}

/** A distinct invoice (its own number and IBAN-free text) under the shared name `Rechnung.pdf`. */
async function invoice(): Promise<Invoice> {
	const number = ++serial;
	const bytes = await buildTextPdf([
		[`# Rechnung ${number}`, `Rechnungsnummer\tRE-${number}`, `Betrag\t${number},00 EUR`],
	]);
	return { bytes, sha256: sha256(bytes), item: await binaryItem(bytes, NAME, 'application/pdf') };
}

async function runUploads(invoices: Invoice[], payApiUrl = gini.payApiUrl, concurrency = 1) {
	const result = await runGini({
		mode: 'basic',
		credential: basicCredential(gini, { userIdentifier: USER, payApiUrl }),
		parameters: { ...upload, requestOptions: { concurrency, maxRetries: 2 } },
		items: invoices.map((entry) => entry.item),
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	return result.output('Gini Pay');
}

function storedNamed(name = NAME) {
	return gini.documents().filter((document) => document.name === name);
}

/**
 * The invariant: every item that outputs a document outputs one holding its own bytes; every item that fails
 * after a lost answer names, among its candidates, whatever Gini stored from its bytes.
 */
function expectNoForeignDocument(out: INodeExecutionData[], invoices: Invoice[]) {
	const stored = new Map(gini.documents().map((document) => [document.id, document]));
	const foreign = out.flatMap((item, index) => {
		const id = item.json.id;
		if (typeof id !== 'string') return [];
		return stored.get(id)?.sha256 === invoices[index].sha256 ? [] : [{ index, id }];
	});
	expect(foreign).toEqual([]);
	for (const [index, item] of out.entries()) {
		if (item.json.error === undefined) continue;
		const own = [...stored.values()].filter(
			(document) => document.sha256 === invoices[index].sha256,
		);
		for (const document of own) expect(item.json.candidateDocumentIds).toContain(document.id);
	}
}

describe('five different invoices all named Rechnung.pdf, every answer lost after Gini stored them', () => {
	it('at concurrency 5: no item outputs another item’s document; each names its own among the candidates', async () => {
		const invoices = await Promise.all(Array.from({ length: 5 }, invoice));
		const before = storedNamed().length;
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		const out = await runUploads(invoices, gini.payApiUrl, 5);
		gini.setFaults({});

		expectNoForeignDocument(out, invoices);
		// Nothing was uploaded twice: Gini holds each invoice once.
		expect(storedNamed()).toHaveLength(before + 5);
		for (const item of out) {
			expect(item.json).toMatchObject({
				error: expect.stringContaining('answer to the upload was lost'),
				candidateDocumentIds: expect.any(Array),
			});
		}
	});
});

describe('a second process uploads a same-named file', () => {
	it('while this item’s answer is lost: the other document is never output as this item’s', async () => {
		const mine = await invoice();
		const theirs = await invoice();
		const proxy = await startScriptedProxy(gini, async (request, forward) => {
			if (request.method !== 'POST') return await forward();
			await uploadDirectly(theirs.bytes);
			await forward();
			return 'reset';
		});
		try {
			const out = await runUploads([mine], proxy.url);
			expectNoForeignDocument(out, [mine]);
			const other = storedNamed().find((document) => document.sha256 === theirs.sha256);
			expect(out[0].json).toMatchObject({
				candidateDocumentIds: expect.arrayContaining([other!.id]),
			});
			expect(storedNamed().filter((document) => document.sha256 === mine.sha256)).toHaveLength(1);
		} finally {
			await proxy.close();
		}
	});

	it('3 s before an upload that never reached Gini: this item is uploaded, the older one not adopted', async () => {
		const mine = await invoice();
		const theirs = await invoice();
		gini.setClockOffset(-3000);
		await uploadDirectly(theirs.bytes);
		gini.setClockOffset(0);
		const out = await runUploads([mine], (await resetFirstPost()).url);
		expectNoForeignDocument(out, [mine]);
		const own = storedNamed().filter((document) => document.sha256 === mine.sha256);
		expect(own).toHaveLength(1);
		expect(out[0].json).toMatchObject({ documentId: own[0].id, status: 'PENDING' });
	});
});

describe('Gini’s clock differs from n8n’s', () => {
	it('60 s ahead: a same-named document from 50 s ago (Gini time) is not taken for this item’s lost upload', async () => {
		const mine = await invoice();
		const older = await invoice();
		gini.setClockOffset(10_000);
		await uploadDirectly(older.bytes);
		gini.setClockOffset(60_000);
		const out = await runUploads([mine], (await resetFirstPost()).url);
		expectNoForeignDocument(out, [mine]);
		const own = storedNamed().filter((document) => document.sha256 === mine.sha256);
		expect(own).toHaveLength(1);
		expect(out[0].json).toMatchObject({ documentId: own[0].id, status: 'PENDING' });
	});

	it('60 s behind: the node finds its own stored document and does not upload it twice', async () => {
		const mine = await invoice();
		gini.setClockOffset(-60_000);
		let posts = 0;
		const proxy = await startScriptedProxy(gini, async (request, forward) => {
			if (request.method !== 'POST' || posts++ > 0) return await forward();
			await forward();
			return 'reset';
		});
		try {
			const out = await runUploads([mine], proxy.url);
			expectNoForeignDocument(out, [mine]);
			const own = storedNamed().filter((document) => document.sha256 === mine.sha256);
			expect(own).toHaveLength(1);
			expect(posts).toBe(1);
			expect(out[0].json).toMatchObject({ candidateDocumentIds: [own[0].id] });
		} finally {
			await proxy.close();
		}
	});
});

describe('two items of one run with the same name', () => {
	it('A stored but answered slowly, B reset before Gini acted: each outputs its own document', async () => {
		const [a, b] = await Promise.all([invoice(), invoice()]);
		let aForwarded!: () => void;
		const aStored = new Promise<void>((resolve) => (aForwarded = resolve));
		let bResets = 0;
		const proxy = await startScriptedProxy(gini, async (request, forward) => {
			if (request.method !== 'POST') return await forward();
			if (sha256(request.body) === a.sha256) {
				const answer = await forward();
				aForwarded();
				await new Promise((resolve) => setTimeout(resolve, 1500));
				return answer;
			}
			if (sha256(request.body) === b.sha256 && bResets++ === 0) {
				await aStored;
				return 'reset';
			}
			return await forward();
		});
		try {
			const out = await runUploads([a, b], proxy.url, 2);
			expectNoForeignDocument(out, [a, b]);
			for (const [index, entry] of [a, b].entries()) {
				const own = storedNamed().filter((document) => document.sha256 === entry.sha256);
				expect(own).toHaveLength(1);
				expect(out[index].json).toMatchObject({ documentId: own[0].id });
			}
		} finally {
			await proxy.close();
		}
	});
});

async function uploadDirectly(bytes: Buffer) {
	const basic = Buffer.from(
		`${DEMO_CLIENTS.derived.clientId}:${DEMO_CLIENTS.derived.clientSecret}`,
	).toString('base64');
	const response = await fetch(`${gini.payApiUrl}/documents?filename=${NAME}`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${basic}`,
			'x-user-identifier': USER,
			'content-type': 'application/pdf',
			accept: 'application/vnd.gini.v1+json',
		},
		body: new Uint8Array(bytes),
	});
	if (response.status !== 201) throw new Error(`direct upload answered ${response.status}`);
}

const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
	for (const proxy of proxies.splice(0)) await proxy.close();
});

/** A proxy that resets the first upload before it reaches Gini and passes everything else on. */
async function resetFirstPost() {
	let first = true;
	const proxy = await startScriptedProxy(gini, async (request, forward) => {
		if (request.method !== 'POST' || !first) return await forward();
		first = false;
		return 'reset';
	});
	proxies.push(proxy);
	return proxy;
}
