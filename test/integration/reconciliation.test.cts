/**
 * Uploads whose answer is lost, or whose read-back fails: the cases the fault suite hits only by chance, made
 * certain here. An upload that reached Gini is named in the item's error for a person to check (Gini's answers
 * cannot prove it is this item's); one that did not is sent again or ends as an error; Gini never holds a copy the
 * output does not name.
 */
import { NodeApiError } from 'n8n-workflow';

import { DEMO_CLIENTS, type Emulator } from '../emulator/index.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, outputJson, runGini, useGini } from './gini.cts';
import { startScriptedProxy } from './scriptedProxy.cts';

const USER = 'reconcile-user';
const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};

const gini = useGini({ processingMs: 10 });

let counter = 0;
async function pdfItem(name: string) {
	const bytes = await buildTextPdf([[`# Rechnung ${name}`, `Nummer\t${++counter}`]]);
	return await binaryItem(bytes, name, 'application/pdf');
}

function documentsNamed(name: string) {
	return gini.documents().filter((document) => document.name === name);
}

async function runUpload(name: string, requestOptions = {}, extra = {}) {
	return await runGini({
		mode: 'basic',
		credential: basicCredential(gini, { userIdentifier: USER }),
		parameters: { ...upload, requestOptions, ...extra },
		items: [await pdfItem(name)],
		continueOnFail: true,
	});
}

describe('an upload whose answer is lost after Gini created the document', () => {
	// Gini's answers cannot prove that the document found is this upload's (see uploadIdentity.test.cts): the item
	// fails naming it, and the file is not uploaded a second time.
	it('fails naming the document Gini stored, and does not upload again', async () => {
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		const result = await runUpload('lost-answer.pdf');
		const [out] = result.output('Gini Pay');
		const stored = documentsNamed('lost-answer.pdf');
		expect(stored).toHaveLength(1);
		expect(out.json).toEqual({
			fileName: 'lost-answer.pdf',
			binaryField: 'data',
			error:
				'Gini\'s answer to the upload was lost, and a document named "lost-answer.pdf" appeared at Gini meanwhile',
			description: expect.stringContaining(
				`check ${stored[0].id} (Document > Get or Get Extractions)`,
			),
			candidateDocumentIds: [stored[0].id],
			uploadMayExist: true,
		});
		expect(gini.counters().requests.byRoute['POST /documents']).toBe(1);
	});

	it('is looked for even when no retry is left (Max Retries 0)', async () => {
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		const result = await runUpload('lost-answer-no-retry.pdf', { maxRetries: 0 });
		const [out] = result.output('Gini Pay');
		const stored = documentsNamed('lost-answer-no-retry.pdf');
		expect(stored).toHaveLength(1);
		expect(out.json).toMatchObject({ candidateDocumentIds: [stored[0].id] });
	});

	it('is found among many documents other uploads created meanwhile (beyond the first page)', async () => {
		const proxy = await startLosingProxy(gini, 'crowded.pdf', 150);
		try {
			const result = await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: USER, payApiUrl: proxy.url }),
				parameters: upload,
				items: [await pdfItem('crowded.pdf')],
				continueOnFail: true,
			});
			const [out] = result.output('Gini Pay');
			const stored = documentsNamed('crowded.pdf');
			expect(stored).toHaveLength(1);
			expect(out.json).toMatchObject({ candidateDocumentIds: [stored[0].id] });
		} finally {
			await proxy.close();
		}
	});

	it('when Gini cannot list the documents afterwards, fails saying the document may exist, and does not upload again', async () => {
		// The answer to the upload is lost after Gini stored it; every listing then fails (a 503 that outlasts the
		// retries). The node cannot tell whether the document exists: it must not send the file again, and the item's
		// error must say that Gini may hold it, so that nobody uploads it again blindly.
		let lost = false;
		const proxy = await startScriptedProxy(gini, async (request, forward) => {
			if (request.method === 'GET' && request.url.pathname.endsWith('/documents'))
				return { status: 503, headers: { 'retry-after': '0' }, body: '' };
			const answer = await forward();
			if (lost || request.method !== 'POST') return answer;
			lost = true;
			return 'reset';
		});
		try {
			const result = await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: USER, payApiUrl: proxy.url }),
				parameters: { ...upload, requestOptions: { maxRetries: 1 } },
				items: [await pdfItem('unlistable.pdf')],
				continueOnFail: true,
			});
			const [out] = result.output('Gini Pay');
			const stored = documentsNamed('unlistable.pdf');
			expect(stored).toHaveLength(1);
			expect(gini.counters().requests.byRoute['POST /documents']).toBe(1);
			expect(out.json).toEqual({
				fileName: 'unlistable.pdf',
				binaryField: 'data',
				error:
					'Gini\'s answer to the upload was lost, and the node could not check whether Gini stored the document "unlistable.pdf"',
				description: expect.stringMatching(
					/^Gini may hold it\. Look for documents named "unlistable\.pdf" created since \d{4}-\d\d-\d\dT[\d:.]+Z \(Document > Get Many\) before uploading the file again\. The node did not upload it a second time\. Looking for an upload whose answer was lost failed: the Gini Pay API answered 503/,
				),
				httpCode: '503',
				uploadMayExist: true,
			});
		} finally {
			await proxy.close();
		}
	});

	it('without Continue On Fail, stops the node with the candidates on the error', async () => {
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: USER }),
			parameters: upload,
			items: [await pdfItem('lost-answer-stops.pdf')],
		});
		const [stored] = documentsNamed('lost-answer-stops.pdf');
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error).toMatchObject({ candidateDocumentIds: [stored.id] });
		expect((result.error as NodeApiError).context.itemIndex).toBe(0);
	});
});

