import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { namesDocument } from '../shared/createOutcome';
import { findHeader } from '../shared/headers';
import {
	creationWindow,
	giniClockOffset,
	lostUploadCandidates,
	sharedUploadRegistry,
	type CreationWindow,
	type UploadTicket,
} from '../shared/lostUploads';
import {
	GINI_COMPOSITE_JSON,
	PARTIAL_SUBTYPES,
	type DocumentMediaType,
} from '../shared/mediaTypes';
import {
	payApiRequest,
	type GiniContext,
	type GiniSession,
	type GiniUser,
	type OpenStream,
} from '../transport';
import { createdDocument, type CreatedDocument } from './documents';
import { listDocuments } from './listing';
import { withErrorFields } from '../shared/errorFields';

export interface UploadFile {
	property: string;
	/**
	 * The bytes, or a way to open them as a stream for each attempt (readUploadFile in
	 * actions/document/uploadFiles.ts).
	 */
	content: Buffer | OpenStream;
	size: number;
	mediaType: DocumentMediaType;
	fileName: string;
}

export interface UploadTarget {
	fileName: string;
	docType?: string;
	metadata: IDataObject;
}

function query(target: UploadTarget): IDataObject {
	const qs: IDataObject = { filename: target.fileName };
	if (target.docType) qs.doctype = target.docType;
	return qs;
}

/**
 * Pages a lookup may read. Gini listing oldest first puts the new documents last, so the lookup may
 * have to read the whole list; past this the item fails (api/listing.ts) rather than upload again blind.
 */
const LOOKUP_MAX_PAGES = 200;
/** The second look, for a Gini that stores what it was still working on when the connection died. */
const SECOND_LOOK_DELAY_MS = 1_000;
/** How long a lookup waits, at most, for the same user's other uploads of the same name to get their answers. */
const MAX_WAIT_FOR_OTHERS_MS = 60_000;

/** The documents Gini lists that may be what the attempt stored, judged on Gini's clock. */
async function listCandidates(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	fileName: string,
	attemptStartedAt: number,
): Promise<IDataObject[]> {
	let window: CreationWindow | undefined;
	const { documents } = await listDocuments(ctx, session, user, {
		action: 'Looking for an upload whose answer was lost',
		maxPages: LOOKUP_MAX_PAGES,
		// Gini's clock, not n8n's, says which documents the attempt could have created.
		onAnswer: (response, sentAt) => {
			window ??= creationWindow(
				attemptStartedAt,
				Date.now(),
				giniClockOffset(findHeader(response.headers, 'date'), sentAt, Date.now()),
			);
		},
		since: () => window?.from,
	});
	if (!window) return [];
	return lostUploadCandidates(documents, fileName, window, (id) =>
		sharedUploadRegistry.isKnown(id),
	);
}

/**
 * The ids of the user's documents named `fileName`, whenever created: what an upload that an earlier execution began
 * and never finished (a killed worker) may have left at Gini. Nothing ties them to that upload (see settleLostUpload).
 */
export async function documentsNamed(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	fileName: string,
): Promise<string[]> {
	const { documents } = await listDocuments(ctx, session, user, {
		action: 'Looking for an upload an earlier execution did not finish',
		maxPages: LOOKUP_MAX_PAGES,
	});
	return documents
		.filter((document) => document.name === fileName && typeof document.id === 'string')
		.map((document) => String(document.id));
}

/**
 * After an upload whose answer was lost (a reset after the body was sent, a timeout): Gini may hold the document,
 * and nothing in its answers can prove which document that is (shared/lostUploads.ts). So the item is never given a
 * document found this way. Once the same user's other uploads of the same name in this process have their answers,
 * the user's documents are looked at twice, a second apart: anything of that name created since the attempt began
 * (on Gini's clock) fails the item with those documents named, for a person to check; nothing means nothing was
 * stored, and the upload is sent again.
 */
