/**
 * Get Extractions in n8n's engine against answers shaped after Gini's SDK fixtures (test/fixtures/gini-answers),
 * served by a fake Gini, and against the emulator's sample documents of the same kinds: what the flat view makes of
 * credit notes, cross-border payments, skonto and unknown labels, and that Simplify off gives Gini's whole answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { SIMPLIFIED_FIELDS } from '../../nodes/GiniPay/shared/paymentItem';
import { derivedHeaders } from '../emulator/testkit.cts';
import { outputJson, resetTokenCache, runGini, useGini } from './gini.cts';
import {
	fakeBasicCredential,
	fakeDocument,
	startFakeGini,
	type FakeGini,
	type FakeRequest,
} from './fakeGini.cts';
import { documentUrlOf, LIFECYCLE, viewFieldsOf } from './lifecycleKit.cts';

const CREDIT_NOTE = 'credit-note-funknetz.pdf';
const CROSS_BORDER = 'invoice-anadolu-cross-border.pdf';
const SKONTO = 'invoice-holzweg-skonto.pdf';
const REMINDER = 'reminder-fitwerk.pdf';

let fake: FakeGini | undefined;
afterEach(async () => {
	await fake?.close();
	fake = undefined;
	resetTokenCache();
});

function answer(name: string): IDataObject {
	return JSON.parse(
		readFileSync(join(__dirname, '..', 'fixtures', 'gini-answers', `${name}.json`), 'utf8'),
	);
}

/** Get Extractions of document doc-1, whose extractions are `body`. */
async function getExtractions(body: IDataObject, simplify = true): Promise<IDataObject> {
	fake = await startFakeGini((request: FakeRequest) => {
		if (request.method === 'POST' && request.path === '/login') {
			return {
				body: { access_token: 'fake-user-token-123456', token_type: 'bearer', expires_in: 3600 },
			};
		}
		if (request.path === '/documents/doc-1') return { body: fakeDocument(fake!, 'doc-1') };
		if (request.path === '/documents/doc-1/extractions') return { body };
		return { status: 404, body: { message: 'not scripted' } };
	});
	const [item] = outputJson(
		await runGini({
			mode: 'basic',
			credential: fakeBasicCredential(fake),
			parameters: {
				resource: 'document',
				operation: 'getExtractions',
				documentId: 'doc-1',
				simplify,
			},
		}),
	);
	return item;
}

describe('Simplify off', () => {
	it.each(['remittance-return-reasons', 'skonto', 'cross-border', 'health-api'])(
		'outputs every payment field and Gini’s whole answer for %s, returnReasons and compound extractions included',
		async (name) => {
			const body = answer(name);
			const item = await getExtractions(body, false);
			expect(item).toEqual({
				...viewFieldsOf(item),
				documentId: 'doc-1',
				fileName: 'doc-1.pdf',
				status: 'COMPLETED',
				...body,
				document: expect.objectContaining({ id: 'doc-1' }),
			});
		},
	);

	it('adds nothing to Gini’s answer but the payment fields', async () => {
		const item = await getExtractions({ extractions: {}, candidates: {} }, false);
		expect(item).toEqual({
			...viewFieldsOf(item),
			documentId: 'doc-1',
			fileName: 'doc-1.pdf',
			status: 'COMPLETED',
			extractions: {},
			candidates: {},
			document: expect.objectContaining({ id: 'doc-1' }),
		});
	});
});

describe('Simplify on', () => {
	it('outputs the ten fields a payer needs, IBAN, amount, currency, recipient, payable and note first', async () => {
		const item = await getExtractions(answer('skonto'));
		expect(Object.keys(item)).toEqual([...SIMPLIFIED_FIELDS]);
		expect(item).toMatchObject({ documentId: 'doc-1', payable: true, dueDate: '2026-12-15' });
	});
});

