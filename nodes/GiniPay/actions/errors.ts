import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeParameters,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { errorFields, withErrorFields } from '../shared/errorFields';

/**
 * Parameters that may hold a password or another secret (User Password, Create User's Password): their values never
 * leave the node inside an error. Matched by name, at any depth, so a field added later is covered by its name.
 */
const SECRET_PARAMETER = /passw|secret|token/i;

export const REDACTED = '[redacted]';

export function isSecretParameter(name: string): boolean {
	return SECRET_PARAMETER.test(name);
}

function redactValue(value: NodeParameterValueType): NodeParameterValueType {
	if (Array.isArray(value)) {
		return value.map((entry) =>
			redactValue(entry as NodeParameterValueType),
		) as NodeParameterValueType;
	}
	if (value !== null && typeof value === 'object') {
		return redactParameters(value as INodeParameters);
	}
	return value;
}

function redactParameters(parameters: INodeParameters): INodeParameters {
	const copy: INodeParameters = {};
	for (const [name, value] of Object.entries(parameters)) {
		copy[name] =
			isSecretParameter(name) && value !== '' && value !== undefined
				? REDACTED
				: redactValue(value);
	}
	return copy;
}

/**
 * Takes the secret parameters out of the node that n8n copied into an error (and into the errors it wraps): n8n
 * keeps `error.node` in the run data it stores and in its logs. The error keeps the node and its other parameters.
 */
export function withoutSecrets<T>(error: T): T {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current !== null && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const holder = current as { node?: INode; cause?: unknown };
		if (holder.node?.parameters) {
			holder.node = { ...holder.node, parameters: redactParameters(holder.node.parameters) };
		}
		current = holder.cause;
	}
	return error;
}

/**
 * Errors reach n8n as NodeApiError (Gini answered) or NodeOperationError (anything else), with the item, and
 * without the node's secret parameters.
 */
export function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError)
		return withoutSecrets(error);
	return withoutSecrets(new NodeOperationError(ctx.getNode(), error as Error, { itemIndex }));
}

/** The json of an error item (Continue On Fail): the message and what Gini and the node said about it. */
export function errorJson(error: Error): IDataObject {
	return { error: error.message, ...errorFields(error) };
}

/**
 * The json of an error item as the node's On Error setting needs it. Under "Continue (using error output)" n8n
 * sends an item to the error output only when its json holds nothing but `error`, `message` and `details` (an item
 * that carries the error object itself loses every other field to n8n's `{ error: message }`): there, everything
 * but the message goes under `details`, where `documentId`, `candidateDocumentIds` or `uploadMayExist` still say what
 * Gini may hold. Under "Continue (using regular output)" the fields stay at the top.
 */
export function errorItemJson(
	ctx: IExecuteFunctions,
	error: Error,
	extra: IDataObject = {},
): IDataObject {
	const { error: message, ...details } = { ...errorJson(error), ...extra };
	if (ctx.getNode().onError !== 'continueErrorOutput') return { error: message, ...details };
	return Object.keys(details).length > 0 ? { error: message, details } : { error: message };
}

/** Gini's answers to an upload that are about the file itself (docs/gini-api.md §4.1, §5): the same bytes fail again. */
const FILE_REFUSALS = new Set(['400', '413', '415', '422']);

/**
 * Marks an upload's error `retryable: false` when Gini refused the file itself (400, 413, 415, 422), as the node's own
 * checks of a file do (actions/document/uploadFiles.ts): a workflow that tries failed files again can leave it out.
 */
export function markFileRefusal<T extends Error>(error: T): T {
	const { httpCode } = error as { httpCode?: string | null };
	if (error instanceof NodeApiError && httpCode && FILE_REFUSALS.has(httpCode)) {
		withErrorFields(error, { retryable: false });
	}
	return error;
}

/** The document an error concerns, as its error item names it. */
export interface ErrorDocument {
	documentId: string;
	/** Gini may also hold a copy from an upload whose answer was lost. */
	uploadMayExist?: boolean;
	/** Added to the error's description, unless that names the document already. */
	note?: string;
}

/**
 * Runs the steps of an item on a document: an error they throw names the document in a `documentId` field (unless
 * it already names one), which the error item carries (errorJson), not only in its message. The one way errors are
 * named after a document: the router names the document of an operation on one, Upload the document it created.
 */
export async function naming<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	document: ErrorDocument,
	step: Promise<T>,
): Promise<T> {
	try {
		return await step;
	} catch (error) {
		const nodeError = asNodeError(ctx, error, itemIndex) as (NodeApiError | NodeOperationError) & {
			documentId?: string;
			uploadMayExist?: boolean;
		};
		nodeError.documentId ||= document.documentId;
		if (document.uploadMayExist) nodeError.uploadMayExist = true;
		if (document.note && !nodeError.description?.includes(document.documentId)) {
			nodeError.description = [nodeError.description, document.note].filter(Boolean).join(' ');
		}
		throw nodeError;
	}
}
