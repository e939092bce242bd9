import type { IDataObject } from 'n8n-workflow';

import { payApiRequest, type GiniContext, type GiniSession, type GiniUser } from '../../transport';

export interface DocumentsPage {
	/** Newest first (gini-api.md §4.2). */
	documents: IDataObject[];
	/** All of the user's documents, when Gini says (the SDK models read it, §4.2). */
	totalCount?: number;
}

/**
 * One page of the user's documents. Paged with `offset`/`limit` as every SDK does; the newer `next` cursor is
 * documented but not confirmed for the Pay API (gini-api.md §4.2, §9).
 */
export async function listDocumentsPage(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	offset: number,
	limit: number,
): Promise<DocumentsPage> {
	const response = await payApiRequest(
		ctx,
		session,
		user,
		{ method: 'GET', url: `${session.payApiUrl}/documents`, qs: { offset, limit }, expect: 'documentList' },
		'Listing documents',
	);
	const body = (response.body ?? {}) as { documents?: IDataObject[]; totalCount?: number };
	return {
		documents: Array.isArray(body.documents) ? body.documents : [],
		totalCount: typeof body.totalCount === 'number' ? body.totalCount : undefined,
	};
}