describe('the payment fields (all of them with Simplify off)', () => {
	it('shows a credit note as a credit note with nothing to pay', async () => {
		const item = await getExtractions(answer('credit-note'), false);
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
		const item = await getExtractions(answer('cross-border'), false);
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
		const item = await getExtractions(body, false);
		expect(item).toMatchObject({
			dueDate: '2026-12-15',
			skontoAmountToPay: 2332.4,
			skontoPercentage: 2,
			skontoDueDate: '2026-12-08',
			instantPayment: true,
		});
	});

	it('flags a Health API answer instead of filling IBAN and BIC only', async () => {
		const item = await getExtractions(answer('health-api'), false);
		expect(item).toMatchObject({
			unrecognizedLabels: true,
			payable: false,
			iban: null,
			bic: null,
			amount: null,
		});
		expect(item.note).toEqual(expect.stringContaining('amount_to_pay'));
	});
});

describe('against the emulator', () => {
	const lifecycle = useGini(LIFECYCLE);
	const get = async (documentId: string, simplify = true) =>
		(
			await lifecycle.json('basic', {
				resource: 'document',
				operation: 'getExtractions',
				documentId,
				simplify,
			})
		)[0];

	it('shows the credit note sample as a credit note with nothing to pay, though it states an amount and an IBAN', async () => {
		const [uploaded] = await lifecycle.upload('basic', [CREDIT_NOTE]);
		expect(await get(uploaded.id, false)).toMatchObject({
			documentType: 'CreditNote',
			isCreditNote: true,
			payable: false,
			amount: null,
			creditAmount: 12.75,
			iban: 'DE89370400440532013000',
		});
	});

	it('never shows a to-be-paid state for the credit note sample, which Gini reads as ToBePaid', async () => {
		const [uploaded] = await lifecycle.upload('basic', [CREDIT_NOTE]);
		for (const simplify of [true, false]) {
			const item = await get(uploaded.id, simplify);
			expect(item.payable).toBe(false);
			expect(item.paymentState ?? null).toBeNull();
			expect(item.note).toEqual(expect.stringContaining('credit note of 12.75 EUR'));
		}
		// The premise: the emulator, as Gini does, reads the credit note's payment state as ToBePaid.
		const direct = await fetch(`${documentUrlOf(lifecycle, uploaded.id)}/extractions`, {
			headers: derivedHeaders('default-user'),
		});
		const gini = (await direct.json()) as { extractions: Record<string, { value: string }> };
		expect(gini.extractions.paymentState.value).toBe('ToBePaid');
	});

	it('says to check that the invoice is not paid already for the reminder sample', async () => {
		const [uploaded] = await lifecycle.upload('basic', [REMINDER]);
		const item = await get(uploaded.id);
		expect(item).toMatchObject({ payable: true, amount: 64.9, iban: 'DE34200505501234567890' });
		expect(item.note).toEqual(expect.stringMatching(/reminder.*not paid already/i));
	});

	it('fills the payee of the cross-border sample from crossBorderPayment', async () => {
		const [uploaded] = await lifecycle.upload('basic', [CROSS_BORDER]);
		expect(await get(uploaded.id, false)).toMatchObject({
			crossBorder: true,
			iban: 'TR330006100519786457841326',
			bic: 'ISBKTRISXXX',
			recipient: 'Anadolu Tekstil A.S.',
			amount: 4500,
			payable: true,
		});
	});

	it('shows the due date, the skonto and the instant payment of the skonto sample', async () => {
		const [uploaded] = await lifecycle.upload('basic', [SKONTO]);
		expect(await get(uploaded.id, false)).toMatchObject({
			payable: true,
			amount: 2380,
			dueDate: '2026-12-15',
			skontoAmountToPay: 2332.4,
			skontoPercentage: 2,
			skontoDueDate: '2026-12-08',
			instantPayment: true,
		});
	});

	it.each([CREDIT_NOTE, CROSS_BORDER, SKONTO])(
		'outputs the emulator’s whole answer for %s with Simplify off',
		async (file) => {
			const [uploaded] = await lifecycle.upload('basic', [file]);
			const item = await get(uploaded.id, false);
			const direct = await fetch(`${documentUrlOf(lifecycle, uploaded.id)}/extractions`, {
				headers: derivedHeaders('default-user'),
			});
			const body = (await direct.json()) as IDataObject;
			expect(body.compoundExtractions ?? body.extractions).toBeDefined();
			expect(item).toEqual({
				...viewFieldsOf(item),
				documentId: uploaded.id,
				fileName: file,
				status: 'COMPLETED',
				...body,
				document: expect.objectContaining({ id: uploaded.id, progress: 'COMPLETED' }),
			});
		},
	);
});
