/** Bad uploads: files, pages, rotations, metadata, document type, wait timeout. */
import { loadFixture, SAMPLE_INVOICES } from '../../fixtures/invoices.cts';
import { binaryItem } from '../../harness/index.cts';
import { byJson, pdfItem, upload, withBadItem, type BadInputCase } from './kit.cts';

const MiB = 1024 * 1024;
const png = SAMPLE_INVOICES.find((sample) => sample.mediaType === 'image/png')!;

export const uploads: BadInputCase[] = [
	{
		name: 'missing binary property',
		parameters: { ...upload, binaryPropertyName: byJson('field') },
		items: async () => [
			await pdfItem('a', { field: 'data' }),
			await pdfItem('b', { field: 'attachment' }),
			await pdfItem('c', { field: 'data' }),
		],
		error: 'operation',
		message: "The item has no binary field 'attachment' [item 1]",
	},
	{
		name: '0-byte file',
		parameters: upload,
		items: async () =>
			await withBadItem(await binaryItem(Buffer.alloc(0), 'empty.pdf', 'application/pdf')),
		error: 'operation',
		message: 'The file is empty (0 bytes) (binary field "data")',
	},
	{
		name: 'file of 10 MiB',
		parameters: upload,
		items: async () => {
			const big = Buffer.alloc(10 * MiB);
			Buffer.from('%PDF-1.4\n').copy(big);
			return await withBadItem(await binaryItem(big, 'big.pdf', 'application/pdf'));
		},
		error: 'operation',
		message: 'The file is 10.0 MiB; Gini accepts files under 10 MiB',
	},
	{
		name: 'plain text of 512 KiB',
		parameters: upload,
		items: async () =>
			await withBadItem(await binaryItem(Buffer.alloc(512 * 1024, 'a'), 'long.txt', 'text/plain')),
		error: 'operation',
		message: 'Gini accepts plain text under 512 KiB',
	},
	{
		name: 'unsupported type',
		parameters: upload,
		items: async () =>
			await withBadItem(
				await binaryItem(Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3, 4]), 'a.zip', 'application/zip'),
			),
		error: 'operation',
		message: 'which Gini cannot read',
	},
	{
		name: 'binary whose declared type lies',
		parameters: upload,
		items: async () =>
			await withBadItem(await binaryItem(loadFixture(png.file), 'x.pdf', 'application/pdf')),
		error: 'operation',
		message: 'declared as a PDF but it is a PNG image',
	},
	{
		name: 'document type Gini does not know',
		parameters: { ...upload, options: { docType: byJson('docType') } },
		items: async () =>
			await withBadItem(await pdfItem('typed', { docType: 'Banana' }), { docType: 'Invoice' }),
		error: 'api',
		message: 'answered 400 (Unknown doctype',
	},
	{
		name: 'metadata name with a space',
		parameters: {
			...upload,
			options: { metadata: { entry: [{ name: byJson('meta'), value: 'x' }] } },
		},
		items: async () =>
			await withBadItem(await pdfItem('meta', { meta: 'Branch Id' }), { meta: 'BranchId' }),
		error: 'operation',
		message: 'Metadata "Branch Id" is not valid',
	},
	{
		name: 'metadata value that is not ASCII',
		parameters: {
			...upload,
			options: { metadata: { entry: [{ name: 'City', value: byJson('city') }] } },
		},
		items: async () =>
			await withBadItem(await pdfItem('city', { city: 'Zürich' }), { city: 'Zurich' }),
		error: 'operation',
		message: 'Metadata "City" is not valid',
	},
	{
		name: 'rotation that is not a multiple of 90',
		parameters: { ...upload, options: { rotations: byJson('rotations') } },
		items: async () =>
			await withBadItem(await pdfItem('rotated', { rotations: '45' }), { rotations: '90' }),
		error: 'operation',
		message: '"45" is not a rotation',
	},
	{
		name: 'more rotations than pages',
		parameters: { ...upload, options: { rotations: byJson('rotations') } },
		items: async () =>
			await withBadItem(await pdfItem('rotations', { rotations: '0, 90' }), { rotations: '0' }),
		error: 'operation',
		message: '2 rotations given for 1 pages',
	},
	{
		name: 'more than 10 pages',
		parameters: { ...upload, pages: 'all' },
		items: async () => {
			const item = await pdfItem('page-0', {}, 'page0');
			for (let page = 1; page <= 10; page++) {
				item.binary![`page${page}`] = (await pdfItem(`page-${page}`, {}, 'data')).binary!.data;
			}
			return await withBadItem(item);
		},
		error: 'operation',
		message: '11 pages is more than Gini processes (10)',
	},
	{
		name: 'an empty list of page fields',
		parameters: { ...upload, pages: 'listed', binaryPropertyNames: byJson('pages') },
		items: async () =>
			await withBadItem(await pdfItem('listed', { pages: ' , ' }), { pages: 'data' }),
		error: 'operation',
		message: 'No binary fields to upload',
	},
	{
		name: 'negative timeout for Wait for Extractions (nothing uploaded for the item)',
		parameters: { ...upload, waitForExtractions: true, timeout: byJson('timeout') },
		items: async () =>
			await withBadItem(await pdfItem('never-uploaded', { timeout: -5 }), { timeout: 30 }),
		error: 'operation',
		message: "'Timeout (Seconds)' must be more than 0 and at most 3600",
		afterwards: ({ gini }) =>
			expect(gini.documents().filter((document) => document.name === 'never-uploaded.pdf')).toEqual(
				[],
			),
	},
];
