// POST /documents (docs/gini-api.md §4.1): raw body or multipart `file`; single, partial, QR partial
// (`partial+qr+json`) and composite documents. For a partial the bytes decide the format; strict
// fidelity takes only the partial types Gini's docs or SDKs use, lenient any `partial+<subtype>`.
// Strict fidelity also refuses at upload (400) what cannot be decoded: Gini documents 400 for
// "invalid format or bad quality" (W-Submit). Lenient accepts it and the document ends in ERROR.
import { randomUUID } from 'node:crypto';

import { analyzeContent, isXml, sniffMediaType } from './analysis/index.cts';
import type { Analysis, SniffedType } from './analysis/index.cts';
import type { Handler, RequestContext } from './context.cts';
import { principalOf } from './context.cts';
import { documentJson, documentUrl } from './documents.cts';
import {
	HttpError,
	MAX_UPLOAD_BODY_BYTES,
	MAX_UPLOAD_BYTES,
	isPrintableAscii,
	readBody,
} from './http.cts';
import { boundaryOf, parseMultipart } from './multipart.cts';
import { parseComposite, parseQrPartial } from './uploadBodies.cts';
import { sha256 } from './store.cts';
import type { StoredDocument } from './store.cts';

const PARTIAL = 'application/vnd.gini.v1.partial+';
const QR_PARTIAL = 'application/vnd.gini.v1.partial+qr+json';
const COMPOSITE = 'application/vnd.gini.v1.composite+json';

/** Plain text must be UTF-8 and under 512 KiB (docs/gini-api.md §4.1 "Limits"). */
const MAX_TEXT_BYTES = 512 * 1024;

/**
 * `partial+<subtype>` with evidence: `png` and `pdf` in the docs (W-Submit), `jpeg` from Android's
 * `MediaTypes.forPartialDocument` (its capture SDK uploads JPEG pages), `json` from iOS, which labels
 * every partial upload so (the bytes decide). `qr+json` is handled apart.
 */
// `xml`: e-invoices (iOS maps XML to partial+xml); `xhtml+xml`: what Android's XmlDocument sends for them.
export const EVIDENCED_PARTIAL_SUBTYPES = ['png', 'pdf', 'jpeg', 'json', 'xml', 'xhtml+xml'];

/**
 * Doctype hints known from the SDKs (§4.1), plus `PaymentQRCode` from the Pay "Document Types" page;
 * matched case-insensitively (S2 sends `invoice`).
 */
const DOCTYPES = [
	'BankStatement',
	'Contract',
	'Invoice',
	'Receipt',
	'Reminder',
	'RemittanceSlip',
	'TravelExpenseReport',
	'PaymentQRCode',
	'Other',
];

const EXTENSIONS: Record<SniffedType, string> = {
	'application/pdf': 'pdf',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/tiff': 'tiff',
	'text/plain': 'txt',
	'application/xml': 'xml',
};

interface Payload {
	contentType: string;
	bytes: Buffer;
	filename?: string;
}

async function readPayload(ctx: RequestContext): Promise<Payload> {
	const contentType = String(ctx.req.headers['content-type'] ?? '').toLowerCase();
	const body = await readBody(ctx.req, MAX_UPLOAD_BODY_BYTES);
	if (body.tooLarge)
		throw new HttpError(413, 'Document too large: files must be smaller than 10 MiB');
	if (!contentType.startsWith('multipart/form-data')) return { contentType, bytes: body.bytes };
	const boundary = boundaryOf(String(ctx.req.headers['content-type']));
	const parts = boundary ? parseMultipart(body.bytes, boundary) : undefined;
	if (!parts) throw new HttpError(400, 'Malformed multipart/form-data body');
	const file = parts.find((part) => part.name === 'file');
	if (!file) throw new HttpError(400, 'Multipart upload needs a form field named "file"');
	return {
		contentType: (file.contentType ?? '').toLowerCase(),
		bytes: file.data,
		filename: file.filename,
	};
}

