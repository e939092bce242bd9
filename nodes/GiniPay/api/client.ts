import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniExtractionsBody } from '../shared/extractions';
import { PAYMENT_REQUEST_LINK, idOrLinkedId, resourceUrl } from '../shared/links';
import type { RetryPolicy } from '../shared/retry';
import type { TokenLookup } from '../shared/tokenCache';
import {
	openSession,
	resolveUser,
	userLabel,
	type AuthMode,
	type GiniContext,
	type GiniSession,
	type GiniUser,
	type UserOverride,
} from '../transport';
import { deleteDocument, documentUrl, fetchDocument, type CreatedDocument } from './documents';
import { assertProcessed, fetchExtractions, sendTransferSummary } from './extractions';
import { listDocuments, type DocumentList, type ListOptions } from './listing';
import { fetchPageImage, fetchPages, type RenderingWait } from './pages';
import { getPayment, getPaymentRequest, resolvePaymentRequest } from './payments';
import { userToken } from './tokens';
import {
	documentsNamed,
	uploadEInvoice,
	uploadMultiPage,
	uploadSingle,
	type UploadFile,
	type UploadTarget,
} from './uploads';
import { createUser, getUser, type CreatedUser } from './users';
import { waitForDocument, type GiniWaiter } from './waiter';

export type { AuthMode, GiniUser, UserOverride } from '../transport';
export type { RenderingWait } from './pages';

/** What a client is opened with: the node's Authentication, the item, the item's retry policy. */
export interface GiniClientOptions {
	mode: AuthMode;
	itemIndex: number;
	policy?: RetryPolicy;
}

/** The document an item works on: its ID and its URL on the configured Pay API. */
export interface ItemDocument {
	id: string;
	url: string;
}

/** How a document is waited for in the run's waiter (api/waiter.ts). */
export interface WaitOptions {
	/** The document as read just now (an upload's answer): the first look follows one interval later. */
	known?: IDataObject;
	/** A document uploaded by this item: the first look follows one interval after the upload. */
	justCreated?: boolean;
}

/**
 * One item's way to Gini: the credential's session, the user the item acts for and every Gini call of `api/` bound
 * to both, e.g. `gini.documents.get(url)` or `gini.users.create(email, password)`. The action node's router opens
 * one per item, the trigger one per poll; nothing above `api/` handles a session or a user.
 */
export class GiniClient {
	/** The document the item works on, when the router named one (see `concern`). */
	private concerned: ItemDocument | undefined;

	/** Whom the calls act for, once `actFor` named it; until then the client acts for the credential's client only. */
	private actingUser: GiniUser | undefined;

	constructor(
		readonly ctx: GiniContext,
		readonly session: GiniSession,
	) {}

	/**
	 * Makes the calls act for the user the node's User fields name (`override`; empty: the credential's default
	 * user). Fails with an error naming the item when there is none, or when it is malformed (transport/actingUser.ts).
	 */
	actFor(override: UserOverride): GiniUser {
		this.actingUser = resolveUser(this.ctx, this.session, override);
		return this.actingUser;
	}

	get itemIndex(): number {
		return this.session.itemIndex;
	}

	/** The user the calls act for. */
	get user(): GiniUser {
		if (this.actingUser) return this.actingUser;
		// A programming error: an operation that acts for a user declares so (actions/operation.ts `actsFor`).
		throw new NodeOperationError(this.ctx.getNode(), 'This operation acts for no Gini user', {
			itemIndex: this.itemIndex,
		});
	}

	/** The user as the node names it: the user identifier, or the anonymous user's e-mail. */
	get userLabel(): string {
		return userLabel(this.user);
	}

	/**
	 * The document the item works on, from its ID or URL (checked: a link is rebased on the configured base, anything
	 * but a document is refused). The router names it so, before the operation runs, and names it in the item's errors.
	 */
	concern(idOrUrl: string): ItemDocument {
		const url = documentUrl(this.ctx, this.session, idOrUrl);
		this.concerned = { id: url.split('/').pop() as string, url };
		return this.concerned;
	}

	/** The document the router named for the item (an operation that declares `onDocument`). */
	get document(): ItemDocument {
		if (this.concerned) return this.concerned;
		throw new NodeOperationError(this.ctx.getNode(), 'This operation names no document', {
			itemIndex: this.itemIndex,
		});
	}