async function settleLostUpload(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	fileName: string,
	attemptStartedAt: number,
	ticket: UploadTicket,
): Promise<void> {
	ticket.stopSending();
	const waitUntil = Date.now() + Math.min(session.policy.timeoutMs, MAX_WAIT_FOR_OTHERS_MS);
	while (ticket.othersSending() > 0 && Date.now() < waitUntil) await sleep(50);
	for (let look = 0; look < 2; look++) {
		if (look > 0) await sleep(SECOND_LOOK_DELAY_MS);
		let candidates: IDataObject[];
		try {
			candidates = await listCandidates(ctx, session, user, fileName, attemptStartedAt);
		} catch (error) {
			// Not knowing is no reason to send the file again: the item fails saying Gini may hold it.
			throw uncheckedLostAnswerError(ctx, session, fileName, attemptStartedAt, error);
		}
		if (candidates.length > 0) throw lostAnswerError(ctx, session, fileName, candidates);
	}
	ticket.sendAgain();
}

/**
 * The answer to an upload was lost and the lookup failed too (Gini unavailable, a token it would not give): Gini
 * may hold the document, and nothing tells. `uploadMayExist` says so to the workflow; the description says where to
 * look. The lookup's own failure (status, Gini's request id) is kept.
 */
function uncheckedLostAnswerError(
	ctx: GiniContext,
	session: GiniSession,
	fileName: string,
	attemptStartedAt: number,
	cause: unknown,
	failed: 'lookup' | 'resend' = 'lookup',
): NodeApiError {
	const message =
		failed === 'lookup'
			? `Gini's answer to the upload was lost, and the node could not check whether Gini stored the document "${fileName}"`
			: `Gini's answer to an upload of "${fileName}" was lost, and sending it again failed`;
	const reason = cause instanceof Error ? cause.message : String(cause);
	const description =
		`Gini may hold it. Look for documents named "${fileName}" created since ${new Date(attemptStartedAt).toISOString()} ` +
		`(Document > Get Many) before uploading the file again.` +
		(failed === 'lookup'
			? ` The node did not upload it a second time. ${reason}`
			: ` Gini found no such document right after the lost answer, but may store it later. The last attempt: ${reason}`);
	const apiCause = cause instanceof NodeApiError ? cause : undefined;
	const error = new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message,
		description,
		itemIndex: session.itemIndex,
		...(apiCause?.httpCode ? { httpCode: apiCause.httpCode } : {}),
	});
	const requestId = (apiCause as { requestId?: string } | undefined)?.requestId;
	return withErrorFields(error, { uploadMayExist: true, ...(requestId ? { requestId } : {}) });
}

function lostAnswerError(
	ctx: GiniContext,
	session: GiniSession,
	fileName: string,
	candidates: IDataObject[],
): NodeApiError {
	const ids = candidates.map((document) => String(document.id));
	const message = `Gini's answer to the upload was lost, and ${ids.length === 1 ? 'a document' : `${ids.length} documents`} named "${fileName}" appeared at Gini meanwhile`;
	const description =
		`Gini's answers cannot show which of them, if any, holds this item's file: check ${ids.join(', ')} ` +
		'(Document > Get or Get Extractions) before uploading the file again; if none of them is, Gini may still store ' +
		'it later under that name. The node did not upload it a second time.';
	const error = new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message,
		description,
		itemIndex: session.itemIndex,
	});
	// The candidates may all be other uploads' (a second process, the same name), and this attempt may still be
	// stored later: the item says both.
	return withErrorFields(error, { candidateDocumentIds: ids, uploadMayExist: true });
}

/** Which uploads may be mistaken for one another: same Pay API, client, user and name. */
function uploadScope(session: GiniSession, user: GiniUser, fileName: string): string {
	const who = user.kind === 'derived' ? `derived\n${user.identifier}` : `anonymous\n${user.email}`;
	return [session.payApiUrl, session.settings.clientId, who, fileName].join('\n');
}

