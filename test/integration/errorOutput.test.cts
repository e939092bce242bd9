/**
 * n8n's On Error "Continue (using error output)": a failed item goes to the node's error output, paired with its
 * input, and the others to the regular output. n8n routes an item there only when it carries the error itself
 * (`item.error`, whose json n8n then cuts down to the message) or when its json holds only `error`, `message` and
 * `details`: the node's error items keep what they know (the document Gini may hold) under `details`.
 */
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, runGini, useGini } from './gini.cts';

const gini = useGini({ processingMs: 10 });

const pdf = async (text: string) =>
	await buildTextPdf([[`# Rechnung ${text}`, 'Betrag\t12,34 EUR']]);

describe('Continue (using error output)', () => {
	it('sends a failed item to the error output and the good ones to the regular output', async () => {
		const good = await binaryItem(await pdf('good'), 'good.pdf', 'application/pdf');
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: 'error-output-user' }),
			parameters: {
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
			},
			items: [good, { json: { note: 'no file' } }],
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		const regular = result.output('Gini Pay', 0);
		const failed = result.output('Gini Pay', 1);
		expect(regular.map((item) => item.json.fileName)).toEqual(['good.pdf']);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toEqual({
			error: expect.stringContaining("binary file 'data'"),
			details: { description: expect.any(String), binaryField: 'data' },
		});
		expect(failed[0].pairedItem).toEqual({ item: 1 });
	});

	it('in Each Binary Field mode, a refused attachment goes to the error output, the other to the regular one', async () => {
		const good = await binaryItem(await pdf('attached'), 'attached.pdf', 'application/pdf');
		const zip = await binaryItem(
			Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 1)]),
			'archive.zip',
			'application/zip',
		);
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: 'error-output-user' }),
			parameters: {
				resource: 'document',
				operation: 'upload',
				pages: 'each',
				fileKinds: ['pdf', 'other'],
				minImageKb: 0,
				waitForExtractions: false,
			},
			items: [
				{ json: {}, binary: { attachment_0: good.binary!.data, attachment_1: zip.binary!.data } },
			],
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Gini Pay', 0).map((item) => item.json.fileName)).toEqual([
			'attached.pdf',
		]);
		const failed = result.output('Gini Pay', 1);
		expect(failed.map((item) => item.json)).toEqual([
			{
				error: expect.stringContaining('ZIP archive'),
				details: expect.objectContaining({ binaryField: 'attachment_1', fileName: 'archive.zip' }),
			},
		]);
	});
});

describe('an upload whose answer was lost, under Continue (using error output)', () => {
	it('goes to the error output and still says that Gini may hold the file', async () => {
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		try {
			const item = await binaryItem(
				await pdf('lost'),
				'lost-to-error-output.pdf',
				'application/pdf',
			);
			const result = await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: 'error-output-user' }),
				parameters: {
					resource: 'document',
					operation: 'upload',
					waitForExtractions: false,
					binaryPropertyName: 'data',
				},
				items: [item],
				onError: 'continueErrorOutput',
			});
			const [failed] = result.output('Gini Pay', 1);
			const stored = gini.documents().filter((doc) => doc.name === 'lost-to-error-output.pdf');
			expect(failed.json.details).toMatchObject({
				uploadMayExist: true,
				candidateDocumentIds: [stored[0].id],
			});
		} finally {
			gini.setFaults({});
		}
	});
});
