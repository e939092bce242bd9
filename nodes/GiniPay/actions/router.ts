import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { openGini } from '../api/client';
import { createdDocuments, withCreatedDocuments, withOtherFailures } from './createdDocuments';
import { asNodeError, errorItemJson, naming } from './errors';
import { idParameter } from './locators';
import { isLater, later, type BatchExecute, type BatchOutcome, type Later } from './operation';
import { concurrencyOf, retryPolicyOf } from './requestOptions';
import { findOperation } from './resources';
import { authMode, userOverride } from './userFields';

const paired = (results: INodeExecutionData[], itemIndex: number): INodeExecutionData[] =>
	results.map((result) => ({ ...result, pairedItem: { item: itemIndex } }));

async function runItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[] | Later<INodeExecutionData[]>> {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const found = findOperation(resource, operation);
	if (!found) {
		throw new NodeOperationError(ctx.getNode(), `"${resource}/${operation}" is not supported`, {
			itemIndex,
		});
	}
	if (found.local) return paired(await found.local.call(ctx, itemIndex), itemIndex);
	if (!found.execute) {
		throw new NodeOperationError(ctx.getNode(), `"${resource}/${operation}" is not supported`, {
			itemIndex,
		});
	}
	// The item's Gini client: the credential, the document the operation works on, the user it acts for.
	const gini = await openGini(ctx, {
		mode: authMode(ctx),
		itemIndex,
		policy: retryPolicyOf(ctx, itemIndex),
	});
	const document = found.onDocument
		? gini.concern(idParameter(ctx, 'documentId', 'Document ID', itemIndex))
		: undefined;
	if (found.actsFor !== 'client') gini.actFor(userOverride(ctx, itemIndex));
	// Every error of an operation on a document names that document.
	const named = async <T>(step: Promise<T>): Promise<T> =>
		document ? await naming(ctx, itemIndex, { documentId: document.id }, step) : await step;
	const results = await named(found.execute.call(ctx, gini, itemIndex));
	if (isLater<INodeExecutionData[]>(results))
		return later(named(results.later).then((items) => paired(items, itemIndex)));
	return paired(results, itemIndex);
}

/** The operation the run's Resource and Operation name when it works on all items at once (`batch`). */
function batchOperation(ctx: IExecuteFunctions): BatchExecute | undefined {
	// Resource and Operation take no expressions (noDataExpression): the first item's are every item's.
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	return findOperation(resource, operation)?.batch;
}

/**
 * An operation on all items at once: called once; its failed items become error items under Continue On Fail (after
 * its output, each paired with its input item), and otherwise the first of them fails the node. An error it throws
 * concerns every item: under Continue On Fail one error item paired with all of them.
 */
async function runBatch(
	ctx: IExecuteFunctions,
	batch: BatchExecute,
	itemCount: number,
): Promise<INodeExecutionData[]> {
	const indexes = Array.from({ length: itemCount }, (_, item) => item);
	const continueOnFail = ctx.continueOnFail();
	let outcome: BatchOutcome;
	try {
		outcome = await batch.call(ctx, indexes);
	} catch (error) {
		const nodeError = asNodeError(ctx, error, 0);
		if (!continueOnFail) throw nodeError;
		return [{ json: errorItemJson(ctx, nodeError), pairedItem: indexes.map((item) => ({ item })) }];
	}
	const failures = [...outcome.failures]
		.sort((one, other) => one.itemIndex - other.itemIndex)
		.map(({ itemIndex, error }) => ({ itemIndex, error: asNodeError(ctx, error, itemIndex) }));
	if (failures.length > 0 && !continueOnFail) {
		const [first, ...others] = failures;
		throw withOtherFailures(
			first.error,
			others.map(({ itemIndex, error }): [number, Error] => [itemIndex, error]),
		);
	}
	return [
		...outcome.items,
		...failures.map(({ itemIndex, error }) => ({
			json: errorItemJson(ctx, error),
			pairedItem: { item: itemIndex },
		})),
	];
}

/**
 * The item loop: one operation per item, continueOnFail and pairedItem handled once for all operations. With a
 * concurrency above 1, up to that many items run at once; the output keeps the input order either way. Without
 * Continue On Fail the first failing item (in input order) fails the node, after the items in flight settle, and its
 * error names every document the run created (`documentIds`): n8n drops the output of a failed node, and a rerun
 * would upload them again. Under Continue On Fail an error item names the documents its item created.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const batch = itemCount > 0 ? batchOperation(this) : undefined;
	if (batch) return [await runBatch(this, batch, itemCount)];
	const results: INodeExecutionData[][] = new Array(itemCount);
	const failures = new Map<number, NodeApiError | NodeOperationError>();
	const continueOnFail = this.continueOnFail();
	let concurrency: number;
	try {
		concurrency = Math.min(concurrencyOf(this), Math.max(1, itemCount));
	} catch (error) {
		const nodeError = asNodeError(this, error, 0);
		if (!continueOnFail) throw nodeError;
		// A bad node-wide option fails every item. Thrown, n8n would pass the input on as if it had been processed.
		const json = errorItemJson(this, nodeError);
		return [Array.from({ length: itemCount }, (_, item) => ({ json, pairedItem: { item } }))];
	}
	let next = 0;

	const fail = (itemIndex: number, error: unknown) => {
		const nodeError = asNodeError(this, error, itemIndex);
		if (!continueOnFail) {
			failures.set(itemIndex, nodeError);
			return;
		}
		const named = withCreatedDocuments(nodeError, createdDocuments(this, itemIndex), false);
		results[itemIndex] = [{ json: errorItemJson(this, named), pairedItem: { item: itemIndex } }];
	};
	// Items whose rest waits for Gini (Later) hold no worker: the next uploads go on meanwhile.
	const waiting: Array<Promise<void>> = [];
	const worker = async () => {
		while (next < itemCount && failures.size === 0) {
			const itemIndex = next++;
			try {
				const outcome = await runItem(this, itemIndex);
				if (isLater<INodeExecutionData[]>(outcome)) {
					waiting.push(
						outcome.later.then(
							(items) => {
								results[itemIndex] = items;
							},
							(error: unknown) => fail(itemIndex, error),
						),
					);
				} else {
					results[itemIndex] = outcome;
				}
			} catch (error) {
				fail(itemIndex, error);
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	await Promise.all(waiting);

	if (failures.size > 0) {
		const [[, first], ...others] = [...failures.entries()].sort(([one], [other]) => one - other);
		// What the other failed items left at Gini (pages of a failed multi-page upload) is the run's too.
		const leftByOthers = others.flatMap(
			([, other]) => (other as { documentIds?: string[] }).documentIds ?? [],
		);
		const documentIds = [...createdDocuments(this), ...leftByOthers];
		throw withOtherFailures(withCreatedDocuments(first, documentIds, true), others);
	}
	return [results.flat()];
}
