import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient, ItemDocument, RenderingWait } from '../../api/client';
import { rebasePageLink } from '../../shared/links';
import type { OperationOption } from '../operation';
import { documentIdFields } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Get Page Images',
	action: 'Get page images of a document',
	description: 'Get the pages of a document as JPEG images rendered by Gini, e.g. for a review',
};

const show = { resource: ['document'], operation: ['getPageImages'] };

/** The image sizes, with the current key of Gini's pages list and the older one (docs/gini-api.md §4.8). */
const IMAGE_KEYS = { medium: ['medium', '750x900'], large: ['large', '1280x1810'] } as const;
type ImageSize = keyof typeof IMAGE_KEYS;

const DEFAULT_TIMEOUT_SECONDS = 30;

export const description: INodeProperties[] = [
	...documentIdFields('getPageImages'),
	{
		displayName: 'Pages',
		name: 'pages',
		type: 'options',
		options: [
			{ name: 'All Pages', value: 'all', description: 'Every page Gini made images of' },
			{ name: 'First Page', value: 'first' },
			{ name: 'Page Numbers', value: 'list', description: 'The pages you list' },
		],
		default: 'first',
		description: 'Which pages to get. Gini processes, and makes images of, the first 10 pages.',
		displayOptions: { show },
	},
	{
		displayName: 'Page Numbers',
		name: 'pageNumbers',
		type: 'string',
		default: '1',
		placeholder: 'e.g. 1,3',
		description:
			'The page numbers, separated by commas; a range such as 2-4 counts every page in it',
		displayOptions: { show: { ...show, pages: ['list'] } },
	},
	{
		displayName: 'Image Size',
		name: 'imageSize',
		type: 'options',
		options: [
			{ name: 'Large (1280 × 1810)', value: 'large' },
			{ name: 'Medium (750 × 900)', value: 'medium' },
		],
		default: 'medium',
		description: 'The box Gini fits each page into, keeping its proportions',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Put Output Files in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'page',
				description:
					'The start of the binary fields the images go to: page 1 in "page_1" (with the default), page 2 in "page_2", and so on',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description:
					'How long to wait while Gini is still rendering the page images of a document it is processing',
			},
		],
	},
];

export const onDocument = true;

/** The highest page number a list may name (Gini makes images of the first 10 pages only; the rest is refused later). */
const MAX_LISTED_PAGE = 9999;

/** "1,3", "2-4", "1, 2 - 3": the pages in the order given, each once; a message for anything else. */
export function parsePageNumbers(text: string): number[] | string {
	const pages: number[] = [];
	const parts = text.split(',').map((part) => part.trim());
	if (parts.every((part) => part === '')) return 'No page numbers given';
	for (const part of parts) {
		if (part === '') continue;
		const match = /^(\d{1,4})(?:\s*-\s*(\d{1,4}))?$/.exec(part);
		const from = match ? Number(match[1]) : 0;
		const to = match?.[2] === undefined ? from : Number(match[2]);
		if (!match || from < 1 || to < from || to > MAX_LISTED_PAGE) {
			return `"${part}" is not a page number or a range of page numbers such as 2-4`;
		}
		for (let page = from; page <= to; page++) if (!pages.includes(page)) pages.push(page);
	}
	return pages;
}

interface Choice {
	pages: 'first' | 'all' | 'list';
	listed: number[];
	size: ImageSize;
	prefix: string;
	timeout: number;
}

/** The item's parameters, checked before anything is asked of Gini. */
function choiceOf(ctx: IExecuteFunctions, itemIndex: number): Choice {
	const fail = (message: string, descriptionText?: string) =>
		new NodeOperationError(ctx.getNode(), message, {
			itemIndex,
			...(descriptionText ? { description: descriptionText } : {}),
		});
	const pages = ctx.getNodeParameter('pages', itemIndex, 'first') as string;
	if (pages !== 'first' && pages !== 'all' && pages !== 'list') {
		throw fail(
			`"${String(pages)}" is not a choice of pages`,
			"In 'Pages', choose 'First Page', 'All Pages' or 'Page Numbers'.",
		);
	}
	let listed: number[] = [];
	if (pages === 'list') {
		const text = ctx.getNodeParameter('pageNumbers', itemIndex, '') as unknown;
		const parsed = parsePageNumbers(typeof text === 'number' ? String(text) : String(text ?? ''));
		if (typeof parsed === 'string') {
			throw fail(
				`Invalid page numbers: ${parsed}`,
				"In 'Page Numbers', list pages separated by commas, e.g. 1,3 or 1-2.",
			);
		}
		listed = parsed;
	}
	const size = ctx.getNodeParameter('imageSize', itemIndex, 'medium') as string;
	if (size !== 'medium' && size !== 'large') {
		throw fail(
			`"${String(size)}" is not an image size`,
			"In 'Image Size', choose 'Medium (750 × 900)' or 'Large (1280 × 1810)'.",
		);
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const prefix =
		typeof options.binaryPropertyName === 'string' ? options.binaryPropertyName.trim() : 'page';
	if (prefix === '') throw fail("'Put Output Files in Field' is empty");
	const timeout = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
	if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 3600) {
		throw fail("'Timeout (Seconds)' must be more than 0 and at most 3600");
	}
	return { pages, listed, size, prefix, timeout };
}

/** A page of Gini's pages list, with the document its image links belong to. */
interface ListedPage {
	pageNumber: number;
	images: IDataObject;
	owner: ItemDocument;
	/** A composite's page: the partial document it is. */
	partialDocumentId?: string;
}

