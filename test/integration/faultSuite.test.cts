/**
 * The fault suite with many invoices of one name: uploads through n8n's engine while the emulator loses answers
 * before and after storing them. No item may output a document that is not its own, and every stored invoice must
 * be accounted for. The 1,000-upload runs of the full fault mix are in faultSuite.soak.test.cts.
 */
import { buildTextPdf } from '../fixtures/pdf.cts';
import {
	FAULT_SUITE,
	FAULTS,
	expectEachAccountedFor,
	report,
	sha256,
	uniqueUploads,
	uploadAsAnotherProcess,
} from './faultKit.cts';
import { runGini, useGini } from './gini.cts';

jest.setTimeout(240_000);

const gini = useGini(FAULT_SUITE);

describe('5 different invoices all named Rechnung.pdf, every answer lost after Gini stored them, concurrency 5', () => {
	it('no item outputs another item’s document; each names its own among the candidates', async () => {
		const uploads = (await uniqueUploads('five-same-name', 5)).map((upload) => ({
			...upload,
			fileName: 'Rechnung.pdf',
		}));
		for (const upload of uploads) upload.item.binary!.data.fileName = 'Rechnung.pdf';
		const byHash = new Map(uploads.map((upload, index) => [upload.sha256, index]));
		const before = new Set(gini.documents().map((document) => document.id));
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		const result = await runGini({
			mode: 'basic',
			credential: gini.credential('basic'),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				waitForExtractions: false,
				requestOptions: { concurrency: 5 },
			},
			items: uploads.map((upload) => upload.item),
			continueOnFail: true,
		});
		gini.setFaults({});
		const out = result.output('Gini Pay');
		const created = gini.documents().filter((document) => !before.has(document.id));
		expect(created).toHaveLength(5);
		expectEachAccountedFor(created, out, byHash, () => 'Rechnung.pdf');
		for (const item of out) expect(item.json.candidateDocumentIds).toEqual(expect.any(Array));
	});
});

describe('200 different invoices all named Rechnung.pdf under faults, while a second process uploads that name too', () => {
	it('no item outputs a document that is not its own; every stored invoice is accounted for', async () => {
		const uploads = (await uniqueUploads('same-name', 200)).map((upload) => ({
			...upload,
			fileName: 'Rechnung.pdf',
		}));
		for (const upload of uploads) upload.item.binary!.data.fileName = 'Rechnung.pdf';
		const byHash = new Map(uploads.map((upload, index) => [upload.sha256, index]));
		const before = new Set(gini.documents().map((document) => document.id));
		// Answers lost before and after Gini stored the upload, ten times as often as in the mix above.
		gini.setFaults({ ...FAULTS, shareReset: 0.05, shareResetAfterCommit: 0.05 });

		const others = new Set<string>();
		let running = true;
		const secondProcess = (async () => {
			for (let n = 0; running && n < 500; n++) {
				const bytes = await buildTextPdf([[`# Rechnung eines anderen Prozesses ${n}`]]);
				others.add(sha256(bytes));
				await uploadAsAnotherProcess(gini, bytes).catch(() => undefined);
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		})();
		const result = await runGini({
			mode: 'basic',
			credential: gini.credential('basic'),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				waitForExtractions: false,
				requestOptions: { concurrency: 5 },
			},
			items: uploads.map((upload) => upload.item),
			continueOnFail: true,
		});
		running = false;
		await secondProcess;
		gini.setFaults({});
		expect(result.error).toBeUndefined();
		const out = result.output('Gini Pay');
		expect(out).toHaveLength(uploads.length);

		const created = gini.documents().filter((document) => !before.has(document.id));
		expect(created.filter((document) => others.has(document.sha256)).length).toBeGreaterThan(10);
		expectEachAccountedFor(created, out, byHash, () => 'Rechnung.pdf', others);
		const { faults } = gini.counters();
		expect(faults.resetAfterCommit).toBeGreaterThan(3);
		report('same-name', {
			successes: out.filter((item) => typeof item.json.documentId === 'string').length,
			lostAfterStoring: out.filter((item) => item.json.candidateDocumentIds !== undefined).length,
			otherErrors: out.filter((item) => item.json.error && !item.json.candidateDocumentIds).length,
			faults,
		});
	});
});
