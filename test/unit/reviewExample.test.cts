// The review-and-pay example's own logic, run as n8n runs it (exampleKit.cts): the review item and its e-mail (text
// read from an invoice never becomes markup), the review form filled in with what Gini read, the reviewer's answer
// turned into the values paid with, the three decisions' paths (each back to the next invoice), and the weekly
// branch's bookkeeping (one table; only the rows read are marked as in the file).
// test/integration/exampleWorkflows.test.cts runs its Gini Pay nodes against the emulator; the real-n8n e2e
// (scripts/real-n8n/reviewScenario.cts) runs the whole workflow.
import type { IDataObject } from 'n8n-workflow';

import {
	EXAMPLE_FILES,
	destinations,
	ifConditionHolds,
	loadExample,
	nodeOf,
	resolveParameter,
	runCodeNode,
	runSetNode,
	type Item,
} from './exampleKit.cts';

const example = loadExample(EXAMPLE_FILES.review);
const LOOP = 'One invoice at a time';
const APPROVE = 'Approve for the weekly transfer';
const PAID = 'Paid with the GiroCode';
const TABLE = 'gini_pay_approved_invoices';
const FORM_URL = 'https://n8n.example.test/form-waiting/42?signature=abc';
/** `$execution` as n8n gives it to a production run's expressions. */
const EXECUTION = {
	$execution: {
		id: '42',
		mode: 'production' as const,
		resumeUrl: 'https://n8n.example.test/webhook-waiting/42?signature=abc',
		resumeFormUrl: FORM_URL,
	},
};

/** What GiroCode and Page 1 put out, combined by position (Invoice, page and code). */
function merged(json: IDataObject): Item {
	return {
		json: {
			documentId: 'doc-1',
			fileName: 'invoice.pdf',
			iban: 'DE89370400440532013000',
			amount: 3896.6,
			currency: 'EUR',
			recipient: 'Müller Haustechnik GmbH',
			payable: true,
			note: null,
			reference: 'RE-2024-0815',
			dueDate: '2024-03-29',
			girocodePayload: 'BCD\n002\n1\nSCT',
			pageCount: 1,
			pages: [{ pageNumber: 1, binaryField: 'page_1', size: 'medium' }],
			...json,
		},
		binary: {
			data: { mimeType: 'image/png', fileName: 'girocode.png', data: 'iVBORw0=' },
			page_1: { mimeType: 'image/jpeg', fileName: 'page-1.jpg', data: '/9j/4A==' },
		},
	};
}

async function toReview(json: IDataObject = {}): Promise<Item> {
	const [item] = await runCodeNode(nodeOf(example, 'Invoice to review'), [merged(json)]);
	return item;
}

/** A parameter of a node after the loop, as n8n resolves it for the invoice under review. */
function afterLoop(node: string, value: unknown, reviewed: Item, input?: Item): unknown {
	const loopItem = { ...reviewed, pairedItem: { item: 0 } };
	const mail = { json: { messageId: '<m@example>' }, pairedItem: { item: 0 } };
	return resolveParameter(example, node, value, {
		input: [input ?? mail],
		inputFrom: input ? 'Wait for review' : 'Review e-mail',
		runData: {
			[LOOP]: { items: [loopItem] },
			'Review e-mail': { items: [mail], from: LOOP },
			'Wait for review': { items: input ? [input] : [], from: 'Review e-mail' },
		},
		additionalKeys: EXECUTION,
	});
}

/** The form's answer as the Wait node puts it out: one key per field label. */
function answer(fields: IDataObject): Item {
	return {
		json: {
			Decision: APPROVE,
			IBAN: 'DE89370400440532013000',
			Amount: '3896.60',
			Recipient: 'Müller Haustechnik GmbH',
			Reference: 'RE-2024-0815',
			submittedAt: '2026-12-07T09:00:00.000+01:00',
			formMode: 'production',
			...fields,
		},
		pairedItem: { item: 0 },
	};
}

