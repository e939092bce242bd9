import {
	simplifyExtractions,
	type GiniExtractionsBody,
} from '../../nodes/GiniPay/shared/extractions';
import {
	ALL_FIELDS,
	documentHead,
	paymentItem,
	SIMPLIFIED_FIELDS,
} from '../../nodes/GiniPay/shared/paymentItem';

const DOCUMENT = {
	id: 'doc-1',
	name: 'Rechnung.pdf',
	progress: 'COMPLETED',
	pageCount: 1,
	_links: { document: 'x' },
};
const BODY: GiniExtractionsBody = {
	extractions: {
		iban: { entity: 'iban', value: 'DE02120300000000202051' },
		amountToPay: { entity: 'amount', value: '24.99:EUR' },
		paymentRecipient: { entity: 'companyname', value: 'Muster GmbH' },
	},
	candidates: {},
};

describe('documentHead', () => {
	it('takes id, name and progress from Gini’s document JSON', () => {
		expect(documentHead(DOCUMENT)).toEqual({
			documentId: 'doc-1',
			fileName: 'Rechnung.pdf',
			status: 'COMPLETED',
		});
	});

	it('fills what an empty 201 answer did not say from what the node knows', () => {
		expect(
			documentHead(undefined, { documentId: 'doc-2', fileName: 'a.pdf', status: 'uploaded' }),
		).toEqual({
			documentId: 'doc-2',
			fileName: 'a.pdf',
			status: 'uploaded',
		});
	});
});

describe('paymentItem', () => {
	const head = documentHead(DOCUMENT);

	it('simplified: the ten fields a payer needs, IBAN, amount, currency, recipient, payable and note first', () => {
		const json = paymentItem({ head, document: DOCUMENT, extractions: BODY, simplify: true });
		expect(Object.keys(json)).toEqual([
			'iban',
			'amount',
			'currency',
			'recipient',
			'payable',
			'note',
			'reference',
			'dueDate',
			'fileName',
			'documentId',
		]);
		expect(SIMPLIFIED_FIELDS).toHaveLength(10);
		expect(json).toEqual({
			iban: 'DE02120300000000202051',
			amount: 24.99,
			currency: 'EUR',
			recipient: 'Muster GmbH',
			payable: true,
			note: null,
			reference: null,
			dueDate: null,
			fileName: 'Rechnung.pdf',
			documentId: 'doc-1',
		});
	});

	it('simplified without extractions (an upload that did not wait): the head alone', () => {
		expect(paymentItem({ head, document: DOCUMENT, simplify: true })).toEqual(head);
	});

	it('raw: the ten first, then every other field of the payment view, Gini’s answer as it came and its document', () => {
		const json = paymentItem({ head, document: DOCUMENT, extractions: BODY, simplify: false });
		const view = simplifyExtractions(BODY);
		expect(Object.keys(json)).toEqual([...ALL_FIELDS, 'extractions', 'candidates', 'document']);
		expect(json).toEqual({
			...view,
			...head,
			extractions: BODY.extractions,
			candidates: {},
			document: DOCUMENT,
		});
	});

	it('raw: every field of the payment view and the head is in ALL_FIELDS, once', () => {
		const names = [...Object.keys(simplifyExtractions({})), ...Object.keys(head)];
		expect([...ALL_FIELDS].sort()).toEqual(names.sort());
	});

	it('raw: a key of Gini’s answer never replaces a field of the node', () => {
		const json = paymentItem({
			head,
			extractions: { documentId: 'other', status: 'x', iban: 'y', extractions: {} },
			simplify: false,
		});
		expect(json).toMatchObject({ ...head, iban: null, extractions: {} });
	});

	it('a document Gini is still processing is not payable, and its note says so (its status is not shown)', () => {
		const pending = { ...head, status: 'PENDING' };
		const json = paymentItem({ head: pending, extractions: BODY, simplify: true });
		expect(json).toMatchObject({
			payable: false,
			note: expect.stringContaining('still processing'),
		});
	});
});
