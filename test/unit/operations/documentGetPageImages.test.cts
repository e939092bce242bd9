/**
 * Document > Get Page Images alone, with a fake client (test/harness/fake-client.cts): which links it follows, in
 * which order, and what it refuses. The engine tests (test/integration/pageImages.test.cts) show the same against the
 * emulator, with real images.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	execute,
	parsePageNumbers,
} from '../../../nodes/GiniPay/actions/document/getPageImages.operation';
import { fakeClient, fakeContext } from '../../harness/fake-client.cts';

const ID = '626626a0-749f-11e2-bfd6-000000000000';
const BASE = 'https://gateway.example/gini';
const URL_ = `${BASE}/documents/${ID}`;
/** Gini names its own host in its links, whatever base the node talks to (docs/gini-api.md §1.4). */
const GINI = `https://pay-api.gini.net/documents/${ID}`;

function context(parameters: IDataObject): IExecuteFunctions {
	const prepareBinaryData = async (data: Buffer, fileName: string, mimeType: string) =>
		({ data: data.toString('base64'), fileName, mimeType }) as IBinaryData;
	return Object.assign(fakeContext(parameters), { helpers: { prepareBinaryData } });
}

function gini(document: IDataObject, pages: IDataObject[]) {
	const asked: string[] = [];
	const client = fakeClient({
		document: { id: ID, url: URL_ },
		documents: {
			get: async (url: string) => {
				asked.push(`document ${url}`);
				return document;
			},
			url: (link: string) => `${BASE}/documents/${link.split('/').pop()}`,
			pages: async (url: string) => {
				asked.push(`pages ${url}`);
				return pages;
			},
			pageImage: async (url: string) => {
				asked.push(`image ${url}`);
				return Buffer.from(url);
			},
		},
	});
	return { client, asked };
}

const page = (n: number, images: IDataObject = { medium: `${GINI}/pages/${n}/medium` }) => ({
	pageNumber: n,
	images,
});
const DOCUMENT = { id: ID, name: 'Rechnung März.pdf', pageCount: 2, progress: 'COMPLETED' };

describe('parsePageNumbers', () => {
	it.each<[string, number[]]>([
		['1', [1]],
		['1,3', [1, 3]],
		[' 3 , 1 ', [3, 1]],
		['2-4', [2, 3, 4]],
		['1, 2 - 3, 2', [1, 2, 3]],
		['1,,2,', [1, 2]],
	])('%j is %j', (text, pages) => {
		expect(parsePageNumbers(text)).toEqual(pages);
	});

	it.each(['', ' , ', '0', '4-2', 'one', '1.5', '-1', '1-', '10000'])('refuses %j', (text) => {
		expect(typeof parsePageNumbers(text)).toBe('string');
	});
});

describe('Document > Get Page Images', () => {
	it('reads the pages list named by _links.pages and each image from its link, on the configured base', async () => {
		const { client, asked } = gini({ ...DOCUMENT, _links: { pages: `${GINI}/pages` } }, [
			page(2),
			page(1),
		]);
		const [out] = await execute.call(context({ pages: 'all' }), client, 0);
		expect(asked).toEqual([
			`document ${URL_}`,
			`pages ${URL_}/pages`,
			`image ${URL_}/pages/1/medium`,
			`image ${URL_}/pages/2/medium`,
		]);
		expect(out.json).toEqual({
			documentId: ID,
			pageCount: 2,
			pages: [
				{ pageNumber: 1, binaryField: 'page_1', size: 'medium' },
				{ pageNumber: 2, binaryField: 'page_2', size: 'medium' },
			],
		});
		expect(out.binary?.page_2).toMatchObject({
			fileName: 'Rechnung-März-page-2.jpg',
			mimeType: 'image/jpeg',
		});
	});

	it('takes the legacy image key when Gini names only that one', async () => {
		const legacy = {
			'750x900': `${GINI}/pages/1/750x900`,
			'1280x1810': `${GINI}/pages/1/1280x1810`,
		};
		const { client, asked } = gini(DOCUMENT, [page(1, legacy)]);
		await execute.call(context({ imageSize: 'large' }), client, 0);
		expect(asked.at(-1)).toBe(`image ${URL_}/pages/1/1280x1810`);
	});

	it('refuses an image link that names another document, and reads nothing there', async () => {
		const other = `https://pay-api.gini.net/documents/${ID.replace('626', '727')}/pages/1/medium`;
		const { client, asked } = gini(DOCUMENT, [page(1, { medium: other })]);
		await expect(execute.call(context({}), client, 0)).rejects.toThrow(
			`Gini's link to the image of page 1 names no page image of document ${ID}`,
		);
		expect(asked.filter((line) => line.startsWith('image'))).toEqual([]);
	});

	it('refuses a document Gini could not process before reading its pages', async () => {
		const { client, asked } = gini({ ...DOCUMENT, progress: 'ERROR' }, [page(1)]);
		await expect(execute.call(context({}), client, 0)).rejects.toThrow(
			`Gini could not process document ${ID}, so it has no page images`,
		);
		expect(asked).toEqual([`document ${URL_}`]);
	});

	it('says that Gini processes only the first pages when a listed page is beyond them', async () => {
		const pages = Array.from({ length: 10 }, (_, index) => page(index + 1));
		const { client } = gini({ ...DOCUMENT, pageCount: 12 }, pages);
		const refused = execute.call(context({ pages: 'list', pageNumbers: '11' }), client, 0);
		await expect(refused).rejects.toThrow(`Document ${ID} has no page image of page 11`);
		await expect(refused).rejects.toMatchObject({
			description: expect.stringContaining('of its 12 pages: Gini processes only the first 10'),
		});
	});

	it('refuses an empty binary field name and a timeout out of bounds before asking Gini', async () => {
		const { client, asked } = gini(DOCUMENT, [page(1)]);
		await expect(
			execute.call(context({ options: { binaryPropertyName: ' ' } }), client, 0),
		).rejects.toThrow("'Put Output Files in Field' is empty");
		await expect(execute.call(context({ options: { timeout: 0 } }), client, 0)).rejects.toThrow(
			"'Timeout (Seconds)' must be more than 0 and at most 3600",
		);
		expect(asked).toEqual([]);
	});
});
