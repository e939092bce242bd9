// XML e-invoices over HTTP: accepted as partial documents (partial+xml, as Gini's SDKs upload them), read through
// their composite; refused as plain uploads (not a documented plain-upload format).
import { loadFixture } from '../fixtures/invoices.cts';
import { derivedHeaders, json, upload, useEmulator } from './testkit.cts';

const emulator = useEmulator();
const PARTIAL_XML = 'application/vnd.gini.v1.partial+xml';
const COMPOSITE = 'application/vnd.gini.v1.composite+json';

describe('XML e-invoices', () => {
	const headers = derivedHeaders('e-invoices');

	async function eInvoice(bytes: Buffer): Promise<string> {
		const partial = await upload(emulator(), bytes, { ...headers, 'Content-Type': PARTIAL_XML });
		expect(partial.status).toBe(201);
		const body = {
			partialDocuments: [{ document: partial.headers.get('location'), rotationDelta: 0 }],
		};
		const composite = await upload(emulator(), JSON.stringify(body), {
			...headers,
			'Content-Type': COMPOSITE,
		});
		expect(composite.status).toBe(201);
		return composite.headers.get('location')!;
	}

	test('a partial+xml CII invoice and its composite complete with the XML’s payment data', async () => {
		const url = await eInvoice(loadFixture('xrechnung-cii-lingua.xml'));
		expect(await json(await fetch(url, { headers }))).toMatchObject({
			progress: 'COMPLETED',
			pageCount: 1,
		});
		const { extractions } = await json(await fetch(`${url}/extractions`, { headers }));
		expect(extractions).toMatchObject({
			iban: { entity: 'iban', value: 'DE02120300000000202051' },
			amountToPay: { entity: 'amount', value: '699.72:EUR' },
			paymentDueDate: { entity: 'date', value: '2025-02-17' },
			creditNote: { value: 'false' },
		});
	});

	test('the stored partial is application/xml with the product tag kept as metadata', async () => {
		const response = await upload(emulator(), loadFixture('xrechnung-ubl-weber.xml'), {
			...headers,
			'Content-Type': PARTIAL_XML,
			'X-Document-Metadata-Product-Tag': 'sepaExtractions',
		});
		const id = response.headers.get('location')!.split('/').pop();
		const stored = emulator()
			.documents()
			.find((document) => document.id === id)!;
		expect(stored).toMatchObject({
			kind: 'partial',
			mediaType: 'application/xml',
			name: 'document.xml',
		});
		expect(stored.metadata['product-tag']).toBe('sepaExtractions');
	});

	test('a credit note is recognisable in the raw extractions', async () => {
		const url = await eInvoice(loadFixture('xrechnung-ubl-creditnote-weber.xml'));
		const { extractions } = await json(await fetch(`${url}/extractions`, { headers }));
		expect(extractions.creditNote).toEqual({ entity: 'text', value: 'true' });
		expect(extractions.paymentState).toBeUndefined();
	});

	test('other XML in a partial: 400 at upload (strict), processed to ERROR (lenient); as a plain upload: 415', async () => {
		const note = Buffer.from('<?xml version="1.0"?><note>Hallo</note>');
		const strict = await upload(emulator(), note, { ...headers, 'Content-Type': PARTIAL_XML });
		expect(strict.status).toBe(400);
		emulator().setFidelity('lenient');
		try {
			const url = await eInvoice(note);
			expect(await json(await fetch(url, { headers }))).toMatchObject({ progress: 'ERROR' });
		} finally {
			emulator().setFidelity('strict');
		}
		const plain = await upload(emulator(), loadFixture('xrechnung-ubl-weber.xml'), {
			...headers,
			'Content-Type': 'application/xml',
		});
		expect(plain.status).toBe(415);
	});
});
