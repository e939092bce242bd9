// GET /documents (docs/gini-api.md §4.2) in the two readings Gini's documentation allows: today's page
// ('docs': `next` cursor, `offset` ignored, no `totalCount`, a page size cap, an order the page does
// not state) and the older one every mobile SDK was written against ('legacy': `offset`/`limit`,
// `totalCount`, newest first).
import type { EmulatorState, Handler } from './context.cts';
import { principalOf } from './context.cts';
import { documentJson } from './documents.cts';
import { HttpError } from './http.cts';
import type { ListingOptions, ListingProfileName } from './types.cts';

export type ResolvedListing = EmulatorState['listing'];

/** Largest page of the 'docs' profile: Gini documents no cap, so one is assumed to catch clients that need none. */
export const DOCS_MAX_LIMIT = 50;

export function resolveListing(options: ListingProfileName | ListingOptions = {}): ResolvedListing {
	const given: ListingOptions = typeof options === 'string' ? { profile: options } : options;
	const profile = given.profile ?? 'docs';
	if (profile !== 'docs' && profile !== 'legacy')
		throw new Error(`Unknown listing profile ${String(profile)}`);
	const order = given.order ?? 'newestFirst';
	if (order !== 'newestFirst' && order !== 'oldestFirst')
		throw new Error(`Unknown listing order ${String(order)}`);
	return {
		profile,
		order,
		maxLimit:
			'maxLimit' in given ? given.maxLimit : profile === 'docs' ? DOCS_MAX_LIMIT : undefined,
		creationDateStepMs: given.creationDateStepMs,
		partialsListed: given.partialsListed ?? true,
		partialsLinkComposites: given.partialsLinkComposites ?? true,
		maxListRequests: given.maxListRequests,
	};
}

function integerParam(url: URL, name: string, fallback: number, min: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < min) {
		throw new HttpError(400, `Query parameter ${name} must be an integer >= ${min}`);
	}
	return Number(raw);
}

/**
 * 'docs': `next` is a creation date; newest first the page holds documents created strictly before
 * it, oldest first strictly after it; 0 (the default) starts at the beginning. `offset` is ignored.
 * 'legacy': `offset` skips that many documents; `next` is ignored; `totalCount` counts them all.
 */
export const listDocuments: Handler = async (ctx) => {
	const { listing } = ctx.state;
	if (listing.maxListRequests !== undefined) {
		ctx.state.listRequests += 1;
		if (ctx.state.listRequests > listing.maxListRequests) {
			throw new HttpError(
				400,
				`Emulator test guard: more than ${listing.maxListRequests} GET /documents requests`,
			);
		}
	}
	const asked = integerParam(ctx.url, 'limit', 20, 1);
	const limit = listing.maxLimit === undefined ? asked : Math.min(asked, listing.maxLimit);
	const owner = principalOf(ctx).user.key;
	const direction = listing.order === 'newestFirst' ? -1 : 1;
	const mine = [...ctx.state.store.documents.values()]
		.filter((document) => document.owner === owner)
		.filter((document) => listing.partialsListed || document.kind !== 'partial')
		.sort((a, b) => direction * (a.creationDate - b.creationDate));
	if (listing.profile === 'legacy') {
		const offset = integerParam(ctx.url, 'offset', 0, 0);
		const page = mine.slice(offset, offset + limit);
		return {
			status: 200,
			json: {
				totalCount: mine.length,
				documents: page.map((document) => documentJson(ctx.state, document)),
			},
		};
	}
	const next = integerParam(ctx.url, 'next', 0, 0);
	const after = (date: number) => (direction < 0 ? date < next : date > next);
	const page = mine
		.filter((document) => next === 0 || after(document.creationDate))
		.slice(0, limit);
	return {
		status: 200,
		json: { documents: page.map((document) => documentJson(ctx.state, document)) },
	};
};
