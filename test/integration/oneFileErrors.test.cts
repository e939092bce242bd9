/**
 * Error items of an upload in One File mode (Continue On Fail) say which file failed, as those of Each Binary Field
 * mode do: `fileName` and `binaryField`, whether the node refused the file or Gini did; a file refused for good (the
 * node's checks, or Gini's 400, 413, 415 or 422 to the upload) says `retryable: false`, so that a workflow that tries
 * failed files again later can leave it out.
 */
import type { IDataObject } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { runGini, useGini } from './gini.cts';
import { CORRUPT, LIFECYCLE, sampleItem } from './lifecycleKit.cts';

const lifecycle = useGini(LIFECYCLE);

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);

async function errorItems(parameters: IDataObject, onError?: 'continueErrorOutput') {
	const result = await runGini({
		mode: 'basic',
		credential: lifecycle.credential('basic'),
		parameters: {
			resource: 'document',
			operation: 'upload',
			waitForExtractions: false,
			...parameters,
		},
		items: [
			await binaryItem(ZIP, 'belege.zip', 'application/zip'),
			await binaryItem(ZIP, 'scan.zip', 'application/zip', {}, 'scan'),
		],
		continueOnFail: true,
		onError,
	});
	expect(result.error).toBeUndefined();
	return result;
}

describe('Upload, One File: error items name the file', () => {
	it('a file the node refuses: fileName and binaryField, per item', async () => {
		const result = await errorItems({
			binaryPropertyName: '={{ $binary.scan ? "scan" : "data" }}',
		});
		const out = result.output('Gini Pay').map((item) => item.json);
		expect(out).toEqual([
			expect.objectContaining({ fileName: 'belege.zip', binaryField: 'data', retryable: false }),
			expect.objectContaining({ fileName: 'scan.zip', binaryField: 'scan', retryable: false }),
		]);
		expect(out[0].error).toEqual(expect.stringContaining('ZIP archive'));
	});

	it('a file Gini refuses (its 400 to the upload): its file name', async () => {
		const result = await runGini({
			mode: 'basic',
			credential: lifecycle.credential('basic'),
			parameters: { resource: 'document', operation: 'upload', timeout: 30 },
			items: [await sampleItem(CORRUPT)],
			continueOnFail: true,
		});
		const [out] = result.output('Gini Pay').map((item) => item.json);
		expect(out).toMatchObject({ fileName: CORRUPT, binaryField: 'data', retryable: false });
		expect(out.error).toEqual(expect.any(String));
	});

	it('a binary field the item does not have: the field, and no file name to give', async () => {
		const result = await errorItems({ binaryPropertyName: 'attachment' });
		const out = result.output('Gini Pay').map((item) => item.json);
		expect(out[0]).toMatchObject({ binaryField: 'attachment' });
		// Not the file's fault: the same file may go through once the field is right.
		expect(out[0].retryable).toBeUndefined();
		expect(out[0].error).toEqual(expect.stringContaining("no binary field 'attachment'"));
	});

	it('under "Continue (using error output)" the file is in the details', async () => {
		const result = await errorItems({ binaryPropertyName: 'data' }, 'continueErrorOutput');
		const failed = result.output('Gini Pay', 1).map((item) => item.json);
		expect(failed[0]).toMatchObject({
			details: expect.objectContaining({ fileName: 'belege.zip', binaryField: 'data' }),
		});
	});
});
