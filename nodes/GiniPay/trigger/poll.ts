import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { openGini, type AuthMode, type GiniClient, type UserOverride } from '../api/client';
import { extractionsOutput } from '../api/extractions';
import { creationDateOf } from '../shared/listing';
import { documentHead, paymentItem } from '../shared/paymentItem';
import { fingerprint } from '../shared/tokenCache';
import { pollBudget, type PollBudget } from './budget';
import {
	MAX_FAILED_POLLS,
	isLastAttempt,
	newestFinished,
	pendingToFetch,
	planPoll,
	settle,
	startState,
	emissionOrder,
	type DocumentStatus,
	type ListingOutcome,
	type Pass,
	type TriggerState,
} from './pollState';
import { readState, storedState } from './storedState';
import { errorFields } from '../shared/errorFields';

/** The key of the position in the node's static data. */
export const POSITION_KEY = 'position';

/** How far "fetch test event" looks for a finished document (when Gini lists newest first). */
const TEST_EVENT_SCAN = 300;

/** One poll: its Gini client and what the trigger's fields ask for. */
interface Watch {
	gini: GiniClient;
	ctx: IPollFunctions;
	includeExtractions: boolean;
	simplify: boolean;
	/** n8n's time budget for the poll; none for "fetch test event". */
	budget?: PollBudget;
}

function isOutOfTime(watch: Watch): boolean {
	return watch.budget?.isOver() ?? false;
}

function isOutOfListingTime(watch: Watch): boolean {
	return watch.budget?.isListingOver() ?? false;
}

/** Whether emitting the document takes a request (its extractions). */
function needsExtractions(watch: Watch, document: IDataObject): boolean {
	return watch.includeExtractions && document.progress === 'COMPLETED';
}

/** What the item says about a creationDate that is not a number of ms, or undefined. */
function creationDateNote(document: IDataObject): string | undefined {
	const { creationDate } = document;
	if (typeof creationDate === 'number' && Number.isFinite(creationDate)) return undefined;
	const sent = JSON.stringify(creationDate) ?? 'nothing';
	const date = creationDateOf(creationDate);
	return Number.isFinite(date)
		? `Gini sent the creationDate ${sent} instead of milliseconds; the trigger read it as ${new Date(date).toISOString()}.`
		: `Gini sent the creationDate ${sent}, which is not a date: the trigger emits this document once, after the dated ones, without knowing when it was created.`;
}

