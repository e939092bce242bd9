/**
 * Gini's links (`Location` headers, `_links`, `partialDocuments[].document`, ...) are absolute URLs on the host Gini
 * thinks it serves (docs/gini-api.md §1.4, §4.1). Behind a gateway or proxy that is not the base URL the node talks to.
 * Gini's Android SDK therefore never follows a link as written: it keeps only the link's path and puts it on the
 * configured base (core-api-library DocumentRemoteSource.kt, `uriRelativeToBaseUri`). The node does the same, one
 * step stricter: only the resource's own part of the path (`documents/<id>`) is kept, so that a base URL with a path
 * prefix (`https://gateway.example/gini`) works, and anything that is not the resource itself (a sub-resource such as
 * `<id>/extractions`, another collection) is refused. Every request then goes to the configured base, so the
 * credentials never follow a link to another host.
 */

export interface LinkRule {
	/** The collection's path below the API root, e.g. `documents` or `api/users`. */
	collection: string;
	/** Sub-resources that still name the resource, e.g. `payment` for `paymentRequests/<id>/payment`. */
	suffixes?: string[];
}

export const DOCUMENT_LINK: LinkRule = { collection: 'documents' };
export const PAYMENT_REQUEST_LINK: LinkRule = {
	collection: 'paymentRequests',
	suffixes: ['payment'],
};
export const USER_LINK: LinkRule = { collection: 'api/users' };

/** Gini's ids are UUIDs; letters, digits and dashes are all a path segment may hold here. */
export const RESOURCE_ID = /^[A-Za-z0-9-]{1,100}$/;

const SCHEME = /^[A-Za-z][A-Za-z\d+.-]*:/;

/** The decoded segments of a link's path (query and fragment dropped), or undefined when it is no usable link. */
function pathSegments(link: string): string[] | undefined {
	const text = link.trim();
	if (!text) return undefined;
	if (SCHEME.test(text) && !/^https?:/i.test(text)) return undefined;
	// A relative link ("/documents/<id>", "documents/<id>") is a path below the API root; the placeholder host is
	// never used, only the parsed path.
	const base = 'http://link.invalid/';
	if (!URL.canParse(text, base)) return undefined;
	const segments = new URL(text, base).pathname.split('/');
	if (segments[0] === '') segments.shift();
	// One trailing slash is the same resource ("/documents/<id>/").
	if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
	const decoded: string[] = [];
	for (const segment of segments) {
		try {
			decoded.push(decodeURIComponent(segment));
		} catch {
			return undefined;
		}
	}
	return decoded;
}

/**
 * The id of the resource a link names, whatever host and path prefix Gini (or a gateway) put before
 * `<collection>/<id>`; undefined for anything else (a sub-resource, another collection, a malformed id).
 */
export function linkedId(link: string, rule: LinkRule): string | undefined {
	const segments = pathSegments(link);
	if (!segments) return undefined;
	const collection = rule.collection.split('/');
	const suffix =
		segments.length > 0 && rule.suffixes?.includes(segments[segments.length - 1]) ? 1 : 0;
	const end = segments.length - suffix;
	const start = end - 1 - collection.length;
	if (start < 0) return undefined;
	for (const [index, name] of collection.entries()) {
		if (segments[start + index] !== name) return undefined;
	}
	const id = segments[end - 1];
	return RESOURCE_ID.test(id) ? id : undefined;
}

/** An id as given, or the id a link names (see linkedId); undefined when it is neither. */
export function idOrLinkedId(value: string, rule: LinkRule): string | undefined {
	const text = value.trim();
	return RESOURCE_ID.test(text) ? text : linkedId(text, rule);
}

/** The resource's URL on the configured base (which has no trailing slash), e.g. `<base>/documents/<id>`. */
export function resourceUrl(base: string, rule: LinkRule, id: string): string {
	return `${base}/${rule.collection}/${id}`;
}

/** A link rebased on the configured base by its path; undefined when it names no such resource. */
export function rebaseLink(link: string, base: string, rule: LinkRule): string | undefined {
	const id = linkedId(link, rule);
	return id === undefined ? undefined : resourceUrl(base, rule, id);
}

/** The segments below a document that a page link may have: `pages`, and `pages/<n>/<size>` (docs/gini-api.md §4.8). */
const PAGE_LINK_TAILS: ReadonlyArray<readonly RegExp[]> = [
	[/^pages$/],
	[/^pages$/, /^[1-9]\d{0,3}$/, /^[A-Za-z0-9]{1,20}$/],
];

/**
 * A link Gini wrote below a document (`_links.pages`, an image of the pages list: `.../documents/<id>/pages/1/medium`)
 * rebased on that document's URL on the configured base, as `rebaseLink` does for the document itself; undefined
 * when it names another document or anything but the pages list or a page image.
 */
export function rebasePageLink(
	link: string,
	document: { id: string; url: string },
): string | undefined {
	const segments = pathSegments(link);
	if (!segments) return undefined;
	for (const tail of PAGE_LINK_TAILS) {
		const head = segments.length - tail.length;
		if (head < 2) continue;
		if (segments[head - 2] !== DOCUMENT_LINK.collection || segments[head - 1] !== document.id)
			continue;
		const rest = segments.slice(head);
		if (rest.every((segment, index) => tail[index].test(segment))) {
			return `${document.url}/${rest.join('/')}`;
		}
	}
	return undefined;
}