describe('an upload that never reached Gini', () => {
	it('ends as one error item with no document, saying Gini may hold it, when every attempt is reset', async () => {
		// A reset proves nothing: from the node's side it looks the same before and after Gini stored the file (a
		// slow commit can still store it after the looks found nothing), so the item never reads "nothing happened".
		gini.setFaults({ routes: ['POST /documents'], shareReset: 1 });
		const result = await runUpload('never-arrives.pdf', { maxRetries: 2 });
		const [out] = result.output('Gini Pay');
		expect(out.json).toMatchObject({
			error:
				'Gini\'s answer to an upload of "never-arrives.pdf" was lost, and sending it again failed',
			description: expect.stringMatching(
				/^Gini may hold it\. .* The last attempt: Could not reach Gini at http:\/\/127\.0\.0\.1:\d+$/,
			),
			uploadMayExist: true,
		});
		expect(out.json.documentId).toBeUndefined();
		expect(documentsNamed('never-arrives.pdf')).toHaveLength(0);
		expect(gini.counters().requests.byRoute['POST /documents']).toBe(3);
	});
});

describe('a request Gini does not answer in time', () => {
	it('fails with an error that names the timeout and the option to raise it', async () => {
		const [uploaded] = outputJson(await runUpload('slow-to-read.pdf'));
		gini.setFaults({ routes: ['GET /documents/{id}'], latencyMs: 1500 });
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: USER }),
			parameters: {
				resource: 'document',
				operation: 'get',
				documentId: String(uploaded.id),
				requestOptions: { requestTimeout: 1, maxRetries: 0 },
			},
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error).toMatchObject({
			message: `Gini at ${gini.payApiUrl} did not answer within 1 s`,
			description: expect.stringMatching(
				/^Raise 'Request Timeout \(Seconds\)' in 'Request Options', or try again later \(E[A-Z]+\)\.$/,
			),
		});
	});
});

describe('a document that was uploaded but cannot be read back', () => {
	it('is output with its ID and the reason, not as an error (repeating errors would upload it twice)', async () => {
		gini.setFaults({ routes: ['GET /documents/{id}'], share503: 1, retryAfterSeconds: 0 });
		const result = await runUpload(
			'unreadable.pdf',
			{ maxRetries: 1 },
			{ options: { readBack: true } },
		);
		const [out] = result.output('Gini Pay');
		const stored = documentsNamed('unreadable.pdf');
		expect(stored).toHaveLength(1);
		expect(out.json).toEqual({
			documentId: stored[0].id,
			fileName: 'unreadable.pdf',
			status: 'PENDING',
			readError:
				'Reading the document failed: the Gini Pay API answered 503 (Service unavailable, try again later)',
		});
	});

	it('is not read back unless asked: the upload outputs what Gini answered, with one request', async () => {
		gini.setFaults({ routes: ['GET /documents/{id}'], share503: 1, retryAfterSeconds: 0 });
		const result = await runUpload('not-read-back.pdf', { maxRetries: 1 });
		const [out] = result.output('Gini Pay');
		const [stored] = documentsNamed('not-read-back.pdf');
		expect(out.json).toEqual({
			documentId: stored.id,
			fileName: 'not-read-back.pdf',
			status: 'PENDING',
		});
	});

	it('with Wait for Extractions, fails naming the uploaded document', async () => {
		gini.setFaults({ routes: ['GET /documents/{id}'], share503: 1, retryAfterSeconds: 0 });
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: USER }),
			parameters: { ...upload, waitForExtractions: true, requestOptions: { maxRetries: 1 } },
			items: [await pdfItem('unreadable-wait.pdf')],
		});
		const [stored] = documentsNamed('unreadable-wait.pdf');
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.description).toContain(`The document was uploaded (ID ${stored.id})`);
		expect(error.context.itemIndex).toBe(0);
	});
});

/**
 * A proxy in front of the emulator that loses the answer to the first upload of `fileName` (Gini created the
 * document, the socket dies) after `crowd` other documents of the same user were uploaded, as a busy batch would.
 */
async function startLosingProxy(emulator: Emulator, fileName: string, crowd: number) {
	let lost = false;
	return await startScriptedProxy(emulator, async (request, forward) => {
		const answer = await forward();
		if (lost || request.method !== 'POST' || request.url.searchParams.get('filename') !== fileName)
			return answer;
		lost = true;
		for (let n = 0; n < crowd; n++)
			await uploadDirectly(emulator, `crowd-${n}.pdf`, request.headers);
		return 'reset';
	});
}

async function uploadDirectly(emulator: Emulator, name: string, headers: Record<string, string>) {
	const response = await fetch(`${emulator.payApiUrl}/documents?filename=${name}`, {
		method: 'POST',
		headers: { ...headers, 'content-type': 'application/pdf' },
		body: new Uint8Array(await buildTextPdf([[name]])),
	});
	if (response.status !== 201) throw new Error(`crowd upload answered ${response.status}`);
	expect(headers['x-user-identifier']).toBe(USER);
	expect(headers.authorization).toContain(
		Buffer.from(`${DEMO_CLIENTS.derived.clientId}:`).toString('base64').slice(0, 8),
	);
}
