/**
 * Skip Files Uploaded Before when an execution stops while Gini may already hold the file (a queue-mode worker killed
 * between Gini's answer and n8n's record, n8n's Stop): the next execution must neither upload the file again blindly
 * (a duplicate) nor skip it (a lost invoice). It looks, and names what Gini holds, or uploads when Gini holds nothing.
 */
import { randomUUID } from 'node:crypto';

import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, runGini, useGini } from './gini.cts';
import { startScriptedProxy, type ProxyScript } from './scriptedProxy.cts';

jest.setTimeout(30_000);

const gini = useGini({ processingMs: 10 });

const parameters = {
	resource: 'document',
	operation: 'upload',
	binaryPropertyName: 'data',
	waitForExtractions: false,
	requestOptions: { maxRetries: 0 },
	options: { skipUploadedBefore: true },
};

/**
 * Runs the upload of `name` once through a gateway that never answers the upload (storing it at Gini first when
 * `stores`), and stops the execution as n8n's Stop or a dying worker would, once the upload was sent.
 */
async function interruptedRun(
	nodeId: string,
	user: string,
	name: string,
	bytes: Buffer,
	stores: boolean,
) {
	let sent: () => void = () => {};
	const uploadSent = new Promise<void>((resolve) => (sent = resolve));
	const script: ProxyScript = async (request, forward) => {
		if (request.method !== 'POST') return await forward();
		if (stores) await forward();
		sent();
		return await new Promise<never>(() => {});
	};
	const proxy = await startScriptedProxy(gini, script);
	const stop = new AbortController();
	try {
		const running = runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: user, payApiUrl: proxy.url }),
			parameters,
			items: [await binaryItem(bytes, name, 'application/pdf')],
			nodeId,
			cancelSignal: stop.signal,
		});
		await uploadSent;
		stop.abort();
		await running;
	} finally {
		await proxy.close();
	}
}

async function rerun(nodeId: string, user: string, name: string, bytes: Buffer) {
	const result = await runGini({
		mode: 'basic',
		credential: basicCredential(gini, { userIdentifier: user }),
		parameters,
		items: [await binaryItem(bytes, name, 'application/pdf')],
		nodeId,
		continueOnFail: true,
	});
	return result.output('Gini Pay')[0].json;
}

const named = (user: string, name: string) =>
	gini.documents().filter((doc) => doc.owner.endsWith(`:${user}`) && doc.name === name);

describe('an execution stopped after Gini stored the file, before the node recorded it', () => {
	it('the next execution names the stored document and does not upload the file again', async () => {
		const nodeId = randomUUID();
		const user = 'interrupted-stored';
		const name = 'interrupted.pdf';
		const bytes = await buildTextPdf([['# Rechnung interrupted', 'Betrag\t99,00 EUR']]);
		await interruptedRun(nodeId, user, name, bytes, true);
		expect(named(user, name)).toHaveLength(1);
		const json = await rerun(nodeId, user, name, bytes);
		const stored = named(user, name);
		expect(stored).toHaveLength(1);
		expect(json).toMatchObject({
			error: expect.stringContaining(
				'An earlier execution stopped while uploading "interrupted.pdf"',
			),
			candidateDocumentIds: [stored[0].id],
			uploadMayExist: true,
		});
		// And again: still named, still not uploaded twice.
		expect(await rerun(nodeId, user, name, bytes)).toMatchObject({
			candidateDocumentIds: [stored[0].id],
		});
		expect(named(user, name)).toHaveLength(1);
	});
});

describe('an execution stopped before Gini stored anything', () => {
	it('the next execution uploads the file, and the one after skips it', async () => {
		const nodeId = randomUUID();
		const user = 'interrupted-nothing';
		const name = 'never-stored.pdf';
		const bytes = await buildTextPdf([['# Rechnung never stored', 'Betrag\t11,00 EUR']]);
		await interruptedRun(nodeId, user, name, bytes, false);
		expect(named(user, name)).toHaveLength(0);
		const json = await rerun(nodeId, user, name, bytes);
		expect(json).toMatchObject({ documentId: named(user, name)[0].id });
		expect(await rerun(nodeId, user, name, bytes)).toMatchObject({ skipped: 'uploadedBefore' });
		expect(named(user, name)).toHaveLength(1);
	});
});
