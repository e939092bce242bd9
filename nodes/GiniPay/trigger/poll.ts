import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { userOverride } from '../actions/common.descriptions';
import { listDocumentsPage } from '../actions/document/listing';
import { extractionsOutput, fetchExtractions } from '../actions/document/processing';
import { documentUrl, fetchDocument } from '../actions/document/shared';
import { fingerprint } from '../shared/tokenCache';
import { openSession, resolveUser, userLabel, type GiniSession, type GiniUser } from '../transport';
import { pollBudget, type PollBudget } from './budget';
import {
	MAX_FAILED_POLLS,
	isLastAttempt,
	newestFinished,
	pendingToFetch,
	planPoll,
	reachesFloor,
	settle,
	startState,
	type DocumentStatus,
	type TriggerState,
} from './pollState';
import { readState, storedState } from './storedState';

/** The key of the position in the node's static data. */
export const POSITION_KEY = 'position';

/** One request usually covers a poll: the floor trails the newest document by minutes. */
const PAGE_SIZE = 100;
/** How far "fetch test event" looks for a finished document before it gives up. */
const TEST_EVENT_SCAN = 300;

interface Watch {
	ctx: IPollFunctions;
	session: GiniSession;
	user: GiniUser;
	includeExtractions: boolean;
	simplify: boolean;
	/** n8n's time budget for the poll; none for "fetch test event". */
	budget?: PollBudget;
}

function isOutOfTime(watch: Watch): boolean {
	return watch.budget?.isOver() ?? false;
}

/** Whether emitting the document takes a request (its extractions). */
function needsExtractions(watch: Watch, document: IDataObject): boolean {
	return watch.includeExtractions && document.progress === 'COMPLETED';
}

/**
 * Gini's creationDate is a number of ms (gini-api.md §4.3). A string of digits or an ISO 8601 date
 * is read as that date; anything else is NaN, and the document is handled as undated (pollState.ts).
 */
function creationDateOf(value: unknown): number {
	if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
	if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text);
	// Only ISO 8601: Date.parse reads almost any text as some date.
	return /^\d{4}-\d{2}-\d{2}(T|$)/.test(text) ? Date.parse(text) : Number.NaN;
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

/** A partial carries `compositeDocuments` (its parents, possibly none yet), gini-api.md §4.3. */
function statusOf(document: IDataObject): DocumentStatus | undefined {
	const { id, progress } = document;
	if (typeof id !== 'string') return undefined;
	return {
		id,
		creationDate: creationDateOf(document.creationDate),
		progress: typeof progress === 'string' ? progress : '',
		partial: Array.isArray(document.compositeDocuments),
	};
}

function statusesOf(documents: IDataObject[]): DocumentStatus[] {
	return documents.map(statusOf).filter((status): status is DocumentStatus => status !== undefined);
}

/**
 * Whose documents the position describes. Another Pay API, client or user makes the stored position
 * meaningless, so it is hashed into the state and a change starts afresh. Holds no secret.
 */
function accountOf(watch: Watch): string {
	const { session, user } = watch;
	const clientId = String(session.credentials.clientId ?? '');
	return fingerprint([session.mode, session.payApiUrl, clientId, userLabel(user)].join('\n'));
}

/**
 * The output item: the document, plus its extractions as Get Extractions outputs them, plus a
 * `triggerNote` when its creationDate was not a number (also logged as a warning).
 */
async function documentItem(watch: Watch, document: IDataObject): Promise<INodeExecutionData> {
	const { ctx, session, user } = watch;
	const note = creationDateNote(document);
	if (note) {
		ctx.logger.warn(`Gini Pay Trigger: document ${String(document.id)}: ${note}`, {
			documentId: document.id,
		});
	}
	const json = note ? { ...document, triggerNote: note } : document;
	// A document Gini could not process (ERROR) has no extractions: it goes out with its progress.
	if (!needsExtractions(watch, document)) return { json };
	const url = documentUrl(ctx, session, String(document.id));
	const extractions = await fetchExtractions(ctx, session, user, url);
	return { json: { ...json, ...extractionsOutput(document, extractions, watch.simplify) } };
}

/**
 * The item for a document Gini failed to return (or its extractions) in MAX_FAILED_POLLS polls: the
 * document as far as known, and the error as the Gini Pay node's Continue On Fail outputs it.
 */
function failedItem(document: IDataObject, error: unknown): INodeExecutionData {
	const details = error as Error & {
		description?: string | null;
		httpCode?: string | null;
		requestId?: string;
	};
	const json: IDataObject = {
		...document,
		error: `Could not read document ${String(document.id)} in ${MAX_FAILED_POLLS} polls: ${details.message}`,
	};
	if (details.description) json.description = details.description;
	if (details.httpCode) json.httpCode = details.httpCode;
	if (details.requestId) json.requestId = details.requestId;
	return { json };
}

