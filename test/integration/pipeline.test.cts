/**
 * A batch at Gini's pace: uploading and waiting are separate stages. An uploaded document frees its upload slot and
 * joins the run's one waiter (api/waiter.ts), so the next uploads go on while Gini processes the first ones. The
 * output keeps the input order and pairing, and a document Gini never finishes fails alone, at its own timeout.
 */
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, runGini, useGini } from './gini.cts';
import { startScriptedProxy, type ProxyScript } from './scriptedProxy.cts';

jest.setTimeout(60_000);

const gini = useGini({ processingMs: 2_500 });

const invoice = async (n: number) =>
	await buildTextPdf([
		[
			`# Rechnung Pipeline ${n}`,
			`Rechnungsnummer\tPL-${n}`,
			'IBAN\tDE89 3704 0044 0532 0130 00',
			`Betrag\t${n},00 EUR`,
		],
	]);

/**
 * Every request in the order the gateway saw it, as "METHOD /path-kind". Documents named in `stuckNames` stay
 * PENDING; with `pendingUntilUploads`, every document stays PENDING until that many uploads came in, whatever the
 * machine's speed, so a node that waited for a document before sending the next upload would never see one finish.
 */
function recording(
	stuckNames: string[] = [],
	pendingUntilUploads = 0,
): { script: ProxyScript; seen: string[] } {
	const seen: string[] = [];
	const uploads = () => seen.filter((request) => request === 'POST documents').length;
	const stuck = (document: Record<string, unknown>) =>
		stuckNames.includes(String(document.name)) || uploads() < pendingUntilUploads
			? { ...document, progress: 'PENDING' }
			: document;
	const script: ProxyScript = async (request, forward) => {
		const path = request.url.pathname;
		const kind = path.endsWith('/extractions')
			? 'extractions'
			: /\/documents\/[\w-]+$/.test(path)
				? 'document'
				: 'documents';
		seen.push(`${request.method} ${kind}`);
		const answer = await forward();
		if (request.method !== 'GET' || answer.status !== 200) return answer;
		if (stuckNames.length === 0 && uploads() >= pendingUntilUploads) return answer;
		const body = JSON.parse(answer.body) as Record<string, unknown>;
		const rewritten = Array.isArray(body.documents)
			? { ...body, documents: (body.documents as Array<Record<string, unknown>>).map(stuck) }
			: kind === 'document'
				? stuck(body)
				: body;
		return { ...answer, body: JSON.stringify(rewritten) };
	};
	return { script, seen };
}

async function runBatch(count: number, script: ProxyScript, timeout: number | string = 30) {
	const proxy = await startScriptedProxy(gini, script);
	try {
		const items = await Promise.all(
			Array.from(
				{ length: count },
				async (_, n) =>
					await binaryItem(await invoice(n + 1), `pipeline-${n + 1}.pdf`, 'application/pdf', { n }),
			),
		);
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: 'pipeline-user', payApiUrl: proxy.url }),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				timeout,
				requestOptions: { concurrency: 2 },
			},
			items,
			continueOnFail: true,
		});
		return result.output('Gini Pay');
	} finally {
		await proxy.close();
	}
}

describe('Upload with Wait for Payment Data, 12 invoices at Concurrency 2', () => {
	it('uploads every file while Gini processes the first ones, and outputs each item its own payment data, in order', async () => {
		// Gini shows every document as processing until all 12 uploads came in: a node that waited for one document
		// before uploading the next would time out here.
		const { script, seen } = recording([], 12);
		const out = await runBatch(12, script);
		expect(out.filter((item) => item.json.error !== undefined)).toEqual([]);
		const lastUpload = seen.lastIndexOf('POST documents');
		const firstExtractions = seen.indexOf('GET extractions');
		expect(lastUpload).toBeLessThan(firstExtractions);
		expect(out.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 12 }, (_, item) => ({ item })),
		);
		expect(out.map((item) => [item.json.fileName, item.json.amount])).toEqual(
			Array.from({ length: 12 }, (_, n) => [`pipeline-${n + 1}.pdf`, n + 1]),
		);
		expect(out.every((item) => item.json.iban === 'DE89370400440532013000')).toBe(true);
	});

	it('a document Gini never finishes fails alone at its own timeout; the others are picked up as they finish', async () => {
		const { script } = recording(['pipeline-3.pdf']);
		const out = await runBatch(6, script, 6);
		expect(out.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 6 }, (_, item) => ({ item })),
		);
		const failed = out.filter((item) => item.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 2 });
		expect(failed[0].json).toMatchObject({
			error: expect.stringMatching(/^Gini is still processing document [\w-]+ after 6 s$/),
			documentId: expect.any(String),
		});
		expect(
			out.filter((item) => item.json.error === undefined).map((item) => item.json.amount),
		).toEqual([1, 2, 4, 5, 6]);
	});

	it('times each item out at its own Timeout, one by one, while the others are picked up', async () => {
		const { script } = recording(['pipeline-2.pdf', 'pipeline-5.pdf']);
		// Item 1 (pipeline-2) may wait 3 s, every other item 7 s.
		const out = await runBatch(6, script, '={{ $json.n === 1 ? 3 : 7 }}');
		expect(out.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 6 }, (_, item) => ({ item })),
		);
		expect(out[1].json.error).toMatch(/^Gini is still processing document [\w-]+ after 3 s$/);
		expect(out[4].json.error).toMatch(/^Gini is still processing document [\w-]+ after 7 s$/);
		expect(out[1].json.documentId).not.toBe(out[4].json.documentId);
		expect(
			out.filter((item) => item.json.error === undefined).map((item) => item.json.amount),
		).toEqual([1, 3, 4, 6]);
	});
});
