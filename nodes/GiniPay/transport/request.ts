import type {
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	SHAPE_NAMES,
	answerProblem,
	bodyKind,
	bodyText,
	contentTypeOf,
	isGoneAfterLostDelete,
	type AnswerShape,
} from '../shared/answers';
import { createOutcome, hasLocation } from '../shared/createOutcome';
import { findHeader } from '../shared/headers';
import {
	RetryBudget,
	backoffDelay,
	classifyNetworkError,
	isRetryableStatus,
	isTransientStatus,
	parseRetryAfter,
} from '../shared/retry';
import { quoteAnswer, rememberSecrets } from './secrets';
import type { GiniSession, GiniContext } from './types';
import { withErrorFields } from '../shared/errorFields';

export interface GiniRequest {
	method: IHttpRequestMethods;
	/** Absolute URL (built from the session's base URLs, or a Location Gini returned). */
	url: string;
	qs?: IDataObject;
	headers?: IDataObject;
	/**
	 * Buffers and strings are sent as they are, objects as JSON. A function opens a stream for each attempt, so a
	 * retry never resends a consumed stream. Every form is re-creatable, so a request can always be retried.
	 */
	body?: Buffer | string | IDataObject | OpenStream;
	/**
	 * How safe it is to send again. 'repeatable' (reads, deletes, feedback, token requests): retried on 429, 502,
	 * 503, 504 and network failures. 'create' (uploads, user creation): every outcome is classified by one rule
	 * (shared/createOutcome.ts): created, surely not created (retried on 429 and 503, as a refused connection), or
	 * ambiguous (a reset, a timeout, a 5xx other than 503, a 2xx that names nothing), after which `reconcile`
	 * decides. Default: 'create' for POST.
	 */
	retry?: 'repeatable' | 'create';
	/**
	 * For a 'create' request: whether a 2xx answer names what was created. An answer that does not is ambiguous.
	 * Default: a `Location` header.
	 */
	names?: (answer: GiniResponse) => boolean;
	/**
	 * After an ambiguous outcome of a 'create' request: looks for what the attempt that started at
	 * `attemptStartedAt` may have created, and throws when it cannot rule that out; undefined means "nothing was
	 * found, send again". Without it (feedback, resolving a payment request), answers are returned as they are and an
	 * ambiguous network failure is thrown.
	 */
	reconcile?: (attemptStartedAt: number) => Promise<GiniResponse | undefined>;
	/**
	 * 'arraybuffer': a successful answer's body is kept as the bytes that came (an image), not read as text or JSON.
	 * An error answer (400 or more) is still read as Gini's JSON error.
	 */
	encoding?: 'arraybuffer';
	/**
	 * Headers with the credentials of one attempt, asked for before each attempt: an attempt after a wait (429, a
	 * reset) then sends the token the cache holds by then, not one revoked while it waited.
	 */
	authorize?: () => Promise<IDataObject>;
	/** The item request's retries, shared with the 401 renewals around this send; a new one when absent. */
	budget?: RetryBudget;
	/**
	 * Told when Gini answers 429 or 503 and the request waits before it is sent again: how long it waits (ms,
	 * `Retry-After` or the backoff). The run's waiter slows down for every document then (api/waiter.ts).
	 */
	onThrottle?: (waitMs: number) => void;
}

/** Opens the body of one attempt as a stream (a binary n8n keeps on disk, in S3 or in the database). */
export type OpenStream = () => Promise<unknown>;

export interface GiniResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	/** The body is text that is not JSON (an HTML page, plain text); a string body without it was a JSON string. */
	text?: boolean;
	/** An earlier attempt of this request failed after Gini may have acted on it (a reset, a timeout). */
	afterLostAnswer?: boolean;
}

/** Which Gini API a request went to, for error messages. */
export type GiniApi = 'Pay API' | 'User Center';