async function post(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	target: UploadTarget,
	contentType: string,
	body: Buffer | IDataObject | OpenStream,
	action: string,
	size?: number,
): Promise<CreatedDocument> {
	const ticket = sharedUploadRegistry.begin(uploadScope(session, user, target.fileName));
	/** When the first attempt whose answer was lost began: from then on Gini may hold a copy, whatever follows. */
	let lostSince: number | undefined;
	try {
		const created = await payApiRequest(
			ctx,
			session,
			user,
			{
				method: 'POST',
				url: `${session.payApiUrl}/documents`,
				qs: query(target),
				headers: {
					'Content-Type': contentType,
					...target.metadata,
					...(typeof body === 'function' && size !== undefined ? { 'Content-Length': size } : {}),
				},
				body,
				retry: 'create',
				names: namesDocument,
				expect: 'createdDocument',
				reconcile: async (attemptStartedAt) => {
					lostSince ??= attemptStartedAt;
					await settleLostUpload(ctx, session, user, target.fileName, attemptStartedAt, ticket);
					return undefined;
				},
			},
			action,
		);
		const document = createdDocument(ctx, session, created);
		sharedUploadRegistry.know(document.id);
		// Sent again after an attempt whose answer was lost and whose lookups found nothing: Gini may still store
		// that attempt's copy later (a slow commit), so the item says so beside its own document.
		return lostSince === undefined ? document : { ...document, uploadMayExist: true, lostSince };
	} catch (error) {
		if (lostSince !== undefined && !isLostAnswerError(error)) {
			// A later attempt failed (a 503, a refusal, a reset with no retry left) after an earlier one may have
			// been stored: never a bare error, which would read as "nothing happened, upload it again".
			throw uncheckedLostAnswerError(ctx, session, target.fileName, lostSince, error, 'resend');
		}
		throw explainRefusedFile(error);
	} finally {
		ticket.stopSending();
	}
}

/** An error that already says what a lost answer may have left at Gini. */
export function isLostAnswerError(error: unknown): boolean {
	const details = error as { uploadMayExist?: unknown; candidateDocumentIds?: unknown };
	return details?.uploadMayExist === true || Array.isArray(details?.candidateDocumentIds);
}

/**
 * Gini answers an upload with 400 when it "rejects and doesn't process files with wrong format or bad quality"
 * (docs/gini-api.md §4.1); its error body is not documented, so the description says it in plain words.
 */
function explainRefusedFile(error: unknown): unknown {
	if (error instanceof NodeApiError && error.httpCode === '400') {
		const plain =
			'Gini rejects files of an invalid format or of bad quality, e.g. a damaged or password-protected PDF, or a blurred or tiny photo. Check that the file opens, then upload a clearer copy.';
		error.description = [plain, error.description].filter(Boolean).join(' ');
	}
	return error;
}

/** One file, one document (docs/gini-api.md §4.1). Returns the document Gini created. */
export async function uploadSingle(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	file: UploadFile,
	target: UploadTarget,
): Promise<CreatedDocument> {
	return await post(
		ctx,
		session,
		user,
		target,
		file.mediaType,
		file.content,
		'Uploading the document',
		file.size,
	);
}

/**
 * The partial type of one page; checked for every page before the first is sent, so that a refused page leaves
 * nothing behind at Gini. Text, GIF and TIFF pages are refused rather than sent under a type Gini never documented
 * (`partial+plain`): a text file can still be uploaded alone, as one document.
 */
function partialSubtype(
	ctx: GiniContext,
	session: GiniSession,
	file: UploadFile,
	index: number,
): string {
	const subtype = PARTIAL_SUBTYPES[file.mediaType];
	if (subtype) return subtype;
	const kind = file.mediaType === 'text/plain' ? 'plain text' : file.mediaType;
	throw new NodeOperationError(
		ctx.getNode(),
		`Page ${index + 1} (binary field "${file.property}") is ${kind}, which Gini does not take as a page of a multi-page document`,
		{
			itemIndex: session.itemIndex,
			description:
				file.mediaType === 'text/plain'
					? "Pages of a multi-page document must be PDF, PNG or JPEG. Upload the text on its own ('Pages': 'One File'), or turn it into a PDF first."
					: "Pages of a multi-page document must be PDF, PNG or JPEG. Convert the page (e.g. with an image node) or upload it on its own ('Pages': 'One File').",
		},
	);
}

