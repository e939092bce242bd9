import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locationOf, payApiRequest, type GiniResponse, type GiniSession, type GiniUser } from '../../transport';

/** The absolute URL of one document, from its ID or from a `Location`/`_links.document` URL Gini returned. */
export function documentUrl(
	ctx: IExecuteFunctions,
	session: GiniSession,
	idOrUrl: string,
): string {
	const value = idOrUrl.trim();
	const prefix = `${session.payApiUrl}/documents/`;
	if (/^https?:\/\//i.test(value)) {
		// Only follow URLs on the configured Pay API: the request will carry the user's credentials.
		if (!value.startsWith(prefix)) {
			throw new NodeOperationError(ctx.getNode(), `The URL is not a document of the configured Pay API`, {
				itemIndex: session.itemIndex,
				description: `Expected a URL starting with ${prefix}`,
			});
		}
		return value.replace(/[?#].*$/, '');
	}
	if (!/^[A-Za-z0-9-]{1,100}$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), 'The document ID is empty or malformed', {
			itemIndex: session.itemIndex,
			description: 'Give the ID of a Gini document (a UUID) or its URL.',
		});
	}
	return `${prefix}${value}`;
}

export function createdLocation(
	ctx: IExecuteFunctions,
	session: GiniSession,
	response: GiniResponse,
): string {
	const location = locationOf(response, session.payApiUrl);
	if (!location) {
		throw new NodeOperationError(ctx.getNode(), 'Gini created the document but sent no Location header', {
			itemIndex: session.itemIndex,
		});
	}
	return documentUrl(ctx, session, location);
}

export async function fetchDocument(
	ctx: IExecuteFunctions,
	session: GiniSession,
	user: GiniUser,
	url: string,
): Promise<IDataObject> {
	const response = await payApiRequest(ctx, session, user, { method: 'GET', url }, 'Reading the document');
	return response.body as IDataObject;
}
