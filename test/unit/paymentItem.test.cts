import {
	simplifyExtractions,
	type GiniExtractionsBody,
} from '../../nodes/GiniPay/shared/extractions';
import { documentHead, paymentItem } from '../../nodes/GiniPay/shared/paymentItem';

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

	it('simplified: the head, then IBAN and amount first, then every field of the payment view, nothing else', () => {
		const json = paymentItem({ head, document: DOCUMENT, extractions: BODY, simplify: true });
		expect(Object.keys(json).slice(0, 5)).toEqual([
			'documentId',
			'fileName',
			'status',
			'iban',
			'amount',
		]);
		expect(Object.keys(json).sort()).toEqual(
			['documentId', 'fileName', 'status', ...Object.keys(simplifyExtractions({}))].sort(),
		);
		expect(json).toMatchObject({
			iban: 'DE02120300000000202051',
			amount: 24.99,
			currency: 'EUR',
			payable: true,
		});
	});

	it('simplified without extractions (an upload that did not wait): the head alone', () => {
		expect(paymentItem({ head, document: DOCUMENT, simplify: true })).toEqual(head);
	});

	it('raw: the head, Gini’s extractions answer as it came, and its document JSON', () => {
		expect(paymentItem({ head, document: DOCUMENT, extractions: BODY, simplify: false })).toEqual({
			...head,
			extractions: BODY.extractions,
			candidates: {},
			document: DOCUMENT,
		});
	});

	it('raw: a key of Gini’s answer never replaces the head', () => {
		const json = paymentItem({
			head,
			extractions: { documentId: 'other', status: 'x' },
			simplify: false,
		});
		expect(json).toEqual(head);
	});
});
