import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { openGini, type AuthMode, type UserOverride } from '../../api/client';

/** At most this many documents are offered, the newest that match. */
export const SEARCH_RESULTS = 100;
/** At most this many pages of Gini's list are read for one search (PAGE_SIZE documents each). */
const SEARCH_PAGES = 10;

function authModeOf(ctx: ILoadOptionsFunctions): AuthMode {
	const mode = ctx.getNodeParameter('authentication', 'basic') as string;
	return mode === 'jwt' || mode === 'userCenter' ? mode : 'basic';
}

/** A fixed (not an expression) text parameter of the node, trimmed; '' when it is empty or an expression. */
function fixedText(ctx: ILoadOptionsFunctions, name: string): string {
	const raw = ctx.getNode().parameters[name];
	return typeof raw === 'string' && !raw.startsWith('=') ? raw.trim() : '';
}

/**
 * The user whose documents the editor lists: the user the node's User fields name when they are fixed text, else
 * (an expression, which has no item to read in the editor, or empty) the credential's default user.
 */
function listingUser(ctx: ILoadOptionsFunctions, mode: AuthMode): UserOverride {
	if (mode !== 'userCenter') {
		const userIdentifier = fixedText(ctx, 'userIdentifier');
		return userIdentifier ? { userIdentifier } : {};
	}
	const email = fixedText(ctx, 'userEmail');
	const password = ctx.getNode().parameters.userPassword;
	return email && typeof password === 'string' && password && !password.startsWith('=')
		? { email, password }
		: {};
}

/** "invoice.pdf (2026-12-06 11:40 UTC)": the file name and when Gini created the document. */
export function documentLabel(document: IDataObject): string {
	const name =
		typeof document.name === 'string' && document.name ? document.name : String(document.id);
	const created = Number(document.creationDate);
	if (!Number.isFinite(created) || created <= 0) return name;
	return `${name} (${new Date(created).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
}

/**
 * From List of the Document parameter: the user's documents through the node's listing (api/listing.ts, the same
 * transport and credential as a run), newest first, those whose file name holds the search text (any case), up to
 * SEARCH_RESULTS at a time. Gini's list has no search and its cursor does not fit a filtered list, so the token of the
 * next results is the number of matches already shown: the next call lists again and skips them. At most SEARCH_PAGES
 * pages of Gini's list are read for one call; an older document is given By ID.
 */
export async function searchDocuments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const mode = authModeOf(this);
	const gini = await openGini(this, { mode, itemIndex: 0 });
	gini.actFor(listingUser(this, mode));
	const skip = /^\d+$/.test(paginationToken ?? '') ? Number(paginationToken) : 0;
	const needle = (filter ?? '').trim().toLowerCase();
	const matches = (document: { name?: unknown }) =>
		!needle ||
		String(document.name ?? '')
			.toLowerCase()
			.includes(needle);
	let pages = 0;
	const { documents } = await gini.documents.list({
		action: 'Listing documents to choose from',
		// One match more than shown tells whether there is a next page.
		enough: (listed) =>
			listed.filter((document) => matches(document as IDataObject)).length > skip + SEARCH_RESULTS,
		onAnswer: () => {
			pages++;
		},
		shouldStop: () => pages >= SEARCH_PAGES,
	});
	const found = documents.filter(matches);
	const shown = found.slice(skip, skip + SEARCH_RESULTS);
	return {
		results: shown.map((document) => ({
			name: documentLabel(document),
			value: String(document.id),
		})),
		...(found.length > skip + SEARCH_RESULTS
			? { paginationToken: String(skip + SEARCH_RESULTS) }
			: {}),
	};
}