function parseBody(body: unknown): { body: unknown; text?: boolean } {
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	if (typeof body !== 'string' || body === '') return { body };
	try {
		return { body: JSON.parse(body) as unknown };
	} catch {
		return { body, text: true };
	}
}

type Attempt = { response: GiniResponse } | { failure: unknown };

/**
 * One HTTP exchange through n8n's `httpRequestWithAuthentication`, so the credential's `authenticate` adds the
 * secret part. Any HTTP status is returned; a failure without an answer is returned as such, never thrown.
 */
async function sendOnce(
	ctx: GiniContext,
	session: GiniSession,
	request: GiniRequest,
): Promise<Attempt> {
	// Outside the try: a failed token acquisition is an answer from Gini, not a network failure of this request.
	const credentials = request.authorize ? await request.authorize() : {};
	// What authorizes this attempt (tokens, JWTs) must never come back in an error message.
	rememberSecrets(session, ...Object.values(credentials));
	const headers = request.authorize ? { ...request.headers, ...credentials } : request.headers;
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			session.credentialType,
			{
				method: request.method,
				url: request.url,
				qs: request.qs,
				headers,
				body: await bodyOf(request),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: session.policy.timeoutMs,
				// Gini documents no redirects (its Location headers come with 201). Following them would also make axios's
				// follow-redirects keep a copy of every request body to replay it, so a streamed upload would end up in
				// memory after all (measured: bench/README.md).
				disableFollowRedirect: true,
				...(request.encoding ? { encoding: request.encoding } : {}),
			},
			// The session read the credential once for this item; without this, n8n reads and decrypts it from the
			// database again for every request (docs/n8n-notes.md §3.2).
			{
				credentialsDecrypted: {
					id: '',
					name: '',
					type: session.credentialType,
					data: session.credentials,
				},
			},
		)) as { statusCode: number; headers: Record<string, string>; body: unknown };
		const bytes =
			request.encoding === 'arraybuffer' &&
			response.statusCode < 400 &&
			(Buffer.isBuffer(response.body) || response.body instanceof ArrayBuffer);
		return {
			response: {
				statusCode: response.statusCode,
				headers: response.headers ?? {},
				...(bytes ? { body: Buffer.from(response.body as Buffer) } : parseBody(response.body)),
			},
		};
	} catch (failure) {
		return { failure };
	}
}

async function bodyOf(request: GiniRequest): Promise<IHttpRequestOptions['body']> {
	const { body } = request;
	// n8n's request typings predate stream bodies; axios sends a Readable as it is.
	if (typeof body === 'function') return (await body()) as IHttpRequestOptions['body'];
	if (body !== undefined && !Buffer.isBuffer(body) && typeof body === 'object')
		return JSON.stringify(body);
	return body;
}

