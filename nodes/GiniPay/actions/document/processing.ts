import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { simplifyExtractions, type GiniExtractionsBody } from '../../shared/extractions';
import { nextPollDelay } from '../../shared/polling';
import { payApiRequest, type GiniContext, type GiniSession, type GiniUser } from '../../transport';
import { fetchDocument } from './shared';

/** The item's Timeout (seconds): an expression can bypass the field's bounds, so they are checked here. */
export function waitTimeoutOf(ctx: IExecuteFunctions, itemIndex: number): number {
	const timeout = ctx.getNodeParameter('timeout', itemIndex, 60) as number;
	if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 3600) {
		throw new NodeOperationError(ctx.getNode(), 'The timeout must be more than 0 and at most 3600 seconds', {
			itemIndex,
		});
	}
	return timeout;
}

/**
 * Waits until Gini has processed a document (progress leaves PENDING, docs/gini-api.md §4.3, §6.2), polling with a
 * backoff from 0.5 s up to 5 s, and fails with a message that says how to get the result later.
 */
export async function waitForProcessing(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	url: string,
	timeoutSeconds: number,
): Promise<IDataObject> {
	const deadline = Date.now() + timeoutSeconds * 1000;
	for (let attempt = 0; ; attempt++) {
		const document = await fetchDocument(ctx, session, user, url);
		if (document.progress !== 'PENDING') return document;
		const now = Date.now();
		if (now >= deadline) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Gini is still processing document ${String(document.id)} after ${timeoutSeconds} s`,
				{
					itemIndex: session.itemIndex,
					description: `The document is stored in Gini; only its extractions are not ready yet. Fetch them later with Document > Get Extractions for document ID ${String(document.id)}, use the Gini Pay Trigger, or raise the timeout.`,
				},
			);
		}
		await sleep(nextPollDelay(attempt, now, deadline));
	}
}

export async function fetchExtractions(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	documentUrl: string,
): Promise<GiniExtractionsBody> {
	const response = await payApiRequest(
		ctx,
		session,
		user,
		{ method: 'GET', url: `${documentUrl}/extractions`, expect: 'extractions' },
		'Reading the extractions',
	);
	return (response.body ?? {}) as GiniExtractionsBody;
}

/**
 * The output of Get Extractions: the flat payment view, or with Simplify off Gini's whole answer as it came
 * (extractions, compoundExtractions, candidates, returnReasons and anything else Gini sends).
 */
export function extractionsOutput(
	document: IDataObject,
	body: GiniExtractionsBody,
	simplify: boolean,
): IDataObject {
	const head = { documentId: document.id, name: document.name, progress: document.progress };
	if (simplify) return { ...head, ...simplifyExtractions(body) };
	return { ...head, ...body } as IDataObject;
}

export function assertProcessed(ctx: GiniContext, session: GiniSession, document: IDataObject): void {
	if (document.progress === 'ERROR') {
		throw new NodeOperationError(ctx.getNode(), `Gini could not process document ${String(document.id)}`, {
			itemIndex: session.itemIndex,
			description:
				'Its progress is ERROR: the file could not be read (damaged, password-protected or of too low quality). Upload a better copy.',
		});
	}
}
