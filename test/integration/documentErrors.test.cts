// Every error item of an operation on a document names that document (`documentId`), whatever step failed: the
// router names the document of an operation that declares `onDocument` (nodes/GiniPay/actions/router.ts).
import { startEmulator, type Emulator } from '../emulator/index.cts';
import { basicCredential, invoiceItems, outputJson, resetTokenCache, runGini } from './gini.cts';

let gini: Emulator;

beforeAll(async () => {
	gini = await startEmulator({ processingMs: 50 });
});
afterAll(async () => await gini.stop());
beforeEach(() => resetTokenCache());

const MISSING = '626626a0-749f-11e2-bfd6-000000000000';

async function uploaded(): Promise<string> {
	const [document] = outputJson(
		await runGini({
			mode: 'basic',
			credential: basicCredential(gini),
			parameters: {
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
			},
			items: await invoiceItems(1),
		}),
	);
	return String(document.documentId);
}

describe('an error item of an operation on a document', () => {
	it.each([
		['get', {}],
		['delete', {}],
		['getExtractions', { waitForProcessing: false }],
		['sendFeedback', { summary: { amount: 12.5 } }],
	])('names the document Gini does not have (%s)', async (operation, parameters) => {
		const [item] = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini),
				parameters: { resource: 'document', operation, documentId: MISSING, ...parameters },
				continueOnFail: true,
			}),
		);
		expect(item).toEqual(
			expect.objectContaining({ httpCode: '404', documentId: MISSING, error: expect.any(String) }),
		);
	});

	it('names the document when the item gives an empty transfer summary (Send Feedback)', async () => {
		const documentId = await uploaded();
		const [item] = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini),
				parameters: { resource: 'document', operation: 'sendFeedback', documentId, summary: {} },
				continueOnFail: true,
			}),
		);
		expect(item).toEqual({
			error: "'Transfer Summary' is empty",
			description: "Add at least one field, e.g. 'Amount to Pay'.",
			documentId,
		});
	});

	it('names the document when the timeout is out of bounds (Get Extractions)', async () => {
		const documentId = await uploaded();
		const [item] = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(gini),
				parameters: { resource: 'document', operation: 'getExtractions', documentId, timeout: 0 },
				continueOnFail: true,
			}),
		);
		expect(item).toEqual({
			error: "'Timeout (Seconds)' must be more than 0 and at most 3600",
			documentId,
		});
	});
});
