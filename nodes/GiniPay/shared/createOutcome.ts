/**
 * One rule for every answer to a request that creates something at Gini (an upload, a partial or composite document,
 * a User Center user): did Gini create it, surely not, or nobody can tell? Gini offers no idempotency key and no way
 * to ask "did my request arrive" (docs/gini-api.md §4.1, §5), so an answer that proves neither must never lead to a
 * blind second upload, nor to an error that reads as "nothing happened". Pure: no n8n imports.
 */
import type { Answer } from './answers';
import { findHeader } from './headers';
import { DOCUMENT_LINK, idOrLinkedId, linkedId, type LinkRule } from './links';

export type CreateOutcome =
	/** A 2xx that names what was created. */
	| 'created'
	/** An answer that proves Gini did nothing: sending the request again cannot make a second copy. */
	| 'notCreated'
	/** Anything else: Gini may have created it, and nothing in the answer says so or names it. */
	| 'ambiguous';

/**
 * The statuses that prove nothing was created. Gini documents for an upload 400 ("we reject and don't process files
 * with wrong format or bad quality"), 401 (credentials missing, wrong or outdated: refused before the request is
 * handled), 413, 415, and 503 ("service unavailable, try again later"; Gini's SDKs map it to maintenance), and the
 * User Center 400 for an invalid user or a duplicate e-mail (docs/gini-api.md §3.4, §4.1, §5). 429 is a rate limit,
 * refused before handling (Gini's iOS SDK maps it to `tooManyRequests`). The others are refusals of the request
 * itself before any handler runs (RFC 9110 §15.5): 403 the client may not, 404 and 405 no such resource or method
 * (a wrong base URL), 406 the headers, 411 and 414 and 431 a malformed request.
 *
 * Not here, so ambiguous: 500 (a server error can happen after the document was stored), 502 and 504 (a gateway
 * before Gini that forwarded the request and lost or waited out Gini's answer), 408, 409, 422, any other status, a
 * redirect, and a 2xx that does not name what it created.
 */
export const NOT_CREATED_STATUSES: ReadonlySet<number> = new Set([
	400, 401, 403, 404, 405, 406, 411, 413, 414, 415, 429, 431, 503,
]);

/** Which of the three outcomes `answer` is, where `names` tells whether a 2xx names what it created. */
export function createOutcome(answer: Answer, names: (answer: Answer) => boolean): CreateOutcome {
	const status = answer.statusCode;
	if (status >= 200 && status < 300) return names(answer) ? 'created' : 'ambiguous';
	return NOT_CREATED_STATUSES.has(status) ? 'notCreated' : 'ambiguous';
}

function bodyId(answer: Answer, rule: LinkRule): string | undefined {
	const body = answer.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body))
		return undefined;
	const id = (body as Record<string, unknown>).id;
	return typeof id === 'string' ? idOrLinkedId(id, rule) : undefined;
}

/**
 * The id of the document a 2xx answer to an upload names: its `Location` (docs/gini-api.md §4.1), or else the `id` of
 * the document JSON in its body (a gateway that drops headers, a Gini that answers with the document).
 */
export function namedDocumentId(answer: Answer): string | undefined {
	const location = findHeader(answer.headers, 'location')?.trim();
	const fromLocation = location ? linkedId(location, DOCUMENT_LINK) : undefined;
	return fromLocation ?? bodyId(answer, DOCUMENT_LINK);
}

/** Whether a 2xx answer to an upload names the document it created. */
export function namesDocument(answer: Answer): boolean {
	return namedDocumentId(answer) !== undefined;
}

/** Whether a 2xx answer carries a `Location`: how Gini names what it created (a User Center user, §3.4). */
export function hasLocation(answer: Answer): boolean {
	return Boolean(findHeader(answer.headers, 'location')?.trim());
}