/** `X-Document-Metadata-<Name>` headers, kept by lower-case name; values must be ASCII (§4.1). */
function metadataOf(ctx: RequestContext): Record<string, string> {
	const metadata: Record<string, string> = {};
	for (const [header, value] of Object.entries(ctx.req.headers)) {
		if (!header.startsWith('x-document-metadata-') || value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		if (!isPrintableAscii(text)) throw new HttpError(400, `Header ${header} must be ASCII`);
		metadata[header.slice('x-document-metadata-'.length)] = text;
	}
	return metadata;
}

function docTypeOf(url: URL): string | undefined {
	const raw = url.searchParams.get('doctype');
	if (raw === null || raw === '') return undefined;
	const known = DOCTYPES.find((type) => type.toLowerCase() === raw.toLowerCase());
	if (!known) throw new HttpError(400, `Unknown doctype; expected one of ${DOCTYPES.join(', ')}`);
	return known;
}

/** Analysis of a file; a crash of the analyser counts as unreadable content (progress ERROR). */
async function analyse(bytes: Buffer, type: SniffedType): Promise<Analysis> {
	try {
		return await analyzeContent(bytes, type);
	} catch {
		return { readable: false, pageCount: 1, text: '', sourceClassification: 'NATIVE' };
	}
}

function checkFile(bytes: Buffer, partial: boolean): SniffedType {
	if (bytes.length === 0) throw new HttpError(400, 'Document is empty');
	if (bytes.length >= MAX_UPLOAD_BYTES) {
		throw new HttpError(413, 'Document too large: files must be smaller than 10 MiB');
	}
	// XML (e-invoices) only as a partial document, as Gini's SDKs upload it; the text limit is not XML's.
	const type = sniffMediaType(bytes) ?? (partial && isXml(bytes) ? 'application/xml' : undefined);
	if (!type) throw new HttpError(415, 'Unsupported document content type');
	if (type === 'text/plain' && bytes.length >= MAX_TEXT_BYTES) {
		throw new HttpError(413, 'Plain text documents must be smaller than 512 KiB');
	}
	return type;
}

/** The subtype of a `partial+<subtype>` Content-Type, refused in strict fidelity without evidence. */
function checkPartialType(ctx: RequestContext, contentType: string): void {
	const subtype = contentType.slice(PARTIAL.length).split(';')[0].trim();
	if (ctx.state.fidelity === 'strict' && !EVIDENCED_PARTIAL_SUBTYPES.includes(subtype)) {
		throw new HttpError(415, `Unsupported partial document content type partial+${subtype}`);
	}
}

export const uploadDocument: Handler = async (ctx) => {
	const principal = principalOf(ctx);
	const { state } = ctx;
	const payload = await readPayload(ctx);
	const metadata = metadataOf(ctx);
	const docType = docTypeOf(ctx.url);
	const creationDate = state.store.nextCreationDate(state.listing.creationDateStepMs);
	const base = {
		id: randomUUID(),
		owner: principal.user.key,
		clientId: principal.clientId,
		bytes: payload.bytes,
		sha256: sha256(payload.bytes),
		creationDate,
		readyAt: creationDate + state.processingMs,
		metadata,
		docType,
		parents: new Set<string>(),
		feedback: { extractions: new Map(), removed: new Set<string>(), compound: new Map() },
	};
	const filename = ctx.url.searchParams.get('filename') || payload.filename;
	let document: StoredDocument;
	if (payload.contentType.startsWith(COMPOSITE)) {
		if (payload.bytes.length === 0) throw new HttpError(400, 'Composite document body is empty');
		const partials = parseComposite(ctx, payload.bytes);
		const readyAt = Math.max(
			base.readyAt,
			...partials.map((p) => state.store.documents.get(p.id)!.readyAt),
		);
		document = {
			...base,
			readyAt,
			kind: 'composite',
			mediaType: COMPOSITE,
			name: filename || 'composite',
			partials,
		};
		for (const partial of partials) state.store.documents.get(partial.id)!.parents.add(document.id);
	} else if (payload.contentType.startsWith(QR_PARTIAL)) {
		const qrPaymentData = parseQrPartial(payload.bytes);
		const analysis: Analysis = {
			readable: true,
			pageCount: 1,
			text: '',
			sourceClassification: 'TEXT',
		};
		document = {
			...base,
			kind: 'partial',
			mediaType: QR_PARTIAL,
			name: filename || 'qrcode',
			analysis,
			qrPaymentData,
		};
	} else {
		const kind = payload.contentType.startsWith(PARTIAL) ? 'partial' : 'single';
		if (kind === 'partial') checkPartialType(ctx, payload.contentType);
		const type = checkFile(payload.bytes, kind === 'partial');
		const analysis = await analyse(payload.bytes, type);
		if (!analysis.readable && state.fidelity === 'strict') {
			throw new HttpError(
				400,
				'Invalid file format or bad quality: the document cannot be processed',
			);
		}
		document = {
			...base,
			kind,
			mediaType: type,
			name: filename || `document.${EXTENSIONS[type]}`,
			analysis,
		};
	}
	state.store.documents.set(document.id, document);
	state.counters.documentCreated();
	const location = documentUrl(state, document.id);
	// The answer shows the document as it was when it was created: still PENDING, however long building the answer
	// took on a busy machine (Gini answers an upload before it processes the document, docs/gini-api.md §4.3).
	const json = documentJson(state, document);
	if (state.processingMs > 0) json.progress = 'PENDING';
	return { status: 201, headers: { Location: location }, json };
};
