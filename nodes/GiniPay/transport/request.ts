import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { findHeader } from '../shared/headers';
import type { GiniSession, GiniContext } from './session';

export interface GiniRequest {
	method: IHttpRequestMethods;
	/** Absolute URL (built from the session's base URLs, or a Location Gini returned). */
	url: string;
	qs?: IDataObject;
	headers?: IDataObject;
	/** Buffers and strings are sent as they are, objects as JSON. Always re-creatable, so a request can be retried. */
	body?: Buffer | string | IDataObject;
}

export interface GiniResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
}

/** Which Gini API a request went to, for error messages. */
export type GiniApi = 'Pay API' | 'User Center';

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string' || body === '') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

/**
 * Sends one request through n8n's `httpRequestWithAuthentication` (so the credential's `authenticate` adds the
 * secret part) and returns whatever status Gini answered. Network failures become a NodeApiError that names the
 * host and the cause only: the request options, which hold credentials, are never attached to the error.
 */
export async function sendRequest(
	ctx: GiniContext,
	session: GiniSession,
	request: GiniRequest,
): Promise<GiniResponse> {
	const isJsonObject =
		request.body !== undefined && !Buffer.isBuffer(request.body) && typeof request.body === 'object';
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, session.credentialType, {
			method: request.method,
			url: request.url,
			qs: request.qs,
			headers: request.headers,
			body: isJsonObject ? JSON.stringify(request.body) : request.body,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; headers: Record<string, string>; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: parseBody(response.body) };
	} catch (error) {
		throw networkError(ctx, session, request, error);
	}
}

function networkError(
	ctx: GiniContext,
	session: GiniSession,
	request: GiniRequest,
	error: unknown,
): NodeApiError {
	const cause = (error as { cause?: { code?: string }; code?: string }) ?? {};
	const code = cause.code ?? cause.cause?.code ?? 'NETWORK_ERROR';
	const origin = new URL(request.url).origin;
	return new NodeApiError(
		ctx.getNode(),
		{ code, message: `Could not reach ${origin}` } as JsonObject,
		{
			message: `Could not reach Gini at ${origin} (${code})`,
			description: 'Check the base URL in the credential and the network between n8n and Gini.',
			itemIndex: session.itemIndex,
		},
	);
}

const STATUS_HINTS: Record<number, string> = {
	400: 'Gini refused the request as invalid.',
	401: 'Gini refused the credentials: check the client ID and secret, the user, or the JWT settings.',
	403: 'The client is not allowed to do this.',
	404: 'Not found: the document or resource does not exist, or belongs to another user.',
	409: 'The request conflicts with the current state of the resource.',
	413: 'The file is too large for Gini (the limit is 10 MiB).',
	415: 'Gini does not support this file type.',
	422: 'Gini refused a value.',
	429: 'Too many requests: Gini asks to slow down.',
	503: 'Gini is temporarily unavailable.',
};

/** Gini's error message and request ID from either error shape (gini-api.md §5). */
export function describeGiniError(response: GiniResponse): { message?: string; requestId?: string } {
	const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as IDataObject;
	const message =
		(typeof body.message === 'string' && body.message) ||
		(typeof body.error_description === 'string' && body.error_description) ||
		(typeof body.error === 'string' && body.error) ||
		undefined;
	const requestId =
		(typeof body.requestId === 'string' && body.requestId) || findHeader(response.headers, 'x-request-id');
	return { message, requestId };
}

/** A NodeApiError that keeps the HTTP status and Gini's request ID, and never the request's credentials. */
export function giniApiError(
	ctx: GiniContext,
	session: GiniSession,
	api: GiniApi,
	action: string,
	response: GiniResponse,
): NodeApiError {
	const { message, requestId } = describeGiniError(response);
	const status = response.statusCode;
	const hint = STATUS_HINTS[status] ?? (status >= 500 ? 'Gini had a server error.' : '');
	const description = [hint, requestId ? `Gini request ID: ${requestId}` : ''].filter(Boolean).join(' ');
	const error = new NodeApiError(
		ctx.getNode(),
		{ status, message: message ?? '', requestId: requestId ?? '' } as JsonObject,
		{
			message: `${action} failed: the Gini ${api} answered ${status}${message ? ` (${message})` : ''}`,
			description,
			httpCode: String(status),
			itemIndex: session.itemIndex,
		},
	);
	return Object.assign(error, { requestId });
}