/** The system error code (ECONNRESET, ...) somewhere in the error n8n wrapped around axios's. */
export function networkErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		if (typeof current.code === 'string' && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(current.code)) {
			return current.code;
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/**
 * Sends a request with the retry policy: 429 and 503 wait for `Retry-After` (or back off with jitter); a request
 * that creates something is repeated only when Gini surely did not act on it (docs/gini-api.md §5).
 */
export async function sendRequest(
	ctx: GiniContext,
	session: GiniSession,
	request: GiniRequest,
): Promise<GiniResponse> {
	const kind = request.retry ?? (request.method === 'POST' ? 'create' : 'repeatable');
	const budget = request.budget ?? new RetryBudget(session.policy.maxRetries);
	const names = request.names ?? hasLocation;
	let lost = false;
	const marked = (response: GiniResponse): GiniResponse =>
		lost ? { ...response, afterLostAnswer: true } : response;
	for (;;) {
		const startedAt = Date.now();
		const outcome = await sendOnce(ctx, session, request);
		const backoff = backoffDelay(budget.used);
		if ('response' in outcome) {
			const { response } = outcome;
			if (
				kind === 'create' &&
				request.reconcile &&
				createOutcome(response, names) === 'ambiguous'
			) {
				lost = true;
				// Even with no retry left: Gini may have created it, and failing the item would hide that.
				const created = await request.reconcile(startedAt);
				if (created) return marked(created);
				if (!budget.take()) return marked(response);
				await sleep(backoff);
				continue;
			}
			const retryable =
				kind === 'repeatable'
					? isTransientStatus(response.statusCode)
					: isRetryableStatus(response.statusCode);
			if (!retryable || !budget.take()) return marked(response);
			const wait = parseRetryAfter(findHeader(response.headers, 'retry-after'), Date.now());
			if (response.statusCode === 429 || response.statusCode === 503) {
				request.onThrottle?.(wait ?? backoff);
			}
			await sleep(wait ?? backoff);
			continue;
		}
		const code = networkErrorCode(outcome.failure);
		const failure = classifyNetworkError(code);
		if (failure === 'fatal') throw lostMarked(networkError(ctx, session, request, code), lost);
		if (failure === 'ambiguous') lost = true;
		if (failure === 'ambiguous' && kind === 'create') {
			if (!request.reconcile) throw lostMarked(networkError(ctx, session, request, code), lost);
			// Even with no retry left: Gini may have created it, and failing the item would hide that.
			const created = await request.reconcile(startedAt);
			if (created) return marked(created);
		}
		if (!budget.take()) throw lostMarked(networkError(ctx, session, request, code), lost);
		await sleep(backoff);
	}
}

/**
 * Marks an error of a request one of whose attempts may have had its effect at Gini (`afterLostAnswer`), so that
 * the caller of a 'create' request never reports it as "nothing happened".
 */
function lostMarked(error: NodeApiError, lost: boolean): NodeApiError {
	return lost ? Object.assign(error, { afterLostAnswer: true }) : error;
}

function networkError(
	ctx: GiniContext,
	session: GiniSession,
	request: GiniRequest,
	code: string | undefined,
): NodeApiError {
	const origin = new URL(request.url).origin;
	const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'ESOCKETTIMEDOUT';
	const ms = session.policy.timeoutMs;
	const within = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
	const message = timedOut
		? `Gini at ${origin} did not answer within ${within}`
		: `Could not reach Gini at ${origin}`;
	// NodeApiError replaces a message that names a system error code (or comes with one) by n8n's generic text,
	// which points to n8n's Retry On Fail; so the code goes into the description only.
	const detail = `(${code ?? 'network error'})`;
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message,
		description: timedOut
			? `Raise 'Request Timeout (Seconds)' in 'Request Options', or try again later ${detail}.`
			: `Check the credential's 'Pay API Base URL' (or 'User Center Base URL') and the network between n8n and Gini ${detail}.`,
		itemIndex: session.itemIndex,
	});
}

const STATUS_HINTS: Record<number, string> = {
	400: 'Gini refused the request as invalid.',
	401: "Gini refused the credential: check its 'Client ID' and 'Client Secret', the user, or the signed token's settings.",
	403: 'The client is not allowed to do this.',
	404: 'Not found: the document or resource does not exist, or belongs to another user.',
	409: 'The request conflicts with the current state of the resource.',
	413: 'The file is too large for Gini (the limit is 10 MiB).',
	415: 'Gini does not support this file type.',
	422: 'Gini refused a value.',
	429: 'Too many requests: Gini asks to slow down.',
	503: 'Gini is temporarily unavailable.',
};

/**
 * Gini's error message and request ID from either error shape (docs/gini-api.md §5). The message is taken from the
 * answer, which may be a proxy's echo of the request: it is redacted of the session's secrets and bounded.
 */
export function describeGiniError(
	session: GiniSession,
	response: GiniResponse,
): {
	message?: string;
	requestId?: string;
} {
	const body = (
		typeof response.body === 'object' && response.body !== null ? response.body : {}
	) as IDataObject;
	const text =
		(typeof body.message === 'string' && body.message) ||
		(typeof body.error_description === 'string' && body.error_description) ||
		(typeof body.error === 'string' && body.error) ||
		undefined;
	const id =
		(typeof body.requestId === 'string' && body.requestId) ||
		findHeader(response.headers, 'x-request-id');
	// A request ID is a UUID or similar; anything else is not quoted as one.
	const requestId = id && /^[\w.:-]{1,100}$/.test(id) ? id : undefined;
	return { message: text ? quoteAnswer(session, text) || undefined : undefined, requestId };
}