describe('examples/04-review-and-pay.json: the review e-mail', () => {
	it('reviews only payable invoices, and fetches page 1 and the GiroCode of each', () => {
		expect(destinations(example, 'Gini Pay upload')).toEqual(['Payable?']);
		expect(destinations(example, 'Payable?', 0).sort()).toEqual(['GiroCode', 'Page 1']);
		expect(destinations(example, 'Payable?', 1)).toEqual([]);
		expect(nodeOf(example, 'Page 1').parameters).toMatchObject({
			resource: 'document',
			operation: 'getPageImages',
			pages: 'first',
		});
		expect(nodeOf(example, 'GiroCode').parameters).toMatchObject({
			resource: 'paymentFile',
			operation: 'createGiroCode',
			imageFormat: 'png',
		});
		expect(nodeOf(example, 'Invoice, page and code').parameters).toMatchObject({
			mode: 'combine',
			combineBy: 'combineByPosition',
			// The invoice's fields (through GiroCode) win over Page 1's (documentId, pages).
			options: { clashHandling: { values: { resolveClash: 'preferInput1' } } },
		});
		expect(destinations(example, 'GiroCode')).toEqual(['Invoice, page and code']);
		expect(example.connections['Page 1'].main[0]).toEqual([
			{ node: 'Invoice, page and code', type: 'main', index: 1 },
		]);
	});

	it('lets through payable invoices in EUR only (what a SEPA transfer or a GiroCode pays)', () => {
		const goesOn = (json: IDataObject) =>
			ifConditionHolds(example, 'Payable?', {
				input: [{ json, pairedItem: { item: 0 } }],
				inputFrom: 'Gini Pay upload',
			});
		expect(goesOn({ payable: true, currency: 'EUR', amount: 10 })).toBe(true);
		expect(goesOn({ payable: false, currency: 'EUR', note: 'This is a credit note' })).toBe(false);
		expect(goesOn({ payable: true, currency: 'CHF', amount: 10 })).toBe(false);
		expect(goesOn({ error: 'Gini cannot read this file', fileName: 'archive.zip' })).toBe(false);
		expect(goesOn({ skipped: 'uploadedBefore', fileName: 'again.pdf' })).toBe(false);
	});

	it('puts page 1 and the GiroCode inline, as cid:page_1 and cid:girocode', async () => {
		const item = await toReview();
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['girocode', 'page_1']);
		const mail = nodeOf(example, 'Review e-mail').parameters;
		expect(mail.options).toMatchObject({ attachments: 'page_1,girocode' });
		expect(mail.html).toContain('src="cid:page_1"');
		expect(mail.html).toContain('src="cid:girocode"');
	});

	it('shows the fields Gini read, the amount with two decimals, and links to the review form', async () => {
		const item = await toReview();
		const html = String(
			resolveParameter(example, 'Review e-mail', nodeOf(example, 'Review e-mail').parameters.html, {
				input: [{ ...item, pairedItem: { item: 0 } }],
				inputFrom: LOOP,
				additionalKeys: EXECUTION,
			}),
		);
		expect(html).toContain('DE89 3704 0044 0532 0130 00');
		expect(html).toContain('3896.60 EUR');
		expect(html).toContain('Müller Haustechnik GmbH');
		expect(html).toContain('RE-2024-0815');
		expect(html).toContain(`<a href="${FORM_URL}"`);
	});

	it('never lets text read from an invoice become markup in the e-mail', async () => {
		const item = await toReview({
			recipient: '<a href="https://pay.evil.example">Pay here</a>',
			reference: '"><img src=x onerror=alert(1)>',
			note: 'Reminder <b>now</b> & "urgent"',
		});
		const html = String(
			resolveParameter(example, 'Review e-mail', nodeOf(example, 'Review e-mail').parameters.html, {
				input: [{ ...item, pairedItem: { item: 0 } }],
				inputFrom: LOOP,
				additionalKeys: EXECUTION,
			}),
		);
		expect(html).not.toContain('<a href="https://pay.evil.example"');
		expect(html).not.toContain('<img src=x');
		expect(html).not.toContain('<b>now</b>');
		expect(html).toContain('&lt;a href=&quot;https://pay.evil.example&quot;&gt;Pay here&lt;/a&gt;');
		expect(html).toContain('Reminder &lt;b&gt;now&lt;/b&gt; &amp; &quot;urgent&quot;');
		// The template puts only escaped values (html.*) into the markup.
		const inserted = [
			...String(nodeOf(example, 'Review e-mail').parameters.html).matchAll(/{{(.*?)}}/g),
		];
		for (const [, expression] of inserted)
			expect(expression.trim()).toMatch(
				/^\$json\.html\.\w+$|^\$execution\.resumeFormUrl$|^\$json\.possibleDuplicate \? '[^'<>&]*' : ''$/,
			);
	});

	it('sends one review e-mail at a time and waits for its form', () => {
		expect(nodeOf(example, LOOP).parameters.batchSize).toBe(1);
		expect(destinations(example, LOOP, 0)).toEqual([]);
		expect(destinations(example, LOOP, 1)).toEqual(['Review e-mail']);
		expect(destinations(example, 'Review e-mail')).toEqual(['Wait for review']);
		expect(nodeOf(example, 'Wait for review').parameters.resume).toBe('form');
	});
});

