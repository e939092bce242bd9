// Documents (docs/gini-api.md §4.1-4.4): uploads in every documented form, limits, listing, ownership
// and deletion. Partial and composite documents: composites.test.cts.
import { createHash } from 'node:crypto';

import { sniffMediaType } from './analysis/index.cts';
import {
	PAY_JSON,
	TEXT_INVOICE,
	bearer,
	derivedHeaders,
	json,
	upload,
	useEmulator,
} from './testkit.cts';

const emulator = useEmulator();

function idOf(response: Response): string {
	return response.headers.get('location')!.split('/').pop()!;
}

async function login(identifier: string): Promise<string> {
	const response = await fetch(`${emulator().payApiUrl}/login`, {
		method: 'POST',
		headers: derivedHeaders(identifier),
	});
	return (await json(response)).access_token;
}

describe('POST /documents', () => {
	test('the documented raw upload answers 201 with an absolute Location and the document', async () => {
		const token = await login('uploader');
		const response = await upload(
			emulator(),
			TEXT_INVOICE,
			{ ...bearer(token), 'Content-Type': 'application/pdf' },
			'?filename=file.pdf',
		);
		expect(response.status).toBe(201);
		const location = response.headers.get('location')!;
		expect(location).toMatch(new RegExp(`^${emulator().payApiUrl}/documents/[0-9a-f-]{36}$`));
		expect(response.headers.get('content-type')).toBe(PAY_JSON);
		const document = await json(response);
		expect(document).toMatchObject({ id: idOf(response), name: 'file.pdf', origin: 'UPLOAD' });
		// The bytes decide the type, not the Content-Type header (§4.1).
		const stored = emulator()
			.documents()
			.find((d) => d.id === document.id)!;
		expect(stored).toMatchObject({
			mediaType: 'text/plain',
			kind: 'single',
			size: TEXT_INVOICE.length,
		});
		expect(stored.sha256).toBe(createHash('sha256').update(TEXT_INVOICE).digest('hex'));
		expect(stored.owner).toBe('derived:demo-derived-client:uploader');
	});

	test('the SDK path /documents/ with doctype and metadata headers is accepted and kept', async () => {
		const response = await fetch(`${emulator().payApiUrl}/documents/?doctype=invoice`, {
			method: 'POST',
			headers: {
				...derivedHeaders('meta'),
				'Content-Type': 'text/plain',
				'x-document-metadata-branchid': 'branch-7',
				'X-Document-Metadata-DeviceClass': 'desktop_device',
			},
			body: TEXT_INVOICE,
		});
		expect(response.status).toBe(201);
		const stored = emulator()
			.documents()
			.find((d) => d.id === idOf(response))!;
		expect(stored.docType).toBe('Invoice');
		expect(stored.metadata).toEqual({ branchid: 'branch-7', deviceclass: 'desktop_device' });
	});

	test('PaymentQRCode, listed on the Pay "Document Types" page, is accepted as doctype', async () => {
		const response = await upload(
			emulator(),
			TEXT_INVOICE,
			derivedHeaders(),
			'?doctype=PaymentQRCode',
		);
		expect(response.status).toBe(201);
		const id = response.headers.get('location')!.split('/').pop();
		expect(
			emulator()
				.documents()
				.find((d) => d.id === id)!.docType,
		).toBe('PaymentQRCode');
	});

	test('an unknown doctype is 400', async () => {
		expect(
			(await upload(emulator(), TEXT_INVOICE, derivedHeaders(), '?doctype=Banana')).status,
		).toBe(400);
	});

	test('a multipart/form-data upload takes the "file" field and its filename', async () => {
		const form = new FormData();
		form.append('comment', 'ignored');
		form.append('file', new Blob([TEXT_INVOICE], { type: 'text/plain' }), 'rechnung.txt');
		const response = await fetch(`${emulator().payApiUrl}/documents`, {
			method: 'POST',
			headers: derivedHeaders('multipart'),
			body: form,
		});
		expect(response.status).toBe(201);
		const stored = emulator()
			.documents()
			.find((d) => d.id === idOf(response))!;
		expect(stored).toMatchObject({ name: 'rechnung.txt', size: TEXT_INVOICE.length });
		expect(stored.sha256).toBe(createHash('sha256').update(TEXT_INVOICE).digest('hex'));
	});

	test('a multipart body without a "file" field is 400', async () => {
		const form = new FormData();
		form.append('document', new Blob([TEXT_INVOICE]), 'x.txt');
		const response = await fetch(`${emulator().payApiUrl}/documents`, {
			method: 'POST',
			headers: derivedHeaders(),
			body: form,
		});
		expect(response.status).toBe(400);
	});

	test('an empty body is 400', async () => {
		const response = await upload(emulator(), Buffer.alloc(0));
		expect(response.status).toBe(400);
		expect(await json(response)).toEqual({
			message: expect.any(String),
			requestId: expect.any(String),
		});
	});

	test('content of an unsupported type is 415', async () => {
		const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
		expect(sniffMediaType(zip)).toBeUndefined();
		expect((await upload(emulator(), zip)).status).toBe(415);
	});

	test('a body of 10 MiB or more is 413, raw or multipart', async () => {
		const big = Buffer.alloc(10 * 1024 * 1024, 0);
		big.write('%PDF-1.4\n');
		expect((await upload(emulator(), big)).status).toBe(413);
		const form = new FormData();
		form.append('file', new Blob([big]), 'big.pdf');
		const response = await fetch(`${emulator().payApiUrl}/documents`, {
			method: 'POST',
			headers: derivedHeaders(),
			body: form,
		});
		expect(response.status).toBe(413);
		// 20 MiB over loopback: well under a second on an idle machine, more on a busy one.
	}, 30_000);

	test('plain text of 512 KiB or more is 413', async () => {
		expect((await upload(emulator(), Buffer.alloc(512 * 1024, 'a'))).status).toBe(413);
	});
});

