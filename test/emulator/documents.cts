// Document resources: GET /documents, GET and DELETE /documents/{id}, pages and the processed file
// (docs/gini-api.md §4.2-4.4, §4.8, §4.9). Uploads live in upload.cts, page images in pages.cts.
import type { EmulatorState, Handler, RequestContext } from './context.cts';
import { principalOf } from './context.cts';
import { HttpError } from './http.cts';
import { pageCountOf, progressOf, sourceClassificationOf } from './processing.cts';
import type { StoredDocument } from './store.cts';
import type { StoredDocumentInfo } from './types.cts';

export function documentUrl(state: EmulatorState, id: string): string {
	return `${state.publicPayApiUrl}/documents/${id}`;
}

/** "Only the first 10 pages are processed" (docs/gini-api.md §4.1): page previews exist for those. */
export const MAX_PREVIEW_PAGES = 10;

/** Both image-key styles: legacy sizes (iOS) and medium/large (current Android), §4.8. */
function pages(state: EmulatorState, document: StoredDocument, count: number): object[] {
	const base = documentUrl(state, document.id);
	return Array.from({ length: Math.min(count, MAX_PREVIEW_PAGES) }, (_, index) => {
		const page = `${base}/pages/${index + 1}`;
		return {
			pageNumber: index + 1,
			images: {
				'750x900': `${page}/750x900`,
				'1280x1810': `${page}/1280x1810`,
				medium: `${page}/medium`,
				large: `${page}/large`,
			},
		};
	});
}

/** Every field the SDK parsers require (docs/gini-api.md §4.3). */
export function documentJson(
	state: EmulatorState,
	document: StoredDocument,
): Record<string, unknown> {
	const url = documentUrl(state, document.id);
	const pageCount = pageCountOf(state.store, document);
	const json: Record<string, unknown> = {
		id: document.id,
		creationDate: document.creationDate,
		name: document.name,
		progress: progressOf(state.store, document),
		origin: 'UPLOAD',
		sourceClassification: sourceClassificationOf(document),
		pageCount,
		// Composites have no page previews of their own (docs/gini-api.md §4.8).
		pages: document.kind === 'composite' ? [] : pages(state, document, pageCount),
		_links: {
			extractions: `${url}/extractions`,
			layout: `${url}/layout`,
			document: url,
			processed: `${url}/processed`,
			pages: `${url}/pages`,
		},
	};
	if (document.partials) {
		json.partialDocuments = document.partials.map((partial) => ({
			document: documentUrl(state, partial.id),
			rotationDelta: partial.rotationDelta,
		}));
	}
	if (document.kind === 'partial' && state.listing.partialsLinkComposites) {
		json.compositeDocuments = [...document.parents].map((id) => ({
			document: documentUrl(state, id),
		}));
	}
	return json;
}

export function documentInfo(state: EmulatorState, document: StoredDocument): StoredDocumentInfo {
	return {
		id: document.id,
		owner: document.owner,
		name: document.name,
		mediaType: document.mediaType,
		kind: document.kind,
		sha256: document.sha256,
		size: document.bytes.length,
		creationDate: document.creationDate,
		progress: progressOf(state.store, document),
		metadata: { ...document.metadata },
		...(document.docType ? { docType: document.docType } : {}),
		...(document.partials ? { partialDocuments: document.partials.map((p) => p.id) } : {}),
	};
}

/** The caller's document named by the `{id}` path parameter, else 404 (other users' too). */
export function requireDocument(ctx: RequestContext): StoredDocument {
	const document = ctx.state.store.ownedDocument(principalOf(ctx).user.key, ctx.params.id);
	if (!document) throw new HttpError(404, `No document with id ${ctx.params.id}`);
	return document;
}

export const getDocument: Handler = async (ctx) => ({
	status: 200,
	json: documentJson(ctx.state, requireDocument(ctx)),
});

/** Deleting a partial that a composite still references fails (docs/gini-api.md §4.4): 409. */
export const deleteDocument: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	const { store } = ctx.state;
	if (document.parents.size > 0) {
		const parents = [...document.parents].join(', ');
		throw new HttpError(
			409,
			`Partial document ${document.id} is still referenced by composite document(s) ${parents}; ` +
				'delete those first',
		);
	}
	for (const partial of document.partials ?? [])
		store.documents.get(partial.id)?.parents.delete(document.id);
	store.documents.delete(document.id);
	return { status: 204 };
};

export const listPages: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	const json = documentJson(ctx.state, document);
	return { status: 200, json: json.pages };
};

/** The processed document: the uploaded bytes, as the emulator does no conversion (§4.9). */
export const getProcessed: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	if (document.kind === 'composite' || progressOf(ctx.state.store, document) !== 'COMPLETED') {
		throw new HttpError(404, 'No processed document available');
	}
	return { status: 200, body: document.bytes, contentType: 'application/octet-stream' };
};
