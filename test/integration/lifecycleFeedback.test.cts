/**
 * Document > Send Feedback (the transfer summary, docs/gini-api.md §4.6) in n8n's engine against the emulator: as fields
 * and as JSON in every auth mode, sent as POST /documents/{id}/extractions/feedback like Gini's SDKs (PUT, as the docs
 * page writes it, only after a 405), changing later reads; Gini's 406 and 422; bad input refused before sending.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeParameters,
} from 'n8n-workflow';

import { useGini, type Mode } from './gini.cts';
import { KOEHLER, MODES, MUELLER, ROUTE, expectedView, LIFECYCLE } from './lifecycleKit.cts';

const lifecycle = useGini(LIFECYCLE);
const sendFeedback = { resource: 'document', operation: 'sendFeedback' };

/** A processed document: feedback is what the user finally paid after reading its extractions. */
async function processedDocument(mode: Mode, file = MUELLER): Promise<string> {
	const [uploaded] = await lifecycle.upload(mode, [file], { waitForExtractions: true });
	lifecycle.resetCounters();
	return uploaded.id;
}

async function extractions(mode: Mode, documentId: string, simplify = true): Promise<IDataObject> {
	const [result] = await lifecycle.json(mode, {
		resource: 'document',
		operation: 'getExtractions',
		documentId,
		simplify,
	});
	return result;
}

const SUMMARY = {
	amount: 950,
	currency: 'EUR',
	iban: 'de71 7905 0000 0043 2187 65',
	bic: 'byladem1swu',
	recipient: 'Bäckerei Köhler e.K.',
	reference: 'RE-20170512-02',
	purpose: 'Rechnung RE-20170512-02',
};

describe.each(MODES)('in %s mode', (mode) => {
	it('sends the transfer summary as fields, and later reads return those values', async () => {
		const documentId = await processedDocument(mode);
		const [sent] = await lifecycle.json(mode, {
			...sendFeedback,
			documentId,
			feedbackSource: 'fields',
			summary: SUMMARY,
		});
		expect(lifecycle.routeCount(ROUTE.feedback)).toBe(1);
		expect(lifecycle.routeCount(ROUTE.feedbackPut)).toBe(0);
		expect(sent).toEqual({
			documentId,
			feedbackSent: true,
			// With the entity of each label, as Gini's Android SDK sends its transfer summary (docs/gini-api.md §4.6).
			extractions: {
				amountToPay: { value: '950.00:EUR', entity: 'amount' },
				iban: { value: 'DE71790500000043218765', entity: 'iban' },
				bic: { value: 'BYLADEM1SWU', entity: 'bic' },
				paymentRecipient: { value: SUMMARY.recipient, entity: 'companyname' },
				paymentReference: { value: SUMMARY.reference, entity: 'reference' },
				paymentPurpose: { value: SUMMARY.purpose, entity: 'reference' },
			},
		});
		expect(await extractions(mode, documentId, false)).toMatchObject({
			iban: 'DE71790500000043218765',
			bic: 'BYLADEM1SWU',
			amount: 950,
			currency: 'EUR',
			recipient: SUMMARY.recipient,
			reference: SUMMARY.reference,
			purpose: SUMMARY.purpose,
			documentType: expectedView(MUELLER, false).documentType,
		});
	});

	it('sends a raw JSON body, and later raw reads show its extractions and compound extractions', async () => {
		const documentId = await processedDocument(mode, KOEHLER);
		const body = {
			extractions: { amountToPay: { value: '15.00:EUR', entity: 'amount' } },
			compoundExtractions: {
				lineItems: [{ description: { value: 'Brezeln' }, quantity: { value: '12' } }],
			},
		};
		await lifecycle.json(mode, {
			...sendFeedback,
			documentId,
			feedbackSource: 'json',
			feedbackJson: JSON.stringify(body),
		});
		expect(lifecycle.routeCount(ROUTE.feedback)).toBe(1);
		const raw = await extractions(mode, documentId, false);
		expect(raw.extractions).toMatchObject({
			amountToPay: { value: '15.00:EUR', entity: 'amount' },
			iban: { value: expectedView(KOEHLER).iban },
		});
		expect(raw.compoundExtractions).toMatchObject({
			lineItems: [{ description: { value: 'Brezeln' }, quantity: { value: '12' } }],
		});
		expect(await extractions(mode, documentId)).toMatchObject({
			...expectedView(KOEHLER),
			amount: 15,
		});
	});
});

