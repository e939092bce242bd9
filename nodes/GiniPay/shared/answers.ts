/**
 * The shapes of Gini's answers that the operations rely on (docs/gini-api.md §3, §4), and a plain-words account of an
 * answer that does not fit. An answer of another shape (an empty 204, a redirect, an HTML page from a proxy or a
 * login wall, a bare string, array, number or null) must fail the item rather than become its output. Pure: no
 * n8n imports.
 */

import { namesDocument } from './createOutcome';

export type AnswerShape =
	/** `GET /documents/{id}`: a document object with its ID (§4.3). */
	| 'document'
	/** `GET /documents`: `{ documents: [document, ...], totalCount? }` (§4.2). */
	| 'documentList'
	/** `GET /documents/{id}/extractions`: `{ extractions: {...}, candidates?, compoundExtractions? }` (§4.5). */
	| 'extractions'
	/** `GET /api/users/{id}`: `{ id, email }` (§3.5). */
	| 'user'
	/** A payment request: `GET /paymentRequests/{id}` (200), resolving it (201 with the request) (§4.11). */
	| 'paymentRequest'
	/** `GET /paymentRequests/{id}/payment` (§4.11). */
	| 'payment'
	/** `/oauth/token` and `POST /login`: `{ access_token, token_type, expires_in, refresh_token? }` (§2.3, §3). */
	| 'token'
	/** `POST /api/users`: 201 Created with a Location header; the body is not used (§3.4). */
	| 'created'
	/**
	 * `POST /documents`: a 2xx that names the document it created, by its Location (§4.1) or else by the `id` of the
	 * document JSON in its body (shared/createOutcome.ts).
	 */
	| 'createdDocument'
	/** Feedback: a 2xx without a redirect; the body is not used (§4.6). */
	| 'done'
	/**
	 * DELETE (§4.4): as 'done'; and a 404 to a DELETE sent again after its answer was lost means the lost one
	 * deleted it.
	 */
	| 'deleted'
	/** `GET /documents/{id}/pages`: a JSON array of `{ pageNumber, images: { <size>: <url> } }` (§4.8). */
	| 'pageList'
	/** `GET /documents/{id}/pages/{n}/{size}`: the image's bytes (JPEG), not JSON (§4.8). */
	| 'pageImage';

export interface Answer {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	/** Set when the body is text that is not JSON (a string body without it is a JSON string). */
	text?: boolean;
	/** Set when an earlier attempt of the same request failed after Gini may have acted on it (reset, timeout). */
	afterLostAnswer?: boolean;
}

/** A 404 that answers a DELETE repeated after a lost answer: the lost attempt deleted the document. */
export function isGoneAfterLostDelete(shape: AnswerShape, answer: Answer): boolean {
	return shape === 'deleted' && answer.statusCode === 404 && answer.afterLostAnswer === true;
}

/** What each shape is called in an error message: "... answered 200 with an HTML page, not a document". */
export const SHAPE_NAMES: Record<AnswerShape, string> = {
	document: 'a document',
	documentList: 'a list of documents',
	extractions: 'extractions',
	user: 'a user',
	paymentRequest: 'a payment request',
	payment: 'a payment',
	token: 'a token',
	created: 'a 201 Created with a Location header',
	createdDocument: 'a 201 Created naming the document',
	done: 'a success status (2xx)',
	deleted: 'a success status (2xx)',
	pageList: 'a list of pages',
	pageImage: 'an image',
};

const STATUSES: Record<AnswerShape, readonly number[]> = {
	document: [200],
	documentList: [200],
	extractions: [200],
	user: [200],
	paymentRequest: [200, 201],
	payment: [200],
	token: [200, 201],
	created: [201],
	createdDocument: [200, 201, 202, 203, 204],
	done: [200, 201, 202, 204],
	deleted: [200, 202, 204],
	pageList: [200],
	pageImage: [200],
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

function isId(value: unknown): boolean {
	return typeof value === 'string' && value.trim() !== '';
}

function header(headers: Record<string, string>, name: string): string | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : (headers[key] as unknown);
	return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
}

export function contentTypeOf(answer: Answer): string | undefined {
	return header(answer.headers, 'content-type')?.split(';')[0].trim().toLowerCase() || undefined;
}

/** What the body is, in words: "no body", "an HTML page", "a JSON array", "JSON null", ... */
export function bodyKind(answer: Answer): string {
	const { body } = answer;
	const type = contentTypeOf(answer);
	if (body === undefined || body === '' || (Buffer.isBuffer(body) && body.length === 0))
		return 'no body';
	if (body === null) return 'JSON null';
	if (Array.isArray(body)) return 'a JSON array';
	if (typeof body === 'number' || typeof body === 'boolean') return `a JSON ${typeof body}`;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		if (!answer.text) return 'a JSON string';
		// n8n's HTTP client parses JSON bodies itself and hands on the text of a JSON string as is.
		if (type && /[/+]json$/.test(type)) return 'a JSON string or invalid JSON';
		if (type && /html/.test(type)) return `an HTML page (${type})`;
		return type ? `a body of type ${type} that is not JSON` : 'a body that is not JSON';
	}
	return 'a JSON object';
}

