/** Bad document references, listing limits, wait timeouts and feedback. */
import { outputJson, runGini } from '../gini.cts';
import { byJson, jsonItems, pdfItem, upload, type BadInputCase, type Fixture } from './kit.cts';

let unique = 0;

export const documents: BadInputCase[] = [
	{
		name: 'unknown document ID',
		parameters: { resource: 'document', operation: 'get', documentId: byJson('id') },
		items: ({ documentId }) =>
			jsonItems({ id: documentId }, { id: '00000000-0000-4000-8000-000000000000' }),
		error: 'api',
		message: 'Reading the document failed: the Gini Pay API answered 404',
	},
	{
		name: 'malformed document ID',
		parameters: { resource: 'document', operation: 'get', documentId: byJson('id') },
		items: ({ documentId }) => jsonItems({ id: documentId }, { id: '../users/1' }),
		error: 'operation',
		message: 'The document ID is empty or malformed',
	},
	{
		name: 'URL of another collection instead of a document',
		parameters: { resource: 'document', operation: 'getExtractions', documentId: byJson('id') },
		items: ({ documentId }) =>
			jsonItems(
				{ id: documentId },
				{ id: `https://evil.example.com/paymentRequests/${documentId}` },
			),
		error: 'operation',
		message: 'The URL does not name a Gini document',
	},
	{
		name: 'URL of a sub-resource instead of the document',
		parameters: { resource: 'document', operation: 'get', documentId: byJson('id') },
		items: ({ gini, documentId }) =>
			jsonItems(
				{ id: documentId },
				{ id: `${gini.payApiUrl}/documents/${documentId}/extractions` },
			),
		error: 'operation',
		message: 'The URL does not name a Gini document',
	},
	{
		name: 'negative timeout for Get Extractions',
		parameters: (f) => ({
			resource: 'document',
			operation: 'getExtractions',
			documentId: f.documentId,
			timeout: byJson('t'),
		}),
		items: () => jsonItems({ t: 10 }, { t: -1 }),
		error: 'operation',
		message: "'Timeout (Seconds)' must be more than 0 and at most 3600",
	},
	{
		name: 'deleting an unknown document',
		parameters: { resource: 'document', operation: 'delete', documentId: byJson('id') },
		items: async ({ credential }) => {
			const made = outputJson(
				await runGini({
					mode: 'basic',
					credential: credential.basic(),
					parameters: upload,
					items: [await pdfItem(`del-${++unique}`), await pdfItem(`del-${++unique}`)],
				}),
			);
			return [
				{ json: { id: made[0].documentId } },
				{ json: { id: '00000000-0000-4000-8000-00000000dead' } },
				{ json: { id: made[1].documentId } },
			];
		},
		error: 'api',
		message: 'answered 404',
	},
	{
		name: 'limit of 0',
		parameters: {
			resource: 'document',
			operation: 'getAll',
			returnAll: false,
			limit: byJson('limit'),
		},
		items: () => jsonItems({ limit: 1 }, { limit: 0 }),
		error: 'operation',
		message: "'Limit' must be a whole number of at least 1",
	},
	{
		name: 'limit that is not a number',
		parameters: {
			resource: 'document',
			operation: 'getAll',
			returnAll: false,
			limit: byJson('limit'),
		},
		items: () => jsonItems({ limit: 1 }, { limit: 'ten' }),
		error: 'operation',
		message: "'Limit' must be a whole number of at least 1",
	},
];

const feedback = (f: Fixture) => ({
	resource: 'document',
	operation: 'sendFeedback',
	documentId: f.documentId,
});
export const feedbacks: BadInputCase[] = [
	{
		name: 'empty transfer summary',
		parameters: (f) => ({
			...feedback(f),
			feedbackSource: 'fields',
			summary: { iban: byJson('iban') },
		}),
		items: () => jsonItems({ iban: 'DE89370400440532013000' }, { iban: '  ' }),
		error: 'operation',
		message: "'Transfer Summary' is empty",
	},
	{
		name: 'feedback JSON that does not parse',
		parameters: (f) => ({ ...feedback(f), feedbackSource: 'json', feedbackJson: byJson('body') }),
		items: () =>
			jsonItems(
				{ body: '{"extractions":{"amountToPay":{"value":"1.00:EUR"}}}' },
				{ body: '{"extractions": ' },
			),
		error: 'operation',
		message: "'Feedback (JSON)' is not valid JSON",
	},
	{
		name: 'feedback JSON without extractions',
		parameters: (f) => ({ ...feedback(f), feedbackSource: 'json', feedbackJson: byJson('body') }),
		items: () =>
			jsonItems(
				{ body: '{"extractions":{"amountToPay":{"value":"1.00:EUR"}}}' },
				{ body: '{"amount": 1}' },
			),
		error: 'operation',
		message: 'The feedback JSON needs "extractions", "compoundExtractions" or "feedback"',
	},
	{
		name: 'negative amount paid',
		parameters: (f) => ({
			...feedback(f),
			feedbackSource: 'fields',
			summary: { amount: byJson('amount') },
		}),
		items: () => jsonItems({ amount: 12.5 }, { amount: -3 }),
		error: 'operation',
		message: 'The amount must be a number of at least 0',
	},
	{
		name: 'currency that is not an ISO code',
		parameters: (f) => ({
			...feedback(f),
			feedbackSource: 'fields',
			summary: { amount: 1, currency: byJson('c') },
		}),
		items: () => jsonItems({ c: 'EUR' }, { c: 'EURO' }),
		error: 'operation',
		message: 'The currency must be an ISO 4217 code such as EUR',
	},
];
