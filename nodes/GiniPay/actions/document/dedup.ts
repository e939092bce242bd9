/**
 * The node's two guards that remember across executions, in n8n's own deduplication store
 * (`this.helpers.checkProcessedAndRecord` / `removeProcessed`; n8n keeps it in its database, so it holds across
 * reruns, failed executions, restarts and queue-mode workers; docs/n8n-notes.md §4.8):
 * - Skip Files Uploaded Before: a file whose content this node already uploaded is not uploaded again;
 * - Flag Possible Double Payments: an invoice whose payment identity this node saw in another document is flagged.
 *
 * Both use the scope 'node' (the record belongs to this node of this workflow, by node ID, so it survives a rename;
 * a copy of the node starts empty) in the mode 'entries', keeping the newest MAX_ENTRIES entries.
 *
 * n8n's store is a read-modify-write of one list per node, not a transaction: two calls at once can lose one's
 * write. So every call of one execution goes through one queue, and two items of one execution with the same bytes
 * are settled here, in memory: the second waits for the first and is never uploaded.
 */
import type {
	ICheckProcessedOptions,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { UploadFile } from '../../api/uploads';
import {
	documentSha256,
	paymentIdentity,
	paymentKeys,
	paymentVerdict,
	sha256Hex,
	pendingUploadKey,
	sha256OfChunks,
	uploadKey,
} from '../../shared/dedup';
import type { GiniExtractionsBody } from '../../shared/extractions';
import { simplifyExtractions } from '../../shared/extractions';

/** Upload's option (in its Options collection). */
export const skipUploadedBeforeOption: INodeProperties = {
	displayName: 'Skip Files Uploaded Before',
	name: 'skipUploadedBefore',
	type: 'boolean',
	default: false,
	description:
		'Whether to skip a file whose content (SHA-256) this node already uploaded, in this or an earlier execution. Its item says "skipped": "uploadedBefore". Remembered by n8n across executions; off, re-running a test invoice uploads it again.',
};

/** The option of Upload (shown when it waits for the payment data) and Get Extractions. */
export function flagPossibleDuplicatesOption(upload: boolean): INodeProperties {
	return {
		displayName: 'Flag Possible Double Payments',
		name: 'flagPossibleDuplicates',
		type: 'boolean',
		default: false,
		...(upload ? { displayOptions: { show: { '/waitForExtractions': [true] } } } : {}),
		description:
			'Whether to add possibleDuplicate (true when another document this node read had the same IBAN, amount and payment reference) and duplicateMatch. Reading the same document again does not flag it.',
	};
}

/** How many entries n8n keeps for the node (its Remove Duplicates node's default history size). */
export const MAX_ENTRIES = 10_000;
const STORE: ICheckProcessedOptions = { mode: 'entries', maxEntries: MAX_ENTRIES };

/** What became of the first item of an execution that carried some bytes. */
type FirstOutcome =
	| { uploaded: true; itemIndex: number; documentId: string | null }
	| { uploaded: false; itemIndex: number; before: boolean };

interface ExecutionState {
	/** The store calls of this execution, one after the other. */
	queue: Promise<unknown>;
	/** Content hash → the outcome of the first item of this execution that carried it. */
	firsts: Map<string, Promise<FirstOutcome>>;
}

/** One state per execution of the node: n8n hands every item of one execution the same context object. */
const executions = new WeakMap<IExecuteFunctions, ExecutionState>();

function stateOf(ctx: IExecuteFunctions): ExecutionState {
	let state = executions.get(ctx);
	if (!state) {
		state = { queue: Promise.resolve(), firsts: new Map() };
		executions.set(ctx, state);
	}
	return state;
}

function storeOf(ctx: IExecuteFunctions, itemIndex: number, option: string) {
	const { checkProcessedAndRecord, removeProcessed } = ctx.helpers;
	if (typeof checkProcessedAndRecord !== 'function' || typeof removeProcessed !== 'function') {
		throw new NodeOperationError(
			ctx.getNode(),
			`'${option}' needs n8n's deduplication store, which is not available here`,
			{ itemIndex, description: `Turn '${option}' off, or run the node in a workflow.` },
		);
	}
	return { checkProcessedAndRecord, removeProcessed };
}

/** Runs one step of store calls after the previous ones of this execution (see the module comment). */
async function queued<T>(ctx: IExecuteFunctions, step: () => Promise<T>): Promise<T> {
	const state = stateOf(ctx);
	const run = state.queue.then(step, step);
	state.queue = run.catch(() => undefined);
	return await run;
}

/** Whether the store holds the key, without leaving it recorded (n8n 2.41 has no check without recording). */
async function seenBefore(
	ctx: IExecuteFunctions,
	itemIndex: number,
	key: string,
): Promise<boolean> {
	const store = storeOf(ctx, itemIndex, 'Skip Files Uploaded Before');
	return await queued(ctx, async () => {
		const result = await store.checkProcessedAndRecord([key], 'node', STORE);
		if (result.processed.length > 0) return true;
		await store.removeProcessed([key], 'node', STORE);
		return false;
	});
}

/** The document's content hash (shared/dedup.ts documentSha256); a streamed file is read once more for it. */
export async function contentSha256(files: UploadFile[]): Promise<string> {
	const hashes: string[] = [];
	for (const file of files) {
		if (Buffer.isBuffer(file.content)) {
			hashes.push(sha256Hex(file.content));
		} else {
			const stream = (await file.content()) as unknown as AsyncIterable<Uint8Array>;
			hashes.push(await sha256OfChunks(stream));
		}
	}
	return documentSha256(hashes);
}

export interface UploadClaim {
	/** Set when the file is not to be uploaded: the output item's json. */
	skipped?: IDataObject;
	/**
	 * Set when an earlier execution began uploading these bytes and never learnt the outcome (its worker was killed,
	 * its answer lost): Gini may hold the file, and the caller looks before uploading.
	 */
	interrupted?: boolean;
	/** Call with the document once Gini confirmed the upload: records the content. */
	uploaded(documentId: string | null): Promise<void>;
	/**
	 * Call when the upload failed: nothing is recorded, a later item of this execution with the bytes fails too. When
	 * `mayExist` (the error says Gini may hold the file), the next execution looks before uploading it.
	 */
	failed(mayExist?: boolean): Promise<void>;
}

function skippedJson(fileName: string, contentSha256: string, note: string): IDataObject {
	return { skipped: 'uploadedBefore', fileName, contentSha256, note };
}

/**
 * Decides whether this item uploads its file, with "Skip Files Uploaded Before" on. Not when the store holds the
 * content (a run before uploaded it) or an earlier item of this execution carries the same bytes: that one is
 * awaited, and this item is skipped when it uploaded the file (or found it uploaded before) and fails when its upload
 * failed. Otherwise the caller uploads, then calls `uploaded` (which records the content) or `failed`.
 */
export async function claimUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	files: UploadFile[],
	fileName: string,
): Promise<UploadClaim> {
	storeOf(ctx, itemIndex, 'Skip Files Uploaded Before');
	const sha = await contentSha256(files);
	const { firsts } = stateOf(ctx);
	const earlier = firsts.get(sha);
	if (earlier) {
		const first = await earlier;
		const itemName = `item ${first.itemIndex + 1}`;
		if (!first.uploaded && !first.before) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Not uploaded: ${itemName} of this execution has the same file, and its upload failed`,
				{
					itemIndex,
					description:
						'The same bytes are uploaded at most once per execution. Nothing was recorded: the next run tries the file again.',
				},
			);
		}
		const note = first.uploaded
			? `Not uploaded again: ${itemName} of this execution uploaded the same file${first.documentId ? ` (document ${first.documentId})` : ''}.`
			: 'Not uploaded again: this workflow uploaded the same file in an earlier execution.';
		return {
			skipped: skippedJson(fileName, sha, note),
			uploaded: async () => {},
			failed: async () => {},
		};
	}
	let settle: (outcome: FirstOutcome) => void = () => {};
	firsts.set(sha, new Promise<FirstOutcome>((resolve) => (settle = resolve)));
	let before: boolean | undefined;
	try {
		before = await seenBefore(ctx, itemIndex, uploadKey(sha));
	} finally {
		// The store failed: this item fails, and so does a later one with the bytes.
		if (before === undefined) settle({ uploaded: false, itemIndex, before: false });
	}
	if (before) {
		settle({ uploaded: false, itemIndex, before: true });
		const note =
			'Not uploaded again: this workflow uploaded the same file in an earlier execution.';
		return {
			skipped: skippedJson(fileName, sha, note),
			uploaded: async () => {},
			failed: async () => {},
		};
	}
	// Marked before sending: if this execution dies before it learns the outcome, the next one knows to look.
	const store = storeOf(ctx, itemIndex, 'Skip Files Uploaded Before');
	let interrupted: boolean | undefined;
	try {
		interrupted = await queued(ctx, async () => {
			const marked = await store.checkProcessedAndRecord([pendingUploadKey(sha)], 'node', STORE);
			return marked.processed.length > 0;
		});
	} finally {
		// The store failed: this item fails, and so does a later one with the bytes.
		if (interrupted === undefined) settle({ uploaded: false, itemIndex, before: false });
	}
	const unmark = async () =>
		await queued(ctx, async () => {
			await store.removeProcessed([pendingUploadKey(sha)], 'node', STORE);
		});
	return {
		interrupted,
		uploaded: async (documentId) => {
			try {
				await queued(ctx, async () => {
					await store.checkProcessedAndRecord([uploadKey(sha)], 'node', STORE);
					await store.removeProcessed([pendingUploadKey(sha)], 'node', STORE);
				});
			} catch (error) {
				// The document exists: its item must say so, not fail. The next run may upload it again.
				ctx.logger.warn(
					`Gini Pay: document ${documentId ?? '(unknown)'} was uploaded, but recording its content for 'Skip Files Uploaded Before' failed: ${(error as Error).message}`,
				);
			} finally {
				settle({ uploaded: true, itemIndex, documentId });
			}
		},
		failed: async (mayExist) => {
			settle({ uploaded: false, itemIndex, before: false });
			// Surely not stored: the next run uploads it as new. Maybe stored: the mark stays, and the next run looks.
			if (!mayExist) await unmark().catch(() => undefined);
		},
	};
}

/** The guard's fields in an output item. */
export interface PaymentGuardFields {
	possibleDuplicate: boolean;
	duplicateMatch: string | null;
}

/**
 * "Flag Possible Double Payments": whether another document this node read had the invoice's payment identity
 * (shared/dedup.ts paymentIdentity), recording the identity with this document. Reading the same document again
 * gives the verdict of its first read.
 */
export async function guardPayment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	documentId: string | null,
	extractions: GiniExtractionsBody,
): Promise<PaymentGuardFields> {
	const store = storeOf(ctx, itemIndex, 'Flag Possible Double Payments');
	const identity = paymentIdentity(simplifyExtractions(extractions));
	if (!identity || !documentId) return { possibleDuplicate: false, duplicateMatch: null };
	const keys = paymentKeys(identity, documentId);
	const all = [keys.identity, keys.document, keys.flagged];
	const possibleDuplicate = await queued(ctx, async () => {
		const { processed } = await store.checkProcessedAndRecord(all, 'node', STORE);
		const verdict = paymentVerdict({
			identity: processed.includes(keys.identity),
			document: processed.includes(keys.document),
			flagged: processed.includes(keys.flagged),
		});
		if (verdict.forgetFlag) await store.removeProcessed([keys.flagged], 'node', STORE);
		return verdict.possibleDuplicate;
	});
	return {
		possibleDuplicate,
		duplicateMatch: possibleDuplicate ? identity.description : null,
	};
}
