import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { GiniExtractionsBody } from '../shared/extractions';
import { GINI_JSON } from '../shared/mediaTypes';
import { documentHead, paymentItem } from '../shared/paymentItem';
import { payApiRequest, type GiniContext, type GiniSession, type GiniUser } from '../transport';
import { readPayApi } from './read';

/** The error of a document Gini is still processing at the end of the item's timeout, with how to get it later. */
export function stillProcessingError(
	ctx: GiniContext,
	session: GiniSession,
	document: IDataObject,
	timeoutSeconds: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Gini is still processing document ${String(document.id)} after ${timeoutSeconds} s`,
		{
			itemIndex: session.itemIndex,
			description: `The document is stored in Gini; only its extractions are not ready yet. Fetch them later with Document > Get Extractions for document ID ${String(document.id)}, use the Gini Pay Trigger, or raise 'Timeout (Seconds)'.`,
		},
	);
}

export async function fetchExtractions(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	documentUrl: string,
): Promise<GiniExtractionsBody> {
	return (await readPayApi(
		ctx,
		session,
		user,
		`${documentUrl}/extractions`,
		'extractions',
		'Reading the extractions',
	)) as GiniExtractionsBody;
}

/**
 * A processed document with its extractions, in the one output shape (shared/paymentItem.ts): the ten simplified
 * fields, or with Simplify off every payment field beside Gini's document and whole extractions answer as they came,
 * or only the `fields` named (the tool's Selected Fields); `guard` adds the double-payment guard's fields.
 */
export function extractionsOutput(
	document: IDataObject,
	body: GiniExtractionsBody,
	simplify: boolean,
	guard?: IDataObject,
	fields?: readonly string[],
): IDataObject {
	return paymentItem({
		head: documentHead(document),
		document,
		extractions: body,
		simplify,
		fields,
		guard,
	}) as IDataObject;
}

export function assertProcessed(
	ctx: GiniContext,
	session: GiniSession,
	document: IDataObject,
): void {
	if (document.progress === 'ERROR') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Gini could not process document ${String(document.id)}`,
			{
				itemIndex: session.itemIndex,
				description:
					'Its progress is ERROR: the file could not be read (damaged, password-protected or of too low quality). Upload a better copy.',
			},
		);
	}
}

/**
 * Tells Gini which values were finally used for the payment (the "transfer summary", docs/gini-api.md §4.6), so that its
 * extraction learns; later reads of the extractions return these values.
 *
 * Gini's docs page writes `PUT /documents/{id}/extractions/feedback`, while both maintained SDKs (gini-mobile-android
 * `BankApiDocumentService.kt`, gini-mobile-ios `APIResource.swift` `.feedback`) and Gini's own transfer summary
 * integration test send POST. So the node sends POST, and PUT only when Gini answers 405 (method not allowed): any
 * other answer, including 422 for an invalid value, is Gini's verdict on the feedback itself.
 */
export async function sendTransferSummary(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	documentUrl: string,
	body: IDataObject,
): Promise<void> {
	const send = async (method: 'POST' | 'PUT') =>
		await payApiRequest(
			ctx,
			session,
			user,
			{
				method,
				url: `${documentUrl}/extractions/feedback`,
				headers: { 'Content-Type': GINI_JSON },
				body,
				expect: 'done',
			},
			'Sending feedback',
		);
	try {
		await send('POST');
	} catch (error) {
		if (!(error instanceof NodeApiError && error.httpCode === '405')) {
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: session.itemIndex });
		}
		await send('PUT');
	}
}
