// The e-mail example's Payment fields, resolved by n8n's expression engine (exampleKit.cts) for what the upload
// puts out: a payable invoice, a credit note, an attachment Gini refused and one this workflow uploaded before.
import type { IDataObject } from 'n8n-workflow';

import { EXAMPLE_FILES, loadExample, nodeOf, runSetNode, type Item } from './exampleKit.cts';

const example = loadExample(EXAMPLE_FILES.email);

const mail: Item = {
	json: { from: 'billing@supplier.example.test', subject: 'Invoices November' },
};

/** The Payment fields of the upload's items for one e-mail (every item pairs with the e-mail). */
function paymentFields(answers: IDataObject[]): IDataObject[] {
	const input = answers.map((json) => ({ json, pairedItem: { item: 0 } }));
	return runSetNode(example, 'Payment fields', {
		input,
		inputFrom: 'Gini Pay upload',
		runData: {
			'Invoice mailbox': { items: [mail] },
			'Gini Pay upload': { items: input, from: 'Invoice mailbox' },
		},
	}).map((item) => item.json);
}

describe('examples/01-invoice-ingestion-from-email.json', () => {
	it("uploads for the credential's default user, the one a Gini Pay Trigger with the same credential watches", () => {
		const upload = nodeOf(example, 'Gini Pay upload').parameters;
		expect(upload.userIdentifier ?? '').toBe('');
		// The batch example does the same, so that its documents show up for the same Trigger too.
		const batch = loadExample(EXAMPLE_FILES.batch);
		expect(nodeOf(batch, 'Gini Pay upload').parameters.userIdentifier ?? '').toBe('');
	});

	it('skips attachments this workflow uploaded before', () => {
		expect(nodeOf(example, 'Gini Pay upload').parameters.options).toMatchObject({
			skipUploadedBefore: true,
		});
	});

	it('keeps payable and note, and says what became of each attachment', () => {
		const [invoice, creditNote, refused, before] = paymentFields([
			{
				documentId: 'd1',
				fileName: 'invoice.pdf',
				iban: 'DE89370400440532013000',
				amount: 3896.66,
				currency: 'EUR',
				payable: true,
				note: null,
			},
			{
				documentId: 'd2',
				fileName: 'credit-note.pdf',
				iban: 'DE89370400440532013000',
				amount: null,
				currency: 'EUR',
				payable: false,
				note: 'This is a credit note of 12.75 EUR: the money is owed to you, nothing is to be paid.',
			},
			{ error: 'Gini cannot read this file (a ZIP archive)', fileName: 'archive.zip' },
			{
				skipped: 'uploadedBefore',
				fileName: 'invoice-again.pdf',
				contentSha256: 'b'.repeat(64),
				note: 'This workflow uploaded a file with the same content before: not uploaded again.',
			},
		]);
		expect(invoice).toMatchObject({
			from: 'billing@supplier.example.test',
			subject: 'Invoices November',
			file: 'invoice.pdf',
			outcome: 'payable',
			payable: true,
			amount: 3896.66,
			note: '',
			possibleDuplicate: false,
		});
		expect(creditNote).toMatchObject({
			outcome: 'not payable',
			payable: false,
			note: expect.stringContaining('credit note'),
		});
		expect(refused).toMatchObject({ outcome: 'error', payable: false, error: expect.any(String) });
		expect(before).toMatchObject({
			file: 'invoice-again.pdf',
			outcome: 'uploaded before',
			payable: false,
			error: '',
			note: expect.stringContaining('uploaded a file with the same content before'),
		});
	});

	it('passes on the double-payment flag', () => {
		const [flagged] = paymentFields([
			{
				documentId: 'd3',
				fileName: 'resent.pdf',
				amount: 100,
				payable: true,
				possibleDuplicate: true,
				duplicateMatch: { documentId: 'd1' },
			},
		]);
		expect(flagged).toMatchObject({ payable: true, possibleDuplicate: true });
	});
});