/** A pending document by id, or undefined when it was deleted meanwhile. */
async function fetchIfExists(watch: Watch, id: string): Promise<IDataObject | undefined> {
	const { ctx, session, user } = watch;
	try {
		return await fetchDocument(ctx, session, user, documentUrl(ctx, session, id));
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
	const { ctx, session, user } = watch;
	for (let offset = 0; offset < TEST_EVENT_SCAN; ) {
		const { documents } = await listDocumentsPage(ctx, session, user, offset, PAGE_SIZE);
		const found = newestFinished(statusesOf(documents));
		if (found) {
			const document = documents.find((candidate) => candidate.id === found.id) as IDataObject;
			return [[await documentItem(watch, document)]];
		}
		if (documents.length < PAGE_SIZE) break;
		offset += documents.length;
	}
	throw new NodeOperationError(ctx.getNode(), 'No processed document yet', {
		description: `Gini has no finished document for ${userLabel(user) || 'this user'}. Upload an invoice (e.g. with the Gini Pay node, Document > Upload) for the same user, then fetch the test event again.`,
	});
}

/**
 * Reads the list newest first until it passes the floor, starting a position from the newest page
 * on first activation. Pages may repeat a document when new ones arrive meanwhile; `planPoll`
 * ignores repeats. When the poll's time is over it stops early (`complete` false).
 */
async function listSinceFloor(
	watch: Watch,
	stored: TriggerState | undefined,
	account: string,
): Promise<{ state: TriggerState; documents: IDataObject[]; complete: boolean }> {
	const documents: IDataObject[] = [];
	let state = stored;
	for (let offset = 0; ; ) {
		if (state && isOutOfTime(watch)) return { state, documents, complete: false };
		const page = await listDocumentsPage(watch.ctx, watch.session, watch.user, offset, PAGE_SIZE);
		documents.push(...page.documents);
		const statuses = statusesOf(page.documents);
		if (!state) {
			const options = watch.ctx.getNodeParameter('options', {}) as { includeExisting?: boolean };
			state = startState(account, statuses, options.includeExisting === true);
		}
		offset += page.documents.length;
		if (page.documents.length < PAGE_SIZE || reachesFloor(state, statuses)) {
			return { state, documents, complete: true };
		}
	}
}

/**
 * One poll: the documents that finished since the last poll, oldest first, or null. A failed
 * listing fails the poll, which the next one repeats whole (n8n saves no position for a failed
 * poll), so nothing is emitted twice. A document that cannot be read does not fail the poll: it is
 * tried again on the next ones and emitted with the error after MAX_FAILED_POLLS.
 */
export async function pollFinishedDocuments(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const manual = this.getMode() === 'manual';
	const budget = manual ? undefined : pollBudget(this);
	const session = await openSession(this, 0, budget?.policy);
	const watch: Watch = {
		ctx: this,
		session,
		user: resolveUser(this, session, userOverride(this)),
		includeExtractions: this.getNodeParameter('includeExtractions', true) as boolean,
		simplify: this.getNodeParameter('simplify', true) as boolean,
		budget,
	};
	if (manual) return await testEvent(watch);

	const staticData = this.getWorkflowStaticData('node');
	const account = accountOf(watch);
	const stored = readState(staticData[POSITION_KEY], account);
	const { state, documents, complete } = await listSinceFloor(watch, stored, account);
	const byId = new Map(documents.map((document) => [String(document.id), document]));

	const items: INodeExecutionData[] = [];
	const emitted: string[] = [];
	const failed: string[] = [];
	// One document Gini keeps failing on must not stop the poll: it is tried again on the next
	// polls, then emitted with the error.
	const readFailed = (document: IDataObject, error: unknown) => {
		const id = String(document.id);
		if (!isLastAttempt(state, id)) {
			failed.push(id);
			return;
		}
		this.logger.warn(`Gini Pay Trigger: emitting document ${id} with the error Gini gave`, {
			documentId: id,
			error: (error as Error).message,
		});
		items.push(failedItem(document, error));
		emitted.push(id);
	};

	const fetched: DocumentStatus[] = [];
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
		const status = document && statusOf(document);
		if (!document || !status) {
			gone.push(id);
			continue;
		}
		byId.set(id, document);
		fetched.push(status);
	}

	const plan = planPoll(state, statusesOf(documents), fetched, gone, complete);
	let left = 0;
	for (const { id } of plan.due) {
		const document = byId.get(id) as IDataObject;
		// Not emitted: `settle` keeps it for the next poll.
		if (needsExtractions(watch, document) && isOutOfTime(watch)) {
			left += 1;
			continue;
		}
		try {
			items.push(await documentItem(watch, document));
			emitted.push(id);
		} catch (error) {
			readFailed(document, error);
		}
	}
	for (const [document, error] of unreadable) readFailed(document, error);

	if (left > 0 || !complete) {
		this.logger.info(
			`Gini Pay Trigger: n8n's poll time is running out; ${left} finished document(s)${complete ? '' : ' and the older pages of the list'} wait for the next poll`,
		);
	}
	const next = settle(plan, emitted, failed);
	staticData[POSITION_KEY] = storedState(next) as unknown as IDataObject;
	return items.length > 0 ? [items] : null;
}
