import { NodeApiError, NodeOperationError, type INodeParameters } from 'n8n-workflow';

import { loadFixture, SAMPLE_INVOICES } from '../fixtures/invoices.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import {
	basicCredential,
	invoiceItems,
	jwtCredential,
	runGini,
	userCenterCredential,
	useGini,
} from './gini.cts';

const gini = useGini({ processingMs: 10 });

const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};

describe('Gini’s refusals', () => {
	it('keep the HTTP status and Gini’s request ID, and never the secret', async () => {
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { clientSecret: 'wrong-secret-value' }),
			parameters: upload,
			items: await invoiceItems(1),
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError & { requestId?: string; description?: string };
		expect(error.httpCode).toBe('401');
		expect(error.requestId).toMatch(/[0-9a-f-]{36}/);
		expect(error.description).toContain(error.requestId);
		const everything = JSON.stringify({
			message: error.message,
			description: error.description,
			cause: error.cause,
			logs: result.logs,
		});
		expect(everything).not.toContain('wrong-secret-value');
		const basic = Buffer.from(`${basicCredential(gini).clientId}:wrong-secret-value`).toString(
			'base64',
		);
		expect(everything).not.toContain(basic);
	});

	it('become error items under Continue On Fail, and later items still run', async () => {
		const items = [
			...(await invoiceItems(1)),
			{ json: { note: 'no binary here' } },
			...(await invoiceItems(1)),
		];
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini),
			parameters: upload,
			items,
			continueOnFail: true,
		});
		const out = result.output('Gini Pay');
		expect(out).toHaveLength(3);
		expect(out[0].json.documentId).toEqual(expect.any(String));
		expect(out[1].json.error).toEqual(expect.stringContaining('data'));
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[2].json.documentId).toEqual(expect.any(String));
	});
});

describe('an error that fails the run names every document the run created', () => {
	const corrupt = SAMPLE_INVOICES.find((sample) => sample.file === 'corrupt-truncated.pdf')!;

	/** Three items: distinct small PDFs named `<label>-0.pdf` and `<label>-2.pdf` around a file Gini refuses (400). */
	async function threeItems(label: string) {
		const pdf = async (index: number) =>
			await binaryItem(
				await buildTextPdf([[`# Rechnung ${label}`, `Nummer\t${index}`]]),
				`${label}-${index}.pdf`,
				'application/pdf',
			);
		return [
			await pdf(0),
			await binaryItem(loadFixture(corrupt.file), `${label}-1.pdf`, 'application/pdf'),
			await pdf(2),
		];
	}

	const idsNamed = (prefix: string) =>
		gini
			.documents()
			.filter((document) => document.name.startsWith(prefix))
			.sort((one, other) => one.name.localeCompare(other.name))
			.map((document) => document.id);

	it.each([
		['one item at a time', 1, ['serial-0.pdf']],
		['three items at a time', 3, ['parallel-0.pdf', 'parallel-2.pdf']],
	])('%s: documentIds and the description name them', async (_name, concurrency, names) => {
		const label = concurrency === 1 ? 'serial' : 'parallel';
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini),
			parameters: { ...upload, requestOptions: { concurrency } },
			items: await threeItems(label),
		});
		const error = result.error as NodeApiError & { documentIds?: string[]; description?: string };
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(1);
		const created = idsNamed(label);
		expect(created).toHaveLength(names.length);
		expect(error.documentIds).toEqual(created);
		for (const id of created) expect(error.description).toContain(id);
	});

	it('says which other items failed too, while naming the document of the one that did not', async () => {
		const [good, refused] = [(await threeItems('others'))[0], (await threeItems('others'))[1]];
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini),
			parameters: { ...upload, requestOptions: { concurrency: 3 } },
			items: [refused, good, refused],
		});
		const error = result.error as NodeApiError & { documentIds?: string[]; description?: string };
		expect(error.context.itemIndex).toBe(0);
		expect(error.documentIds).toEqual(idsNamed('others'));
		expect(error.documentIds).toHaveLength(1);
		expect(error.description).toContain('Item 2 failed too: ');
	});

	it('an error item of an item that created a document before failing carries documentIds', async () => {
		gini.setFidelity('lenient');
		try {
			const result = await runGini({
				mode: 'basic',
				credential: basicCredential(gini),
				parameters: { ...upload, waitForExtractions: true, timeout: 30 },
				items: [
					await binaryItem(loadFixture(corrupt.file), 'processed-badly.pdf', 'application/pdf'),
				],
				continueOnFail: true,
			});
			const [out] = result.output('Gini Pay').map((item) => item.json);
			const created = idsNamed('processed-badly');
			expect(created).toHaveLength(1);
			expect(out).toMatchObject({
				error: expect.stringContaining(created[0]),
				documentIds: created,
			});
		} finally {
			gini.setFidelity('strict');
		}
	});
});