	readonly documents = {
		/** The URL of a document on the configured Pay API, from its ID or a link Gini wrote (api/documents.ts). */
		url: (idOrUrl: string): string => documentUrl(this.ctx, this.session, idOrUrl),
		/** One document with its processing status (docs/gini-api.md §4.3). */
		get: async (url: string): Promise<IDataObject> =>
			await fetchDocument(this.ctx, this.session, this.user, url),
		delete: async (url: string): Promise<void> =>
			await deleteDocument(this.ctx, this.session, this.user, url),
		/** The extractions of a processed document (docs/gini-api.md §4.5). */
		extractions: async (url: string): Promise<GiniExtractionsBody> =>
			await fetchExtractions(this.ctx, this.session, this.user, url),
		/** Fails when Gini could not process the document. */
		assertProcessed: (document: IDataObject): void =>
			assertProcessed(this.ctx, this.session, document),
		/** Waits in the run's waiter until Gini has processed the document, or fails after `timeoutSeconds`. */
		whenProcessed: async (
			waiter: GiniWaiter,
			url: string,
			timeoutSeconds: number,
			options: WaitOptions = {},
		): Promise<IDataObject> =>
			await waitForDocument(
				waiter,
				this.ctx,
				this.session,
				this.user,
				url,
				timeoutSeconds,
				options.known,
				options.justCreated,
			),
		list: async (options: ListOptions = {}): Promise<DocumentList> =>
			await listDocuments(this.ctx, this.session, this.user, options),
		/** The ids of the user's documents named `fileName` (api/uploads.ts documentsNamed). */
		named: async (fileName: string): Promise<string[]> =>
			await documentsNamed(this.ctx, this.session, this.user, fileName),
		/**
		 * The pages of a document and their images' links (docs/gini-api.md §4.8), asking again every second while Gini
		 * answers 404, until `wait.deadline`.
		 */
		pages: async (url: string, wait: RenderingWait): Promise<IDataObject[]> =>
			await fetchPages(this.ctx, this.session, this.user, url, wait),
		/** One page image (JPEG bytes) from its link in the pages list, waiting as `pages` does. */
		pageImage: async (url: string, pageNumber: number, wait: RenderingWait): Promise<Buffer> =>
			await fetchPageImage(this.ctx, this.session, this.user, url, pageNumber, wait),
		/** Sends the transfer summary of a document (docs/gini-api.md §4.6). */
		sendFeedback: async (url: string, body: IDataObject): Promise<void> =>
			await sendTransferSummary(this.ctx, this.session, this.user, url, body),
	};

	readonly uploads = {
		/** One file, one document (docs/gini-api.md §4.1). */
		single: async (file: UploadFile, target: UploadTarget): Promise<CreatedDocument> =>
			await uploadSingle(this.ctx, this.session, this.user, file, target),
		/** Several files as the pages of one document (docs/gini-api.md §4.1.1, §4.1.2). */
		multiPage: async (
			files: UploadFile[],
			rotations: number[],
			target: UploadTarget,
		): Promise<CreatedDocument> =>
			await uploadMultiPage(this.ctx, this.session, this.user, files, rotations, target),
		/** An XML e-invoice. */
		eInvoice: async (file: UploadFile, target: UploadTarget): Promise<CreatedDocument> =>
			await uploadEInvoice(this.ctx, this.session, this.user, file, target),
	};

	readonly paymentRequests = {
		/**
		 * The URL of a payment request from its ID or a URL of it or its payment (docs/gini-api.md §4.11 `_links`),
		 * rebased on the configured Pay API by its path; undefined for anything else.
		 */
		url: (idOrUrl: string): string | undefined => {
			const id = idOrLinkedId(idOrUrl, PAYMENT_REQUEST_LINK);
			return id === undefined
				? undefined
				: resourceUrl(this.session.payApiUrl, PAYMENT_REQUEST_LINK, id);
		},
		get: async (url: string): Promise<IDataObject> =>
			await getPaymentRequest(this.ctx, this.session, this.user, url),
		resolve: async (url: string, body: IDataObject): Promise<IDataObject> =>
			await resolvePaymentRequest(this.ctx, this.session, this.user, url, body),
		/** The payment of a resolved payment request. */
		payment: async (url: string): Promise<IDataObject> =>
			await getPayment(this.ctx, this.session, this.user, url),
	};

	readonly users = {
		/** Creates an anonymous user with the client token (docs/gini-api.md §3.4). */
		create: async (email: string, password: string): Promise<CreatedUser> =>
			await createUser(this.ctx, this.session, email, password),
		get: async (id: string): Promise<IDataObject> => await getUser(this.ctx, this.session, id),
	};

	readonly tokens = {
		/** A token for the user to hand to an untrusted device (api/tokens.ts). */
		user: async (options: { forceNew?: boolean } = {}): Promise<TokenLookup> =>
			await userToken(this.ctx, this.session, this.user, options),
	};
}

/**
 * Opens the client of one item (or of one poll): reads and checks the credential (transport/openSession.ts). Fails
 * with an error naming the item before anything is sent.
 */
export async function openGini(ctx: GiniContext, options: GiniClientOptions): Promise<GiniClient> {
	return new GiniClient(
		ctx,
		await openSession(ctx, options.mode, options.itemIndex, options.policy),
	);
}