describe('examples/04-review-and-pay.json: the review form and the decision', () => {
	const fields = () =>
		(
			nodeOf(example, 'Wait for review').parameters.formFields as {
				values: Array<{ fieldLabel: string; defaultValue?: string; fieldOptions?: unknown }>;
			}
		).values;

	it('asks for a decision and shows IBAN, amount, recipient and reference as Gini read them', async () => {
		const reviewed = await toReview();
		expect(fields().map((field) => field.fieldLabel)).toEqual([
			'Decision',
			'IBAN',
			'Amount',
			'Recipient',
			'Reference',
		]);
		expect(fields()[0].fieldOptions).toEqual({
			values: [{ option: APPROVE }, { option: PAID }, { option: 'Reject' }],
		});
		const defaults = fields()
			.slice(1)
			.map((field) => afterLoop('Wait for review', field.defaultValue, reviewed));
		expect(defaults).toEqual([
			'DE89370400440532013000',
			'3896.60',
			'Müller Haustechnik GmbH',
			'RE-2024-0815',
		]);
	});

	it('takes the corrected values, reads a decimal comma, and says what was corrected', async () => {
		const reviewed = await toReview();
		const form = answer({
			IBAN: 'de89 3704 0044 0532 0130 00',
			Amount: '3800,50',
			Recipient: '  Haustechnik Mueller GmbH ',
		});
		const [payment] = runSetNode(example, 'Reviewed payment', {
			input: [form],
			inputFrom: 'Wait for review',
			runData: {
				[LOOP]: { items: [{ ...reviewed, pairedItem: { item: 0 } }] },
				'Review e-mail': { items: [{ json: {}, pairedItem: { item: 0 } }], from: LOOP },
				'Wait for review': { items: [form], from: 'Review e-mail' },
			},
		});
		expect(payment.json).toMatchObject({
			documentId: 'doc-1',
			decision: APPROVE,
			iban: 'DE89370400440532013000',
			amount: 3800.5,
			currency: 'EUR',
			recipient: 'Haustechnik Mueller GmbH',
			reference: 'RE-2024-0815',
			corrected: 'amount, recipient',
		});
	});

	it('says nothing was corrected when the reviewer changed nothing', async () => {
		const reviewed = await toReview();
		const form = answer({});
		const [payment] = runSetNode(example, 'Reviewed payment', {
			input: [form],
			inputFrom: 'Wait for review',
			runData: {
				[LOOP]: { items: [{ ...reviewed, pairedItem: { item: 0 } }] },
				'Review e-mail': { items: [{ json: {}, pairedItem: { item: 0 } }], from: LOOP },
				'Wait for review': { items: [form], from: 'Review e-mail' },
			},
		});
		expect(payment.json).toMatchObject({ corrected: '', amount: 3896.6 });
	});

	/** The nodes an answer goes through, up to the next invoice (the loop). */
	function path(decision: string): string[] {
		const visited: string[] = [];
		const form = answer({ Decision: decision });
		const reviewed = { json: { decision }, pairedItem: { item: 0 } };
		let current = 'Wait for review';
		while (current !== LOOP) {
			const [next, ...more] = destinations(example, current);
			expect(more).toEqual([]);
			let output = 0;
			const node = nodeOf(example, next);
			visited.push(next);
			if (node.type === 'n8n-nodes-base.if') {
				const holds = ifConditionHolds(example, next, {
					input: [next === 'Not rejected?' ? form : { json: {}, pairedItem: { item: 0 } }],
					inputFrom: current,
					runData: {
						'Reviewed payment': { items: [reviewed] },
						[current]: { items: [{ json: {}, pairedItem: { item: 0 } }], from: 'Reviewed payment' },
					},
				});
				output = holds ? 0 : 1;
				const [target] = destinations(example, next, output);
				visited.push(target);
				current = target;
				continue;
			}
			current = next;
		}
		return visited;
	}

	it('approved: feedback to Gini, then kept for the weekly transfer', () => {
		expect(path(APPROVE)).toEqual([
			'Not rejected?',
			'Reviewed payment',
			'Send reviewed values to Gini',
			'For the weekly transfer?',
			'Approved invoices table',
			'Keep approved invoice',
			LOOP,
		]);
	});

	it('paid with the GiroCode: feedback to Gini, not in the weekly file', () => {
		expect(path(PAID)).toEqual([
			'Not rejected?',
			'Reviewed payment',
			'Send reviewed values to Gini',
			'For the weekly transfer?',
			LOOP,
		]);
	});

	it('rejected: nothing sent, nothing kept', () => {
		expect(path('Reject')).toEqual(['Not rejected?', LOOP]);
	});

	it('sends Gini the reviewed values (the values paid with), as the transfer summary', () => {
		const feedback = nodeOf(example, 'Send reviewed values to Gini').parameters;
		expect(feedback).toMatchObject({
			resource: 'document',
			operation: 'sendFeedback',
			feedbackSource: 'fields',
			summary: {
				amount: '={{ $json.amount }}',
				currency: '={{ $json.currency }}',
				iban: '={{ $json.iban }}',
				recipient: '={{ $json.recipient }}',
				reference: '={{ $json.reference }}',
			},
		});
		expect(destinations(example, 'Reviewed payment')).toEqual(['Send reviewed values to Gini']);
	});
});