/**
 * Several files as one document: each page is a partial document, then a composite joins them in order, with a
 * rotation per page (docs/gini-api.md §4.1.1, §4.1.2). Returns the composite document.
 */
export async function uploadMultiPage(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	files: UploadFile[],
	rotations: number[],
	target: UploadTarget,
): Promise<CreatedDocument> {
	const subtypes = files.map((file, index) => partialSubtype(ctx, session, file, index));
	const partials: CreatedDocument[] = [];
	for (const [index, file] of files.entries()) {
		const subtype = subtypes[index];
		partials.push(
			await namingPartials(
				partials,
				post(
					ctx,
					session,
					user,
					{ ...target, fileName: file.fileName },
					`application/vnd.gini.v1.partial+${subtype}`,
					file.content,
					`Uploading page ${index + 1}`,
					file.size,
				),
			),
		);
	}
	// Each page by the link Gini wrote for it: the Location "which should be referred by a composite document"
	// (docs/gini-api.md §4.1.1), as Gini's Android SDK sends it (core-api-library mapper/CompositeJsonMapper.kt,
	// `document.uri`). Behind a gateway that is Gini's own URL, which Gini knows, not the gateway's.
	return await createComposite(
		ctx,
		session,
		user,
		target,
		partials,
		rotations,
		'Creating the multi-page document',
	);
}

/**
 * The composite document of `partials`, in order, each by the link Gini wrote for it, with its rotation. A failure
 * names the partials, which exist at Gini (namingPartials).
 */
async function createComposite(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	target: UploadTarget,
	partials: CreatedDocument[],
	rotations: number[],
	action: string,
): Promise<CreatedDocument> {
	const composite = {
		partialDocuments: partials.map((partial, index) => ({
			document: partial.link,
			rotationDelta: rotations[index] ?? 0,
		})),
	};
	return await namingPartials(
		partials,
		post(ctx, session, user, target, GINI_COMPOSITE_JSON, composite, action),
	);
}

/**
 * A multi-page or e-invoice upload that fails after some of its partial documents were created names them
 * (`documentIds`): they exist at Gini, and a person or a cleanup step can delete them.
 */
async function namingPartials<T>(partials: CreatedDocument[], step: Promise<T>): Promise<T> {
	try {
		return await step;
	} catch (error) {
		throw withPartials(error, partials);
	}
}

function withPartials(error: unknown, partials: CreatedDocument[]): unknown {
	if (partials.length === 0 || !(error instanceof Error)) return error;
	const ids = partials.map((partial) => partial.id);
	const details = error as Error & { description?: string; documentIds?: string[] };
	details.documentIds = [...ids, ...(details.documentIds ?? [])];
	const note = `Gini holds the pages uploaded before this failure as partial documents (${ids.join(', ')}), which it does not analyse on their own: delete them (Document > Delete) before uploading the file again.`;
	details.description = [details.description, note].filter(Boolean).join(' ');
	return error;
}

/**
 * An XML e-invoice, uploaded as Gini's capture SDKs upload one: the XML as a partial document
 * (`application/vnd.gini.v1.partial+xml`), then a composite document of that one partial, which is the document Gini
 * analyses (gini-mobile-android, capture-sdk/default-network/.../GiniCaptureDefaultNetworkService.kt: every file goes
 * through createPartialDocument and createCompositeDocument; the partial media type is built by
 * core-api-library/.../MediaTypes.forPartialDocument). The metadata headers, with the product tag, go with both
 * requests, as the SDK sends them. Returns the composite document.
 */
export async function uploadEInvoice(
	ctx: GiniContext,
	session: GiniSession,
	user: GiniUser,
	file: UploadFile,
	target: UploadTarget,
): Promise<CreatedDocument> {
	const partial = await post(
		ctx,
		session,
		user,
		{ ...target, fileName: file.fileName },
		'application/vnd.gini.v1.partial+xml',
		file.content,
		'Uploading the e-invoice',
		file.size,
	);
	// The partial by the link Gini wrote for it, as for multi-page uploads.
	return await createComposite(
		ctx,
		session,
		user,
		target,
		[partial],
		[0],
		'Creating the e-invoice document',
	);
}