describe('feedback method: POST as the SDKs send it, PUT only after a 405', () => {
	const summary = { amount: 950, iban: 'DE71 7905 0000 0043 2187 65' };

	it('a Gini that takes only POST gets exactly one POST', async () => {
		const documentId = await processedDocument('basic');
		lifecycle.setFeedbackMethods('post');
		await lifecycle.json('basic', {
			...sendFeedback,
			documentId,
			feedbackSource: 'fields',
			summary,
		});
		expect(lifecycle.routeCount(ROUTE.feedback)).toBe(1);
		expect(lifecycle.routeCount(ROUTE.feedbackPut)).toBe(0);
		expect(await extractions('basic', documentId)).toMatchObject({
			amount: 950,
			iban: 'DE71790500000043218765',
		});
	});

	it.each(MODES)(
		'a Gini that takes only PUT answers the POST with 405, and the node sends it as PUT (%s)',
		async (mode) => {
			const documentId = await processedDocument(mode);
			lifecycle.setFeedbackMethods('put');
			const [sent] = await lifecycle.json(mode, {
				...sendFeedback,
				documentId,
				feedbackSource: 'fields',
				summary,
			});
			expect(sent).toMatchObject({ feedbackSent: true });
			expect(lifecycle.routeCount(ROUTE.feedback)).toBe(1);
			expect(lifecycle.routeCount(ROUTE.feedbackPut)).toBe(1);
			expect(await extractions(mode, documentId)).toMatchObject({
				amount: 950,
				iban: 'DE71790500000043218765',
			});
		},
	);

	it('any other refusal of the POST is final: no PUT after a 422', async () => {
		const documentId = await processedDocument('basic');
		const result = await lifecycle.run('basic', {
			...sendFeedback,
			documentId,
			feedbackSource: 'fields',
			summary: { iban: 'DE00 1234 5678 9012 3456 78' },
		});
		expect(result.error).toMatchObject({ httpCode: '422' });
		expect(lifecycle.routeCount(ROUTE.feedback)).toBe(1);
		expect(lifecycle.routeCount(ROUTE.feedbackPut)).toBe(0);
	});
});

describe('feedback', () => {
	it('accepts the legacy "feedback" key in JSON', async () => {
		const documentId = await processedDocument('basic');
		const feedbackJson = { feedback: { paymentPurpose: { value: 'Abschlag März' } } };
		await lifecycle.json('basic', {
			...sendFeedback,
			documentId,
			feedbackSource: 'json',
			feedbackJson,
		});
		expect(await extractions('basic', documentId, false)).toMatchObject({
			purpose: 'Abschlag März',
		});
	});

	it('with an invalid IBAN is Gini’s 422 as a NodeApiError, and changes nothing', async () => {
		const documentId = await processedDocument('jwt');
		const result = await lifecycle.run('jwt', {
			...sendFeedback,
			documentId,
			feedbackSource: 'fields',
			summary: { iban: 'DE00 1234 5678 9012 3456 78', amount: 1 },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error).toMatchObject({ httpCode: '422' });
		expect(result.error?.message).toContain('iban');
		expect(await extractions('jwt', documentId)).toMatchObject(expectedView(MUELLER));
	});

	it('with an invalid value becomes an error item under Continue On Fail, and the next item is sent', async () => {
		const documentId = await processedDocument('basic');
		const result = await lifecycle.run(
			'basic',
			{
				...sendFeedback,
				documentId,
				feedbackSource: 'json',
				feedbackJson: '={{ JSON.stringify($json.body) }}',
			},
			[
				{ json: { body: { extractions: { bic: { value: 'NOT A BIC' } } } } },
				{ json: { body: { extractions: { bic: { value: 'COBADEFFXXX' } } } } },
			],
			true,
		);
		const out = result.output('Gini Pay');
		expect(out).toHaveLength(2);
		expect(out[0]).toMatchObject({ json: { httpCode: '422' }, pairedItem: { item: 0 } });
		expect(out[1]).toMatchObject({ json: { feedbackSent: true }, pairedItem: { item: 1 } });
		expect(await extractions('basic', documentId, false)).toMatchObject({
			bic: 'COBADEFFXXX',
		});
	});
});

describe('feedback refused before anything is sent', () => {
	async function refused(parameters: INodeParameters) {
		const documentId = await processedDocument('basic');
		const result = await lifecycle.run('basic', { ...sendFeedback, documentId, ...parameters });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(lifecycle.counters().requests.total).toBe(0);
		return result.error as NodeOperationError;
	}

	it('JSON that does not parse', async () => {
		const error = await refused({ feedbackSource: 'json', feedbackJson: '{"extractions": ' });
		expect(error.message).toBe("'Feedback (JSON)' is not valid JSON");
	});

	it('JSON without extractions, compound extractions or feedback', async () => {
		const error = await refused({
			feedbackSource: 'json',
			feedbackJson: '{"amountToPay": "1.00:EUR"}',
		});
		expect(error.message).toContain('"extractions"');
	});

	it('an empty transfer summary', async () => {
		const error = await refused({ feedbackSource: 'fields', summary: {} });
		expect(error.message).toBe("'Transfer Summary' is empty");
	});

	it('a currency that is not an ISO 4217 code', async () => {
		const error = await refused({
			feedbackSource: 'fields',
			summary: { amount: 10, currency: 'Euro' },
		});
		expect(error.message).toContain('ISO 4217');
	});
});