describe('examples/04-review-and-pay.json: the weekly SEPA file', () => {
	it('keeps approved invoices in one data table, which both branches create if missing', () => {
		const tables = example.nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable');
		for (const table of tables) {
			if (table.parameters.resource === 'table') {
				expect(table.parameters.tableName).toBe(TABLE);
				expect(table.parameters.options).toEqual({ createIfNotExists: true });
			} else
				expect(table.parameters.dataTableId).toEqual({ __rl: true, mode: 'name', value: TABLE });
		}
		expect(destinations(example, 'Every Monday at 8')).toEqual(['Approved invoices table, weekly']);
	});

	it('keeps the columns the SEPA node reads (its Payment fields as by default)', () => {
		const kept = (
			nodeOf(example, 'Keep approved invoice').parameters.columns as { value: IDataObject }
		).value;
		expect(kept).toMatchObject({ status: 'approved', sepaMessageId: '' });
		for (const column of ['iban', 'amount', 'currency', 'recipient', 'reference'])
			expect(kept[column]).toBe(`={{ $('Reviewed payment').item.json.${column} }}`);
		const sepa = nodeOf(example, 'SEPA credit transfer').parameters;
		expect(sepa.operation).toBe('createSepaCreditTransfer');
		for (const field of ['paymentIban', 'paymentAmount', 'paymentRecipient', 'paymentReference'])
			expect(sepa[field]).toBeUndefined();
	});

	it('pays only approved invoices not in a file yet, and marks exactly the rows it read', () => {
		const read = nodeOf(example, 'Approved, not in a file yet').parameters;
		expect(read.filters).toEqual({
			conditions: [{ keyName: 'status', condition: 'eq', keyValue: 'approved' }],
		});
		expect(read.returnAll).toBe(true);
		const mark = nodeOf(example, 'Mark as in the file').parameters as {
			filters: { conditions: Array<{ keyName: string; condition: string; keyValue: string }> };
			matchType: string;
			columns: { value: IDataObject };
		};
		expect(mark.matchType).toBe('allConditions');
		const [status, upTo] = mark.filters.conditions;
		expect(status).toEqual({ keyName: 'status', condition: 'eq', keyValue: 'approved' });
		expect(upTo).toMatchObject({ keyName: 'id', condition: 'lte' });
		const rows = [7, 3, 12].map((id) => ({ json: { id, status: 'approved' } }));
		const file = { json: { fileName: 'sepa.xml' }, pairedItem: { item: 0 } };
		expect(
			resolveParameter(example, 'Mark as in the file', upTo.keyValue, {
				input: [file],
				inputFrom: 'Write SEPA file',
				runData: { 'Approved, not in a file yet': { items: rows } },
			}),
		).toBe(12);
		expect(mark.columns.value.status).toBe('in payment file');
		expect(destinations(example, 'SEPA credit transfer')).toEqual(['Write SEPA file']);
		expect(destinations(example, 'Write SEPA file')).toEqual(['Mark as in the file']);
	});

	it('writes the file under the folder n8n may write to by default', () => {
		expect(nodeOf(example, 'Write SEPA file').parameters).toMatchObject({
			operation: 'write',
			fileName: '=/home/node/.n8n-files/payments/{{ $binary.data.fileName }}',
			dataPropertyName: 'data',
		});
	});
});