describe('GET /documents and GET/DELETE /documents/{id}', () => {
	test('a document carries every field the SDK parsers require (§4.3)', async () => {
		const created = await upload(emulator(), TEXT_INVOICE, derivedHeaders('fields'));
		const id = idOf(created);
		const url = `${emulator().payApiUrl}/documents/${id}`;
		const document = await json(await fetch(url, { headers: derivedHeaders('fields') }));
		expect(document).toEqual({
			id,
			creationDate: expect.any(Number),
			name: 'document.txt',
			progress: 'COMPLETED',
			origin: 'UPLOAD',
			sourceClassification: expect.any(String),
			pageCount: 1,
			pages: [
				{
					pageNumber: 1,
					images: {
						'750x900': `${url}/pages/1/750x900`,
						'1280x1810': `${url}/pages/1/1280x1810`,
						medium: `${url}/pages/1/medium`,
						large: `${url}/pages/1/large`,
					},
				},
			],
			_links: {
				extractions: `${url}/extractions`,
				layout: `${url}/layout`,
				document: url,
				processed: `${url}/processed`,
				pages: `${url}/pages`,
			},
		});
		const processed = await fetch(`${url}/processed`, { headers: derivedHeaders('fields') });
		expect(Buffer.from(await processed.arrayBuffer())).toEqual(TEXT_INVOICE);
	});

	test('another user cannot see, list, read extractions of or delete a document: 404', async () => {
		const id = idOf(await upload(emulator(), TEXT_INVOICE, derivedHeaders('owner')));
		const url = `${emulator().payApiUrl}/documents/${id}`;
		const other = derivedHeaders('intruder');
		expect((await fetch(url, { headers: other })).status).toBe(404);
		expect((await fetch(`${url}/extractions`, { headers: other })).status).toBe(404);
		expect((await fetch(url, { method: 'DELETE', headers: other })).status).toBe(404);
		expect(
			(await json(await fetch(`${emulator().payApiUrl}/documents`, { headers: other }))).documents,
		).toEqual([]);
		expect((await fetch(url, { headers: derivedHeaders('owner') })).status).toBe(200);
	});

	test("by default (Gini's current page) the list pages with the next cursor only, newest first, at most 50 a page", async () => {
		const headers = derivedHeaders('lister');
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(idOf(await upload(emulator(), `Rechnung ${i}`, headers)));
		const newestFirst = [...ids].reverse();
		const list = async (query: string) =>
			json(await fetch(`${emulator().payApiUrl}/documents${query}`, { headers }));
		const all = await list('');
		expect(all).not.toHaveProperty('totalCount');
		expect(all.documents.map((d: { id: string }) => d.id)).toEqual(newestFirst);
		// `offset` was replaced by `next`: it is ignored.
		const ignored = await list('?offset=1&limit=2');
		expect(ignored.documents.map((d: { id: string }) => d.id)).toEqual(newestFirst.slice(0, 2));
		const first = await list('?limit=2');
		const cursor = first.documents[1].creationDate;
		const second = await list(`?limit=2&next=${cursor}`);
		expect(second.documents.map((d: { id: string }) => d.id)).toEqual(newestFirst.slice(2, 4));
		expect((await list('?limit=1000')).documents).toHaveLength(5);
		expect((await fetch(`${emulator().payApiUrl}/documents?limit=-1`, { headers })).status).toBe(
			400,
		);
	});

	test('DELETE answers 204, and the document is gone afterwards', async () => {
		const headers = derivedHeaders('deleter');
		const id = idOf(await upload(emulator(), TEXT_INVOICE, headers));
		const url = `${emulator().payApiUrl}/documents/${id}`;
		expect((await fetch(url, { method: 'DELETE', headers })).status).toBe(204);
		expect((await fetch(url, { headers })).status).toBe(404);
	});
});