/** Gini's pages list of `owner` (docs/gini-api.md §4.8), in page order. */
async function listedPages(
	gini: GiniClient,
	owner: ItemDocument,
	pagesUrl: string,
	wait: RenderingWait,
): Promise<ListedPage[]> {
	return (await gini.documents.pages(pagesUrl, wait))
		.map((page) => ({
			pageNumber: Number(page.pageNumber),
			images: (page.images ?? {}) as IDataObject,
			owner,
		}))
		.sort((one, other) => one.pageNumber - other.pageNumber);
}

/** "invoice.pdf" → "invoice-page-2.jpg"; without a usable name, "<document ID>-page-2.jpg". */
function imageFileName(name: unknown, documentId: string, pageNumber: number): string {
	const base =
		typeof name === 'string'
			? name
					.replace(/\.[A-Za-z0-9]{1,5}$/, '')
					.replace(/[^\p{L}\p{N}._-]+/gu, '-')
					.replace(/^[-.]+|[-.]+$/g, '')
					.slice(0, 100)
			: '';
	return `${base || documentId}-page-${pageNumber}.jpg`;
}

/**
 * The document's page images from Gini (docs/gini-api.md §4.8) as binaries, one item per input item: the document,
 * then Gini's pages list (its `_links.pages`), then each image from its link in that list, rebased on the configured
 * base (shared/links.ts). While Gini is still rendering, both answer 404: the node asks again every second until
 * the timeout.
 */
export async function execute(
	this: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const choice = choiceOf(this, itemIndex);
	const { id: documentId, url } = gini.document;
	const wait = {
		deadline: Date.now() + choice.timeout * 1000,
		seconds: choice.timeout,
		documentId,
	};
	const fail = (message: string, descriptionText: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description: descriptionText });

	const document = await gini.documents.get(url);
	if (document.progress === 'ERROR') {
		throw fail(
			`Gini could not process document ${documentId}, so it has no page images`,
			'Its progress is ERROR: Gini could not read the file.',
		);
	}
	const partials = (
		Array.isArray(document.partialDocuments) ? document.partialDocuments : []
	) as IDataObject[];
	let list: ListedPage[];
	if (partials.length > 0) {
		// A composite has no page images of its own (docs/gini-api.md §4.8): its pages are its partial documents'
		// pages, in the composite's order, numbered on from 1.
		list = [];
		for (const partial of partials) {
			const partialUrl = gini.documents.url(String(partial.document ?? ''));
			const owner = { id: partialUrl.split('/').pop() as string, url: partialUrl };
			for (const page of await listedPages(gini, owner, `${partialUrl}/pages`, wait)) {
				list.push({ ...page, pageNumber: list.length + 1, partialDocumentId: owner.id });
			}
		}
	} else {
		const links = (document._links ?? {}) as IDataObject;
		const pagesUrl =
			(typeof links.pages === 'string' ? rebasePageLink(links.pages, gini.document) : undefined) ??
			`${url}/pages`;
		list = await listedPages(gini, gini.document, pagesUrl, wait);
	}
	if (list.length === 0) {
		throw fail(
			`Gini lists no page images for document ${documentId}`,
			'Gini answered the pages list with no page.',
		);
	}
	const available = list.map((page) => page.pageNumber);
	const wanted =
		choice.pages === 'first' ? [available[0]] : choice.pages === 'all' ? available : choice.listed;
	const missing = wanted.filter((page) => !available.includes(page));
	if (missing.length > 0) {
		const pageCount = Number(document.pageCount);
		throw fail(
			`Document ${documentId} has no page image of page ${missing.join(', ')}`,
			`Gini has images of page${available.length === 1 ? '' : 's'} ${available.join(', ')}` +
				(pageCount > available.length
					? ` of its ${pageCount} pages: Gini processes only the first ${available.length}.`
					: '.'),
		);
	}

	const binary: IBinaryKeyData = {};
	const pages: IDataObject[] = [];
	for (const pageNumber of wanted) {
		const { images, owner, partialDocumentId } = list.find(
			(page) => page.pageNumber === pageNumber,
		)!;
		const link = IMAGE_KEYS[choice.size]
			.map((key) => images[key])
			.find((value): value is string => typeof value === 'string');
		const imageUrl = link === undefined ? undefined : rebasePageLink(link, owner);
		if (imageUrl === undefined) {
			throw fail(
				link === undefined
					? `Gini lists no ${choice.size} image of page ${pageNumber} of document ${documentId}`
					: `Gini's link to the image of page ${pageNumber} names no page image of document ${documentId}`,
				link === undefined
					? `The pages list names ${Object.keys(images).join(', ') || 'no image'} for that page.`
					: `Gini's link: ${link}`,
			);
		}
		const bytes = await gini.documents.pageImage(imageUrl, pageNumber, wait);
		const field = `${choice.prefix}_${pageNumber}`;
		binary[field] = await this.helpers.prepareBinaryData(
			bytes,
			imageFileName(document.name, documentId, pageNumber),
			'image/jpeg',
		);
		pages.push({
			pageNumber,
			binaryField: field,
			size: choice.size,
			...(partialDocumentId ? { partialDocumentId } : {}),
		});
	}
	const pageCount = Number(document.pageCount);
	return [
		{
			json: {
				documentId,
				pageCount: Number.isInteger(pageCount) && pageCount > 0 ? pageCount : list.length,
				pages,
			},
			binary,
		},
	];
}
