import type { IExecuteFunctions } from 'n8n-workflow';
import { withErrorFields } from '../shared/errorFields';

/**
 * The documents a run of the node created, by item, in the order Gini confirmed them. n8n drops the whole output of
 * a node that fails, so an error that fails the run must name them: otherwise a rerun uploads them again. Kept per
 * execution context (one per run of the node), not in the items: an operation records a document the moment Gini
 * confirms it, whatever happens to the item afterwards.
 */
const runs = new WeakMap<IExecuteFunctions, Map<number, string[]>>();

function documentsOf(ctx: IExecuteFunctions): Map<number, string[]> {
	let documents = runs.get(ctx);
	if (!documents) {
		documents = new Map();
		runs.set(ctx, documents);
	}
	return documents;
}

/** The description with the sentences after it, the description closed with a full stop first if it has none. */
function appendSentences(description: string, sentences: string[]): string {
	const start = description.trim();
	const closed = start === '' || /[.!?)]$/.test(start) ? start : `${start}.`;
	return [closed, ...sentences].filter(Boolean).join(' ');
}

/** Records a document Gini confirmed it created for the item. */
export function recordCreated(ctx: IExecuteFunctions, itemIndex: number, documentId: string): void {
	const documents = documentsOf(ctx);
	const item = documents.get(itemIndex) ?? [];
	if (!item.includes(documentId)) item.push(documentId);
	documents.set(itemIndex, item);
}

/** The documents the item created, or (without an item) the run, in item order. */
export function createdDocuments(ctx: IExecuteFunctions, itemIndex?: number): string[] {
	const documents = documentsOf(ctx);
	if (itemIndex !== undefined) return [...(documents.get(itemIndex) ?? [])];
	return [...documents.entries()].sort(([one], [other]) => one - other).flatMap(([, ids]) => ids);
}

/**
 * Puts the documents on the error as `documentIds`, and in its description unless it names them all already. `run`
 * says whether the error fails the run (n8n then drops the output of every item) or only becomes its item's error
 * item.
 */
export function withCreatedDocuments<T extends Error & { description?: string | null }>(
	error: T,
	documentIds: string[],
	run: boolean,
): T & { documentIds?: string[] } {
	// Documents the error names already (the pages of a failed multi-page upload) stay in the list.
	const earlier = (error as { documentIds?: unknown }).documentIds;
	documentIds = [
		...new Set([...(Array.isArray(earlier) ? (earlier as string[]) : []), ...documentIds]),
	];
	if (documentIds.length === 0) return error;
	const named = withErrorFields(error, { documentIds });
	const description = named.description ?? '';
	if (documentIds.every((id) => description.includes(id))) return named;
	const who = run ? 'this run' : 'this item';
	const one = documentIds.length === 1;
	const note = [
		one
			? `Before it failed, ${who} uploaded document ${documentIds[0]} to Gini.`
			: `Before it failed, ${who} uploaded ${documentIds.length} documents to Gini: ${documentIds.join(', ')}.`,
		run
			? `${one ? 'It is' : 'They are'} in no output: n8n drops the output of a node that fails.`
			: '',
		`Get ${one ? 'its' : 'their'} extractions with Document > Get Extractions rather than uploading ${one ? 'the file' : 'the files'} again.`,
	];
	named.description = appendSentences(description, note);
	return named;
}

/** At most this many other failed items are described in the error that fails the run. */
const OTHER_FAILURES_SHOWN = 5;

/**
 * Items in flight beside the first failing one may have failed too; their errors are lost with the run. The error
 * that fails it says which items they were and what they said, with what they knew of a document Gini may hold (an
 * upload whose answer was lost).
 */
export function withOtherFailures<T extends Error & { description?: string | null }>(
	error: T,
	others: Array<[number, Error]>,
): T {
	if (others.length === 0) return error;
	const lines = others.slice(0, OTHER_FAILURES_SHOWN).map(([itemIndex, other]) => {
		const details = other as Error & {
			documentId?: string;
			candidateDocumentIds?: string[];
			uploadMayExist?: boolean;
		};
		const known = [
			details.documentId ? `document ${details.documentId}` : '',
			details.candidateDocumentIds?.length
				? `possibly one of ${details.candidateDocumentIds.join(', ')}`
				: '',
			details.uploadMayExist ? 'Gini may hold its file' : '',
		].filter(Boolean);
		return `Item ${itemIndex} failed too: ${other.message.replace(/\.$/, '')}${known.length > 0 ? ` (${known.join('; ')})` : ''}.`;
	});
	if (others.length > OTHER_FAILURES_SHOWN) {
		lines.push(`${others.length - OTHER_FAILURES_SHOWN} more items failed.`);
	}
	error.description = appendSentences(error.description ?? '', lines);
	return error;
}