/** The first member of `object` that is missing or of the wrong type, as a phrase; undefined when all fit. */
function missing(
	object: Json,
	checks: Array<[string, (value: unknown) => boolean, string]>,
): string | undefined {
	for (const [name, fits, what] of checks) {
		if (!fits(object[name]))
			return `an object whose "${name}" is ${object[name] === undefined ? 'missing' : `not ${what}`}`;
	}
	return undefined;
}

const optional =
	(fits: (value: unknown) => boolean) =>
	(value: unknown): boolean =>
		value === undefined || value === null || fits(value);
const isString = (value: unknown) => typeof value === 'string';
const isNumberLike = (value: unknown) =>
	(typeof value === 'number' && Number.isFinite(value)) ||
	(typeof value === 'string' && /^\d+$/.test(value));

function bodyProblem(shape: AnswerShape, body: Json): string | undefined {
	switch (shape) {
		case 'document':
			return missing(body, [
				['id', isId, 'a string'],
				['progress', optional(isString), 'a string'],
			]);
		case 'documentList': {
			const list = (value: unknown) =>
				Array.isArray(value) && value.every((entry) => isObject(entry) && isId(entry.id));
			return missing(body, [
				['documents', list, 'a list of documents with IDs'],
				['totalCount', optional(isNumberLike), 'a number'],
			]);
		}
		case 'extractions':
			return missing(body, [
				['extractions', isObject, 'an object'],
				['candidates', optional(isObject), 'an object'],
				['compoundExtractions', optional(isObject), 'an object'],
			]);
		case 'user':
			return missing(body, [
				['id', isId, 'a string'],
				['email', optional(isString), 'a string'],
			]);
		case 'paymentRequest':
		case 'payment':
			// The members every SDK model requires of both (docs/gini-api.md §4.11).
			return missing(body, [
				['iban', isString, 'a string'],
				['amount', isString, 'a string'],
			]);
		case 'token':
			return missing(body, [
				['access_token', isId, 'a string'],
				['expires_in', optional(isNumberLike), 'a number'],
				['refresh_token', optional(isString), 'a string'],
			]);
		default:
			return undefined;
	}
}

/** A page of the pages list: its number and its images' links by size (docs/gini-api.md §4.8). */
function isPage(entry: unknown): boolean {
	if (!isObject(entry) || !isNumberLike(entry.pageNumber) || !isObject(entry.images)) return false;
	return Object.values(entry.images).every(isString);
}

/** Image bytes: a body that is not JSON, with an image type (or no type, or a generic binary one). */
function imageProblem(answer: Answer): string | undefined {
	const type = contentTypeOf(answer);
	const typeFits =
		type === undefined || type.startsWith('image/') || type === 'application/octet-stream';
	if (Buffer.isBuffer(answer.body) && answer.body.length > 0 && typeFits) return undefined;
	if (Buffer.isBuffer(answer.body) && answer.body.length > 0)
		return `a body of type ${type ?? 'unknown'}`;
	return bodyKind(answer);
}

/**
 * Why `answer` (a status below 400) is not the `shape` the operation needs, as "<what came back>"; undefined when
 * it fits.
 */
export function answerProblem(shape: AnswerShape, answer: Answer): string | undefined {
	const status = answer.statusCode;
	if (shape === 'pageImage') {
		return STATUSES[shape].includes(status) ? imageProblem(answer) : bodyKind(answer);
	}
	if (shape === 'pageList') {
		const kind = bodyKind(answer);
		if (!STATUSES[shape].includes(status) || kind !== 'a JSON array') return kind;
		const bad = (answer.body as unknown[]).findIndex((entry) => !isPage(entry));
		return bad === -1
			? undefined
			: `a JSON array whose entry ${bad + 1} is no page with a "pageNumber" and "images"`;
	}
	if (shape === 'created' || shape === 'done' || shape === 'deleted') {
		if (!STATUSES[shape].includes(status)) return bodyKind(answer);
		if (shape === 'created' && !header(answer.headers, 'location')?.trim())
			return 'no Location header';
		return undefined;
	}
	if (shape === 'createdDocument') {
		if (!STATUSES[shape].includes(status)) return bodyKind(answer);
		return namesDocument(answer) ? undefined : 'neither a document Location nor a document id';
	}
	const kind = bodyKind(answer);
	if (!STATUSES[shape].includes(status) || kind !== 'a JSON object') return kind;
	return bodyProblem(shape, answer.body as Json);
}

/** The body as text, for a short excerpt in an error message (the caller redacts and bounds it). */
export function bodyText(body: unknown, limit = 4_096): string {
	if (body === undefined) return '';
	if (typeof body === 'string') return body.slice(0, limit);
	if (Buffer.isBuffer(body)) return body.subarray(0, limit).toString('utf8');
	try {
		return (JSON.stringify(body) ?? String(body)).slice(0, limit);
	} catch {
		return String(body).slice(0, limit);
	}
}
