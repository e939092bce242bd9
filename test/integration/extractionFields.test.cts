/**
 * Get Extractions in n8n's engine against answers shaped after Gini's SDK fixtures (test/fixtures/gini-answers),
 * served by a fake Gini: what the flat view makes of credit notes, cross-border payments, skonto and unknown labels,
 * and that Simplify off gives Gini's whole answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { outputJson, resetTokenCache, runGini } from './gini.cts';
import { fakeBasicCredential, fakeDocument, startFakeGini, type FakeGini, type FakeRequest } from './fakeGini.cts';

let fake: FakeGini | undefined;
afterEach(async () => {
	await fake?.close();
	fake = undefined;
	resetTokenCache();
});

function answer(name: string): IDataObject {
	return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'gini-answers', `${name}.json`), 'utf8'));
}

/** Get Extractions of document doc-1, whose extractions are `body`. */
async function getExtractions(body: IDataObject, simplify = true): Promise<IDataObject> {
	fake = await startFakeGini((request: FakeRequest) => {
		if (request.method === 'POST' && request.path === '/login') {
			return { body: { access_token: 'fake-user-token-123456', token_type: 'bearer', expires_in: 3600 } };
		}
		if (request.path === '/documents/doc-1') return { body: fakeDocument(fake!, 'doc-1') };
		if (request.path === '/documents/doc-1/extractions') return { body };
		return { status: 404, body: { message: 'not scripted' } };
	});
	const [item] = outputJson(
		await runGini({
			mode: 'basic',
			credential: fakeBasicCredential(fake),
			parameters: { resource: 'document', operation: 'getExtractions', documentId: 'doc-1', simplify },
		}),
	);
	return item;
}

describe('Simplify off', () => {
	it.each(['remittance-return-reasons', 'skonto', 'cross-border', 'health-api'])(
		'outputs Gini’s whole answer for %s, returnReasons and compound extractions included',
		async (name) => {
			const body = answer(name);
			const item = await getExtractions(body, false);
			expect(item).toEqual({ documentId: 'doc-1', name: 'doc-1.pdf', progress: 'COMPLETED', ...body });
		},
	);

	it('adds nothing Gini did not send', async () => {
		const item = await getExtractions({ extractions: {}, candidates: {} }, false);
		expect(item).toEqual({ documentId: 'doc-1', name: 'doc-1.pdf', progress: 'COMPLETED', extractions: {}, candidates: {} });
	});
});

describe('Simplify on', () => {
	it('shows a credit note as a credit note with nothing to pay', async () => {
		const item = await getExtractions(answer('credit-note'));
		expect(item).toMatchObject({
			documentId: 'doc-1',
			documentType: 'CreditNote',
			isCreditNote: true,
			payable: false,
			amount: null,
			creditAmount: 12.75,
		});
	});

	it('fills the payee of a cross-border payment', async () => {
		const item = await getExtractions(answer('cross-border'));
		expect(item).toMatchObject({
			crossBorder: true,
			iban: 'GB29NWBK60161331926819',
			bic: 'NWBKGB2L',
			recipient: 'Thames Tools Ltd',
			payable: true,
		});
	});

	it('shows the due date, the skonto and instantPayment', async () => {
		const body = answer('skonto');
		(body.extractions as IDataObject).instantPayment = { entity: 'text', value: 'true' };
		const item = await getExtractions(body);
		expect(item).toMatchObject({
			dueDate: '2026-12-15',
			skontoAmountToPay: 2332.4,
			skontoPercentage: 2,
			skontoDueDate: '2026-12-08',
			instantPayment: true,
		});
	});

	it('flags a Health API answer instead of filling IBAN and BIC only', async () => {
		const item = await getExtractions(answer('health-api'));
		expect(item).toMatchObject({ unrecognizedLabels: true, payable: false, iban: null, bic: null, amount: null });
		expect(item.note).toEqual(expect.stringContaining('amount_to_pay'));
	});
});