/** The id in a document URL (its last path segment), as Gini's `partialDocuments` name them. */
function idOfUrl(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	const segment = url
		.replace(/[?#].*$/, '')
		.replace(/\/+$/, '')
		.split('/')
		.pop();
	if (!segment) return undefined;
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * The ids of pages of multi-page uploads that these documents show: the `partialDocuments` of each
 * composite (docs/gini-api.md §4.1.2, §4.3). Gini may list pages without `compositeDocuments`, so a page
 * is also known by its composite.
 */
function partialIdsOf(documents: Iterable<IDataObject>): Set<string> {
	const ids = new Set<string>();
	for (const document of documents) {
		const { partialDocuments } = document;
		if (!Array.isArray(partialDocuments)) continue;
		for (const entry of partialDocuments as unknown[]) {
			const id = idOfUrl((entry as IDataObject | null)?.document);
			if (id !== undefined) ids.add(id);
		}
	}
	return ids;
}

/**
 * What the trigger needs of a document. A page of a multi-page upload (a partial) is one that
 * carries `compositeDocuments` at all (its parents, possibly none yet, docs/gini-api.md §4.3), or one a
 * composite names in its `partialDocuments`.
 */
function statusOf(document: IDataObject, partialIds: Set<string>): DocumentStatus | undefined {
	const { id, progress } = document;
	if (typeof id !== 'string') return undefined;
	return {
		id,
		creationDate: creationDateOf(document.creationDate),
		progress: typeof progress === 'string' ? progress : '',
		partial: 'compositeDocuments' in document || partialIds.has(id),
	};
}

function statusesOf(
	documents: IDataObject[],
	partialIds = partialIdsOf(documents),
): DocumentStatus[] {
	return documents
		.map((document) => statusOf(document, partialIds))
		.filter((status): status is DocumentStatus => status !== undefined);
}

/**
 * Whose documents the position describes. Another Pay API, client or user makes the stored position
 * meaningless, so it is hashed into the state and a change starts afresh. Holds no secret.
 */
function accountOf(watch: Watch): string {
	const { session, userLabel } = watch.gini;
	const { clientId } = session.settings;
	return fingerprint([session.mode, session.payApiUrl, clientId, userLabel].join('\n'));
}

/**
 * The output item, in the node's one output shape (shared/paymentItem.ts): documentId, fileName, status and the
 * payment fields, as Upload and Get Extractions output them; with Simplify off Gini's document and extractions.
 * A `triggerNote` is added when its creationDate was not a number (also logged as a warning).
 */
async function documentItem(watch: Watch, document: IDataObject): Promise<INodeExecutionData> {
	const { ctx, gini } = watch;
	const note = creationDateNote(document);
	if (note) {
		ctx.logger.warn(`Gini Pay Trigger: document ${String(document.id)}: ${note}`, {
			documentId: document.id,
		});
	}
	const withNote = (json: IDataObject): INodeExecutionData => ({
		json: note ? { ...json, triggerNote: note } : json,
	});
	const head = documentHead(document);
	// A document Gini could not process (ERROR) has no extractions: it goes out with its status.
	if (!needsExtractions(watch, document)) {
		const json = paymentItem({ head, document, simplify: watch.simplify }) as IDataObject;
		if (document.progress === 'ERROR') {
			json.note =
				'Gini could not read this document (damaged, password-protected or of too low quality).';
		}
		return withNote(json);
	}
	const extractions = await gini.documents.extractions(gini.documents.url(String(document.id)));
	return withNote(extractionsOutput(document, extractions, watch.simplify));
}

/**
 * The item for a document Gini failed to return (or its extractions) in MAX_FAILED_POLLS polls: the
 * document's head, and the error as the Gini Pay node's Continue On Fail outputs it.
 */
function failedItem(watch: Watch, document: IDataObject, error: unknown): INodeExecutionData {
	const failure = error as Error;
	const json: IDataObject = {
		...(paymentItem({
			head: documentHead(document),
			document,
			simplify: watch.simplify,
		}) as IDataObject),
		error: `Could not read document ${String(document.id)} in ${MAX_FAILED_POLLS} polls: ${failure.message}`,
		...errorFields(failure),
	};
	return { json };
}

/** A pending document by id, or undefined when it was deleted meanwhile. */
async function fetchIfExists(watch: Watch, id: string): Promise<IDataObject | undefined> {
	const { ctx, gini } = watch;
	try {
		return await gini.documents.get(gini.documents.url(id));
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		// Gini's answers stay NodeApiErrors; anything else leaves as a NodeOperationError.
		throw error instanceof NodeApiError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error);
	}
}

/**
 * "Fetch test event": the newest finished document, without reading or moving the position, so
 * testing the workflow in the editor never changes what the active workflow emits next.
 */
async function testEvent(watch: Watch): Promise<INodeExecutionData[][]> {
	const { ctx, gini } = watch;
	const { documents } = await gini.documents.list({
		enough: (listed) =>
			listed.length >= TEST_EVENT_SCAN ||
			newestFinished(statusesOf(listed as IDataObject[])) !== undefined,
	});
	const found = newestFinished(statusesOf(documents));
	if (found) {
		const document = documents.find((candidate) => candidate.id === found.id) as IDataObject;
		return [[await documentItem(watch, document)]];
	}
	throw new NodeOperationError(ctx.getNode(), 'No processed document yet', {
		description: `Gini has no finished document for ${gini.userLabel || 'this user'}. Upload an invoice (e.g. with the Gini Pay node, Document > Upload) for the same user, then fetch the test event again.`,
	});
}

interface Listed {
	state: TriggerState;
	documents: IDataObject[];
	listing: ListingOutcome;
	/** Set when Gini paged with `offset`: the position of the first document listed. */
	offsetPaging?: { firstOffset: number };
}

/**
 * Lists the documents created at or after the floor (api/listing.ts: whatever order and paging Gini
 * uses), going on where the last poll stopped when a pass is under way (pollState.ts Pass). When the
 * poll's listing time is over it stops (`complete` false); the next poll goes on from there.
 */
async function listSinceFloor(watch: Watch, state: TriggerState): Promise<Listed> {
	const { pass } = state;
	const list = await watch.gini.documents.list({
		since: () => state.floor,
		shouldStop: () => isOutOfListingTime(watch),
		resume: pass && { order: pass.order, date: pass.resumeAt, offset: pass.offset },
	});
	const { complete, order, paging, firstOffset } = list;
	return {
		state,
		documents: list.documents,
		listing: { complete, order },
		offsetPaging: paging === 'offset' ? { firstOffset } : undefined,
	};
}

/**
 * Where the next poll lists from, in Gini's list, when Gini pages only with `offset`: the position
 * of the last document listed before the pass's date (one already handled, so the next answer must
 * start with one: api/listing.ts refuses it otherwise). Undated documents are not counted: a
 * position too far up only lists known documents again.
 */
function resumeOffset(pass: Pass, listed: DocumentStatus[], firstOffset: number): number {
	const before = listed.filter((document) =>
		pass.order === 'newestFirst'
			? document.creationDate > pass.resumeAt
			: document.creationDate < pass.resumeAt,
	).length;
	return Math.max(0, firstOffset + before - 1);
}

/**
 * The listing of a poll, and the position it starts from. On first activation: the newest documents
 * start a position, and nothing is due; with Include Existing Documents the position starts before
 * every document, and the listing is a normal one, within the poll's time.
 */
async function listForPoll(
	watch: Watch,
	stored: TriggerState | undefined,
	account: string,
): Promise<Listed> {
	if (stored) return await listSinceFloor(watch, stored);
	const { ctx, gini } = watch;
	const options = ctx.getNodeParameter('options', {}) as { includeExisting?: boolean };
	if (options.includeExisting === true) {
		return await listSinceFloor(watch, startState(account, [], true));
	}
	const { documents } = await gini.documents.list({
		enough: (listed) => listed.length > 0,
	});
	return {
		state: startState(account, statusesOf(documents), false),
		documents,
		listing: { complete: true, order: 'unknown' },
	};
}

/**
 * One poll: the documents that finished since the last poll, oldest first, or null. Within n8n's
 * poll budget (budget.ts): it lists for the first quarter, emits in the second what it found, and a
 * listing cut short goes on in the next poll (pollState.ts Pass). A failed
 * listing fails the poll, which the next one repeats whole (n8n saves no position for a failed
 * poll), so nothing is emitted twice. A document that cannot be read does not fail the poll: it is
 * tried again on the next ones and emitted with the error after MAX_FAILED_POLLS.
 */
export async function pollFinishedDocuments(
	this: IPollFunctions,
	actingAs: { mode: AuthMode; user: UserOverride },
): Promise<INodeExecutionData[][] | null> {
	const manual = this.getMode() === 'manual';
	const budget = manual ? undefined : pollBudget(this);
	// The poll's Gini client, as the Gini Pay node opens one per item.
	const gini = await openGini(this, { mode: actingAs.mode, itemIndex: 0, policy: budget?.policy });
	gini.actFor(actingAs.user);
	const watch: Watch = {
		gini,
		ctx: this,
		includeExtractions: this.getNodeParameter('includeExtractions', true) as boolean,
		simplify: this.getNodeParameter('simplify', true) as boolean,
		budget,
	};
	if (manual) return await testEvent(watch);

	const staticData = this.getWorkflowStaticData('node');
	const account = accountOf(watch);
	const stored = readState(staticData[POSITION_KEY], account);
	const { state, documents, listing, offsetPaging } = await listForPoll(watch, stored, account);
	const byId = new Map(documents.map((document) => [String(document.id), document]));

	const items: INodeExecutionData[] = [];
	const emitted: string[] = [];
	const failed: string[] = [];
	// One document Gini keeps failing on must not stop the poll: it is tried again on the next
	// polls, then emitted with the error.
	const readFailed = (document: IDataObject, error: unknown): INodeExecutionData | undefined => {
		const id = String(document.id);
		if (!isLastAttempt(state, id)) {
			failed.push(id);
			return undefined;
		}
		this.logger.warn(`Gini Pay Trigger: emitting document ${id} with the error Gini gave`, {
			documentId: id,
			error: (error as Error).message,
		});
		emitted.push(id);
		return failedItem(watch, document, error);
	};

	const fetchedDocuments: IDataObject[] = [];
	const gone: string[] = [];
	const unreadable: Array<[IDataObject, unknown]> = [];
	for (const id of pendingToFetch(state, statusesOf(documents))) {
		// Not fetched: it stays waited for.
		if (isOutOfTime(watch)) continue;
		let document: IDataObject | undefined;
		try {
			document = await fetchIfExists(watch, id);
		} catch (error) {
			unreadable.push([{ id, creationDate: state.pending.get(id) }, error]);
			continue;
		}
		if (!document || typeof document.id !== 'string') {
			gone.push(id);
			continue;
		}
		byId.set(id, document);
		fetchedDocuments.push(document);
	}

	// A page is known as one by any composite listed or fetched in this poll.
	const partialIds = partialIdsOf([...documents, ...fetchedDocuments]);
	const fetched = statusesOf(fetchedDocuments, partialIds);
	const listed = statusesOf(documents, partialIds);
	const plan = planPoll(state, listed, fetched, gone, listing);
	let left = 0;
	// Emitted in the order the poll goes through them, output oldest first.
	const dueItems: Array<[DocumentStatus, INodeExecutionData]> = [];
	const byDue = new Map(plan.due.map((document, index) => [document.id, index]));
	let read = 0;
	for (const status of emissionOrder(plan)) {
		const { id } = status;
		const document = byId.get(id) as IDataObject;
		// Not emitted: `settle` keeps it for the next poll. The first one is read whatever the time
		// (one request, bounded by the budget's policy), so that every poll makes progress, also
		// when listing one page took the poll's whole time.
		if (needsExtractions(watch, document) && isOutOfTime(watch) && read > 0) {
			left += 1;
			continue;
		}
		if (needsExtractions(watch, document)) read += 1;
		try {
			dueItems.push([status, await documentItem(watch, document)]);
			emitted.push(id);
		} catch (error) {
			const item = readFailed(document, error);
			if (item) dueItems.push([status, item]);
		}
	}
	const inOrder = (a: DocumentStatus, b: DocumentStatus) =>
		(byDue.get(a.id) ?? 0) - (byDue.get(b.id) ?? 0);
	items.push(...dueItems.sort(([a], [b]) => inOrder(a, b)).map(([, item]) => item));
	for (const [document, error] of unreadable) {
		const item = readFailed(document, error);
		if (item) items.push(item);
	}

	const next = settle(plan, emitted, failed);
	if (next.pass && offsetPaging) {
		next.pass.offset = resumeOffset(next.pass, listed, offsetPaging.firstOffset);
	}
	if (left > 0 || !listing.complete) {
		this.logger.info(
			`Gini Pay Trigger: n8n's poll time is running out; ${left} finished document(s)${listing.complete ? '' : ' and the rest of the list'} wait for the next poll`,
		);
	}
	staticData[POSITION_KEY] = storedState(next) as unknown as IDataObject;
	return items.length > 0 ? [items] : null;
}