/** A refusal the caller can name in the user's words: the message, and what to do about it. */
export interface PlainRefusal {
	message: string;
	hint: string;
}

/**
 * A NodeApiError that keeps the HTTP status and Gini's request ID, and never the request's credentials. With a
 * `plain` refusal, its message leads and Gini's own text follows in the description.
 */
export function giniApiError(
	ctx: GiniContext,
	session: GiniSession,
	api: GiniApi,
	action: string,
	response: GiniResponse,
	plain?: PlainRefusal,
): NodeApiError {
	const { message, requestId } = describeGiniError(session, response);
	const status = response.statusCode;
	const hint =
		plain?.hint ?? STATUS_HINTS[status] ?? (status >= 500 ? 'Gini had a server error.' : '');
	// Without a message of Gini's, what came back (e.g. a proxy's error page) says most about the cause.
	const answer = message ? '' : answerExcerpt(session, response);
	const said = plain && message ? `The Gini ${api} answered ${status}: "${message}".` : '';
	const description = [hint, said, answer, requestId ? `Gini request ID: ${requestId}` : '']
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(
		ctx.getNode(),
		{ status, message: message ?? '', requestId: requestId ?? '' } as JsonObject,
		{
			message:
				plain?.message ??
				`${action} failed: the Gini ${api} answered ${status}${message ? ` (${message})` : ''}`,
			description,
			httpCode: String(status),
			itemIndex: session.itemIndex,
		},
	);
	return withErrorFields(error, { requestId });
}

/** Longest quote of an answer's body in an error description. */
const EXCERPT_CHARS = 200;

/** "Content type: text/html. Answer: "<html>…"" with the body redacted and bounded; '' for an empty body. */
function answerExcerpt(session: GiniSession, response: GiniResponse): string {
	const excerpt = quoteAnswer(session, bodyText(response.body), EXCERPT_CHARS);
	const type = contentTypeOf(response);
	return [type ? `Content type: ${type}.` : '', excerpt ? `Answer: "${excerpt}".` : '']
		.filter(Boolean)
		.join(' ');
}

/**
 * The one check of every Gini answer: a status of 400 or more is Gini's refusal (giniApiError); anything else
 * must have the `shape` the operation needs, or it is an error that says what came back. Returns the response
 * when it fits.
 */
export function expectAnswer(
	ctx: GiniContext,
	session: GiniSession,
	api: GiniApi,
	action: string,
	response: GiniResponse,
	shape: AnswerShape,
): GiniResponse {
	if (isGoneAfterLostDelete(shape, response)) return response;
	if (response.statusCode >= 400) throw giniApiError(ctx, session, api, action, response);
	const problem = answerProblem(shape, response);
	if (problem === undefined) return response;
	const status = response.statusCode;
	const { requestId } = describeGiniError(session, response);
	const message = `${action} failed: the Gini ${api} answered ${status} with ${problem}, not ${SHAPE_NAMES[shape]}`;
	const description = [
		answerExcerpt(session, response) || `The answer had ${bodyKind(response)}.`,
		"Check the credential's 'Pay API Base URL' (or 'User Center Base URL'): it must point at the Gini API itself, not at a web page, a login page or a proxy that rewrites answers.",
		requestId ? `Gini request ID: ${requestId}` : '',
	]
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(
		ctx.getNode(),
		{ status, message: `Unexpected answer: ${problem}`, requestId: requestId ?? '' } as JsonObject,
		{ message, description, httpCode: String(status), itemIndex: session.itemIndex },
	);
	throw withErrorFields(error, { requestId });
}
