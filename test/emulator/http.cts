// Small HTTP helpers shared by both listeners: replies, errors, bodies and header parsing.
import type { IncomingMessage } from 'node:http';

/** What a handler answers; the server serialises it (or drops it, for a reset-after-commit fault). */
export interface Reply {
	status: number;
	/** Serialised as JSON with the listener's JSON media type. */
	json?: unknown;
	/** Raw body with an explicit content type. */
	body?: Buffer;
	contentType?: string;
	headers?: Record<string, string>;
}

/**
 * A failure to report to the client. The listener formats it: the Pay API as
 * `{message, requestId}`, the User Center as `{error, error_description}` (docs/gini-api.md §5).
 */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** OAuth2 error code for User Center answers; derived from the status when absent. */
		readonly code?: string,
		readonly headers?: Record<string, string>,
	) {
		super(message);
	}
}

export const PAY_JSON = 'application/vnd.gini.v1+json';
export const USER_CENTER_JSON = 'application/json';

/** Upload limit: files must be smaller than 10 MiB (docs/gini-api.md §4.1 "Limits"). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Room for multipart framing around a file just under the upload limit. */
export const MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export type BodyResult = { tooLarge: false; bytes: Buffer } | { tooLarge: true; bytes?: undefined };

/**
 * Reads the request body, keeping at most `limit` bytes. A larger body is still read to its end
 * (and discarded) so the client finishes its upload and sees our answer instead of a broken pipe.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		let tooLarge = Number.isFinite(declared) && declared > limit;
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			if (tooLarge) return;
			size += chunk.length;
			if (size > limit) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () =>
			resolve(tooLarge ? { tooLarge: true } : { tooLarge: false, bytes: Buffer.concat(chunks) }),
		);
		req.on('error', reject);
	});
}

/** Consumes whatever is left of the request body, so answering never races the client's upload. */
export function drainBody(req: IncomingMessage): Promise<void> {
	if (req.readableEnded || req.destroyed) return Promise.resolve();
	return new Promise((resolve) => {
		req.on('end', resolve);
		req.on('error', () => resolve());
		req.on('close', resolve);
		req.resume();
	});
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
	const body = await readBody(req, MAX_JSON_BODY_BYTES);
	if (body.tooLarge) throw new HttpError(413, 'Request body too large');
	if (body.bytes.length === 0) throw new HttpError(400, 'Request body is empty, expected JSON');
	try {
		return JSON.parse(body.bytes.toString('utf8'));
	} catch {
		throw new HttpError(400, 'Request body is not valid JSON');
	}
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
	const type = String(req.headers['content-type'] ?? '').toLowerCase();
	const body = await readBody(req, MAX_JSON_BODY_BYTES);
	if (body.tooLarge) throw new HttpError(413, 'Request body too large');
	if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
	return new URLSearchParams(body.bytes.toString('utf8'));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits an Authorization-style header into scheme and credentials; the scheme is lower-cased
 * because clients send `BEARER`, `Bearer` and `bearer` (docs/gini-api.md §1.3). */
export function parseAuthorization(
	value: string | undefined,
): { scheme: string; credentials: string } | undefined {
	if (!value) return undefined;
	const match = /^\s*(\S+)\s+(\S.*?)\s*$/.exec(value);
	if (!match) return undefined;
	return { scheme: match[1].toLowerCase(), credentials: match[2] };
}

/** Decodes `Basic base64(id:secret)`; line-wrapped base64 from the legacy iOS SDK is tolerated. */
export function decodeBasic(credentials: string): { id: string; secret: string } | undefined {
	const text = Buffer.from(credentials.replace(/\s+/g, ''), 'base64').toString('utf8');
	const colon = text.indexOf(':');
	if (colon < 0) return undefined;
	return { id: text.slice(0, colon), secret: text.slice(colon + 1) };
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Printable ASCII only: identifiers and metadata values must be ASCII (docs/gini-api.md §4.1). */
export function isPrintableAscii(value: string): boolean {
	return /^[\x20-\x7e]*$/.test(value);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
