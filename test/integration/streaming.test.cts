import { createHash } from 'node:crypto';

import { SAMPLE_INVOICES, loadFixture } from '../fixtures/invoices.cts';
import { BinaryDataService } from 'n8n-core';

import { paddedPdf } from '../../scripts/bench/paddedPdf.cts';
import { binaryItem, setBinaryMode } from '../harness/index.cts';
import { Container } from '../harness/n8n-core-internals.cts';
import { outputJson, runGini, useGini, userCenterCredential, goodInvoices } from './gini.cts';

const USER = { userEmail: 'stream@app.example.org', userPassword: 'secret-123' };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('uploads of binaries that n8n keeps on disk (filesystem mode)', () => {
	const gini = useGini({ processingMs: 10, user: USER });
	afterAll(async () => await setBinaryMode('default'));

	async function uploadFromDisk(file: string, mediaType: string, requestOptions = {}) {
		await setBinaryMode('filesystem');
		const item = await binaryItem(loadFixture(file), file, mediaType);
		expect(item.binary?.data.id).toMatch(/^filesystem/);
		const [document] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini, USER),
				parameters: {
					resource: 'document',
					operation: 'upload',
					waitForExtractions: false,
					binaryPropertyName: 'data',
					requestOptions,
				},
				items: [item],
				binaryMode: 'filesystem',
			}),
		);
		return gini.documents().find((stored) => stored.id === document.documentId);
	}

	it.each([true, false])(
		'sends the exact bytes of a PDF (streaming: %s)',
		async (streamUploads) => {
			const sample = goodInvoices().find((invoice) => invoice.mediaType === 'application/pdf')!;
			const stored = await uploadFromDisk(sample.file, sample.mediaType, { streamUploads });
			expect(stored).toMatchObject({
				mediaType: 'application/pdf',
				sha256: sha256(loadFixture(sample.file)),
			});
		},
	);

	it('buffers plain text, which must be checked whole', async () => {
		const text = SAMPLE_INVOICES.find((invoice) => invoice.mediaType === 'text/plain')!;
		const stored = await uploadFromDisk(text.file, text.mediaType);
		expect(stored).toMatchObject({
			mediaType: 'text/plain',
			sha256: sha256(loadFixture(text.file)),
		});
	});

	it('opens a new stream for the retry after a revoked token, never a consumed one', async () => {
		// Over 1 MiB, so that it is streamed (smaller stored files are read whole).
		const bytes = Buffer.concat([...paddedPdf(1024 * 1024 + 4096, 'revoked-token-test')]);
		const sample = goodInvoices().find((invoice) => invoice.mediaType === 'application/pdf')!;
		await uploadFromDisk(sample.file, sample.mediaType);
		gini.revokeAllTokens();
		gini.resetCounters();
		await setBinaryMode('filesystem');
		const [document] = outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini, USER),
				parameters: { resource: 'document', operation: 'upload', binaryPropertyName: 'data' },
				items: [await binaryItem(bytes, 'large.pdf', 'application/pdf')],
				binaryMode: 'filesystem',
			}),
		);
		expect(gini.counters().requests.byRoute['POST /documents']).toBe(2); // 401, then the retry
		expect(gini.documents().find((stored) => stored.id === document.documentId)?.sha256).toBe(
			sha256(bytes),
		);
	});

	it('refuses a lying type before streaming anything', async () => {
		await setBinaryMode('filesystem');
		const png = SAMPLE_INVOICES.find((invoice) => invoice.mediaType === 'image/png')!;
		const result = await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini, USER),
			parameters: {
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
			},
			items: [await binaryItem(loadFixture(png.file), 'x.pdf', 'application/pdf')],
			binaryMode: 'filesystem',
		});
		expect(result.error?.message).toContain('declared as a PDF but it is a PNG image');
		expect(gini.counters().requests.byRoute['POST /documents'] ?? 0).toBe(0);
	});

	describe('reads of the binary store per upload', () => {
		function countReads() {
			const service = Container.get(BinaryDataService);
			const spies = {
				metadata: jest.spyOn(service, 'getMetadata'),
				stream: jest.spyOn(service, 'getAsStream'),
				buffer: jest.spyOn(service, 'getAsBuffer'),
			};
			return {
				counts: () => ({
					metadata: spies.metadata.mock.calls.length,
					stream: spies.stream.mock.calls.length,
					buffer: spies.buffer.mock.calls.length,
				}),
				restore: () => Object.values(spies).forEach((spy) => spy.mockRestore()),
			};
		}

		it('reads a small stored PDF in one read', async () => {
			const sample = goodInvoices().find((invoice) => invoice.mediaType === 'application/pdf')!;
			await setBinaryMode('filesystem');
			const reads = countReads();
			try {
				const stored = await uploadFromDisk(sample.file, sample.mediaType);
				expect(stored?.sha256).toBe(sha256(loadFixture(sample.file)));
				expect(reads.counts()).toEqual({ metadata: 0, stream: 0, buffer: 1 });
			} finally {
				reads.restore();
			}
		});

		it('streams a stored PDF over 1 MiB, never reading it whole', async () => {
			await setBinaryMode('filesystem');
			const bytes = Buffer.concat([...paddedPdf(1024 * 1024 + 4096, 'streaming-test')]);
			const item = await binaryItem(bytes, 'large.pdf', 'application/pdf');
			const reads = countReads();
			try {
				const [document] = outputJson(
					await runGini({
						mode: 'userCenter',
						credential: userCenterCredential(gini, USER),
						parameters: { resource: 'document', operation: 'upload', binaryPropertyName: 'data' },
						items: [item],
						binaryMode: 'filesystem',
					}),
				);
				expect(gini.documents().find((stored) => stored.id === document.documentId)?.sha256).toBe(
					sha256(bytes),
				);
				expect(reads.counts()).toMatchObject({ buffer: 0, stream: 2 }); // the first bytes, then the body
			} finally {
				reads.restore();
			}
		});
	});
});