describe('bad input is refused before anything is sent', () => {
	async function refused(
		parameters: INodeParameters,
		items = [{ json: {} }],
		credential = basicCredential(gini),
	) {
		const result = await runGini({ mode: 'basic', credential, parameters, items });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(gini.counters().requests.byRoute['POST /documents'] ?? 0).toBe(0);
		return result.error as NodeOperationError & { description?: string };
	}

	it('an empty file', async () => {
		const error = await refused(upload, [
			await binaryItem(Buffer.alloc(0), 'empty.pdf', 'application/pdf'),
		]);
		expect(error.message).toBe('The file is empty (0 bytes) (binary field "data")');
	});

	it('an unsupported type', async () => {
		const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
		const error = await refused(upload, [await binaryItem(zip, 'a.zip', 'application/zip')]);
		expect(error.message).toBe(
			'The file is a ZIP archive, which Gini cannot read (binary field "data")',
		);
	});

	it('a binary whose declared type lies', async () => {
		const png = SAMPLE_INVOICES.find((sample) => sample.mediaType === 'image/png')!;
		const error = await refused(upload, [
			await binaryItem(loadFixture(png.file), 'invoice.pdf', 'application/pdf'),
		]);
		expect(error.message).toBe(
			'The file is declared as a PDF but it is a PNG image (binary field "data")',
		);
	});

	it('a file of 10 MiB', async () => {
		const big = Buffer.alloc(10 * 1024 * 1024);
		Buffer.from('%PDF-1.4\n').copy(big);
		const error = await refused(upload, [await binaryItem(big, 'big.pdf', 'application/pdf')]);
		expect(error.message).toContain('under 10 MiB');
	});

	it('a non-https URL that is not loopback', async () => {
		const error = await refused(
			upload,
			await invoiceItems(1),
			basicCredential(gini, { payApiUrl: 'http://pay-api.gini.net' }),
		);
		expect(error.message).toContain('must use https');
	});

	it('a user identifier that is not ASCII', async () => {
		const error = await refused({ ...upload, userIdentifier: 'Jürgen' }, await invoiceItems(1));
		expect(error.message).toContain('printable ASCII');
	});

	it('a limit of 0', async () => {
		const error = await refused({
			resource: 'document',
			operation: 'getAll',
			returnAll: false,
			limit: 0,
		});
		expect(error.message).toContain('at least 1');
	});

	it('a malformed private key, with no key material in the message', async () => {
		const result = await runGini({
			mode: 'jwt',
			credential: jwtCredential(gini, {
				privateKey:
					'-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----',
			}),
			parameters: upload,
			items: await invoiceItems(1),
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).not.toContain('bm90IGEga2V5');
		expect(gini.counters().requests.total).toBe(0);
	});

	it('an invalid e-mail and a short password for a new user', async () => {
		for (const [email, password, message] of [
			['not-an-email', '', 'not a valid e-mail'],
			['ok@app.example.org', '123', 'at least 6 characters'],
		]) {
			const result = await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini),
				parameters: { resource: 'user', operation: 'create', email, password },
			});
			expect(result.error?.message).toContain(message);
		}
		expect(gini.counters().requests.total).toBe(0);
	});
});
