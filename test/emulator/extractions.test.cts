// Processing and extractions (docs/gini-api.md §4.3, §4.5) and feedback (§4.6).
import { analyzeContent, extractPaymentData, validateFeedbackValue } from './analysis/index.cts';
import {
	TEXT_INVOICE,
	derivedHeaders,
	json,
	upload,
	useEmulator,
	waitForProcessing,
	type Json,
} from './testkit.cts';

const emulator = useEmulator({ processingMs: 60_000 });
const headers = derivedHeaders('extractions');

/** Uploads with processing finished at once, unless told otherwise. */
async function uploaded(body: Buffer | string = TEXT_INVOICE, processingMs = 0): Promise<string> {
	emulator().setProcessingMs(processingMs);
	const response = await upload(emulator(), body, headers);
	expect(response.status).toBe(201);
	return response.headers.get('location')!;
}

async function extractions(url: string): Promise<Json> {
	const response = await fetch(`${url}/extractions`, { headers });
	expect(response.status).toBe(200);
	return json(response);
}

async function sendFeedback(url: string, body: unknown, method = 'PUT', path = '/extractions') {
	return fetch(`${url}${path}`, {
		method,
		headers: { ...headers, 'Content-Type': 'application/vnd.gini.v1+json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

describe('processing', () => {
	test('a document stays PENDING, with empty extraction sets, until its processing time', async () => {
		const url = await uploaded(TEXT_INVOICE, 60_000);
		expect((await json(await fetch(url, { headers }))).progress).toBe('PENDING');
		expect(await extractions(url)).toEqual({ extractions: {}, candidates: {} });
	});

	test('it then turns COMPLETED, with exactly what the analysis extracts from its text', async () => {
		const url = await uploaded(TEXT_INVOICE, 20);
		expect((await waitForProcessing(url, headers)).progress).toBe('COMPLETED');
		const expected = extractPaymentData((await analyzeContent(TEXT_INVOICE, 'text/plain')).text);
		const result = await extractions(url);
		expect(result).toEqual(expected);
		expect(result.extractions.iban.value).toBe('DE02120300000000202051');
	});

	test('unreadable content is 400 at upload when strict (W-Submit: "invalid format or bad quality")', async () => {
		const broken = Buffer.from('%PDF-1.7\n1 0 obj <<');
		const response = await upload(emulator(), broken, headers);
		expect(response.status).toBe(400);
		expect((await json(response)).message).toMatch(/invalid file format or bad quality/i);
		const partial = await upload(emulator(), broken, {
			...headers,
			'Content-Type': 'application/vnd.gini.v1.partial+pdf',
		});
		expect(partial.status).toBe(400);
	});

	test('unreadable content, when lenient, is accepted and ends in ERROR with empty extraction sets', async () => {
		const broken = Buffer.from('%PDF-1.7\n1 0 obj <<');
		expect((await analyzeContent(broken, 'application/pdf')).readable).toBe(false);
		emulator().setFidelity('lenient');
		try {
			const url = await uploaded(broken, 20);
			expect((await waitForProcessing(url, headers)).progress).toBe('ERROR');
			expect(await extractions(url)).toEqual({ extractions: {}, candidates: {} });
		} finally {
			emulator().setFidelity('strict');
		}
	});

	test("a composite's extractions come from its partials' text, in order", async () => {
		const partial = async (text: string) => {
			emulator().setProcessingMs(0);
			const response = await upload(emulator(), text, {
				...headers,
				'Content-Type': 'application/vnd.gini.v1.partial+jpeg',
			});
			return response.headers.get('location')!;
		};
		const [first, second] = TEXT_INVOICE.toString('utf8').split('\nIBAN');
		const pages = [await partial(first), await partial(`IBAN${second}`)];
		const response = await upload(
			emulator(),
			JSON.stringify({ partialDocuments: pages.map((document) => ({ document })) }),
			{ ...headers, 'Content-Type': 'application/vnd.gini.v1.composite+json' },
		);
		const url = response.headers.get('location')!;
		expect((await waitForProcessing(url, headers)).progress).toBe('COMPLETED');
		const pageTexts = [first, `IBAN${second}`].map(
			async (page) => (await analyzeContent(Buffer.from(page), 'text/plain')).text,
		);
		const text = (await Promise.all(pageTexts)).join('\f');
		const result = await extractions(url);
		expect(result).toEqual(extractPaymentData(text));
		// The recipient stands on the first page and the IBAN on the second.
		expect(result.extractions.paymentRecipient.value).toContain('Fahrrad');
		expect(result.extractions.iban.value).toBe('DE02120300000000202051');
	});

	test('a QR-code partial yields the payment data the client sent, never more', async () => {
		emulator().setProcessingMs(0);
		const response = await upload(
			emulator(),
			JSON.stringify({
				qrcode: 'bank://singlepaymentsepa?name=Gini%20Online%20Shop&iban=DE89370400440532013000',
				paymentdata: { iban: 'DE89370400440532013000', paymentRecipient: 'Gini Online Shop' },
			}),
			{ ...headers, 'Content-Type': 'application/vnd.gini.v1.partial+qr+json' },
		);
		expect(response.status).toBe(201);
		expect(await extractions(response.headers.get('location')!)).toEqual({
			extractions: {
				iban: { entity: 'iban', value: 'DE89370400440532013000' },
				paymentRecipient: { entity: 'companyname', value: 'Gini Online Shop' },
			},
			candidates: {},
		});
		const missing = await upload(emulator(), JSON.stringify({ qrcode: 'x', paymentdata: {} }), {
			...headers,
			'Content-Type': 'application/vnd.gini.v1.partial+qr+json',
		});
		expect(missing.status).toBe(400);
	});
});

describe('feedback', () => {
	const IBAN = 'DE89370400440532013000';

	test.each([
		['PUT', '/extractions', 'feedback'],
		['POST', '/extractions', 'feedback'],
		['PUT', '/extractions/feedback', 'extractions'],
		['POST', '/extractions/feedback', 'extractions'],
	])('%s %s with the "%s" key answers 204 and later reads show it', async (method, path, key) => {
		const url = await uploaded();
		const body = { [key]: { amountToPay: { value: '950.00:EUR' }, iban: { value: IBAN } } };
		expect((await sendFeedback(url, body, method, path)).status).toBe(204);
		const after = await extractions(url);
		expect(after.extractions.amountToPay).toEqual({ entity: 'amount', value: '950.00:EUR' });
		expect(after.extractions.iban).toEqual({ entity: 'iban', value: IBAN });
	});

	test('compound extractions sent as feedback are returned on later reads', async () => {
		const url = await uploaded();
		const lineItems = [
			{ quantity: { value: '1' }, baseGross: { value: '4.73:EUR', entity: 'amount' } },
		];
		const body = { extractions: {}, compoundExtractions: { lineItems } };
		expect((await sendFeedback(url, body, 'POST', '/extractions/feedback')).status).toBe(204);
		expect((await extractions(url)).compoundExtractions).toEqual({
			lineItems: [
				{
					quantity: { entity: 'text', value: '1' },
					baseGross: { entity: 'amount', value: '4.73:EUR' },
				},
			],
		});
	});

	test('a value the entity rules reject is 422 and nothing is stored', async () => {
		const url = await uploaded();
		expect(validateFeedbackValue('iban', 'not an iban')).toEqual(expect.any(String));
		const before = await extractions(url);
		const body = {
			feedback: { paymentReference: { value: 'RE-1' }, iban: { value: 'not an iban' } },
		};
		const response = await sendFeedback(url, body);
		expect(response.status).toBe(422);
		expect((await json(response)).message).toEqual(expect.any(String));
		expect(await extractions(url)).toEqual(before);
	});

	test('feedback on an unknown document is 404; malformed bodies are 400', async () => {
		const missing = `${emulator().payApiUrl}/documents/00000000-0000-4000-8000-000000000000`;
		expect((await sendFeedback(missing, { feedback: {} })).status).toBe(404);
		const url = await uploaded();
		expect((await sendFeedback(url, '{not json')).status).toBe(400);
		expect((await sendFeedback(url, { something: {} })).status).toBe(400);
		expect((await sendFeedback(url, { feedback: { iban: 'no value object' } })).status).toBe(400);
	});

	test('per-label PUT sets a label; DELETE removes it (204), then 404', async () => {
		const url = await uploaded();
		const label = `${url}/extractions/paymentReference`;
		const put = await fetch(label, {
			method: 'PUT',
			headers: { ...headers, 'Content-Type': 'application/json' },
			body: JSON.stringify({ value: 'RE-2024-0815' }),
		});
		expect(put.status).toBe(204);
		expect((await extractions(url)).extractions.paymentReference).toEqual({
			entity: 'text',
			value: 'RE-2024-0815',
		});
		expect((await fetch(label, { method: 'DELETE', headers })).status).toBe(204);
		expect((await extractions(url)).extractions).not.toHaveProperty('paymentReference');
		expect((await fetch(label, { method: 'DELETE', headers })).status).toBe(404);
	});
});

describe('feedback profiles and documented refusals', () => {
	const body = { extractions: { amountToPay: { value: '950.00:EUR', entity: 'amount' } } };

	afterEach(() => {
		emulator().setFeedbackMethods('both');
		emulator().setFidelity('strict');
	});

	test('a Gini that takes only PUT answers POST with 405 and an Allow header', async () => {
		const url = await uploaded();
		emulator().setFeedbackMethods('put');
		const refused = await sendFeedback(url, body, 'POST', '/extractions/feedback');
		expect(refused.status).toBe(405);
		expect(refused.headers.get('allow')).toBe('PUT');
		expect((await sendFeedback(url, body, 'PUT', '/extractions/feedback')).status).toBe(204);
	});

	test('a Gini that takes only POST answers PUT with 405', async () => {
		const url = await uploaded();
		emulator().setFeedbackMethods('post');
		const refused = await sendFeedback(url, body, 'PUT', '/extractions/feedback');
		expect(refused.status).toBe(405);
		expect(refused.headers.get('allow')).toBe('POST');
		expect((await sendFeedback(url, body, 'POST', '/extractions/feedback')).status).toBe(204);
	});

	test('a Content-Type other than v1+json is 406 when strict, accepted when lenient', async () => {
		const url = await uploaded();
		const send = () =>
			fetch(`${url}/extractions/feedback`, {
				method: 'POST',
				headers: { ...headers, 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
		expect((await send()).status).toBe(406);
		emulator().setFidelity('lenient');
		expect((await send()).status).toBe(204);
	});
});
