/**
 * What an error item says beside its message, in one definition: the fields the node attaches to an error where it
 * learns them (`withErrorFields`: Gini's request ID in the transport, the document an upload created, the file a
 * refusal is about, ...) and that every error item shows (`errorFields`: the action node's Continue On Fail and error
 * output, actions/errors.ts errorJson, and the Trigger's item for a document it could not read).
 */
import type { IDataObject } from 'n8n-workflow';

export interface ErrorItemFields {
	/** The upload's file (One File and the pages modes; Each Binary Field names it on its own). */
	fileName?: string;
	binaryField?: string;
	/** false: the file was refused for good; sending the same bytes again fails the same way. */
	retryable?: boolean;
	/** The document the error concerns (an upload that timed out waiting, a document Gini could not process, ...). */
	documentId?: string;
	/** Every other document the item (or, for an error that failed the run, the run) created before the error. */
	documentIds?: string[];
	/** What to do about it. */
	description?: string | null;
	/** Gini's HTTP status and request ID. */
	httpCode?: string | null;
	requestId?: string;
	/** An upload whose answer was lost: the documents that may be this item's, for a person to check. */
	candidateDocumentIds?: string[];
	/** An upload whose answer was lost and could not be looked up: Gini may hold the document. */
	uploadMayExist?: boolean;
	/** A user creation whose answer was lost: the user may exist. */
	userMayExist?: boolean;
}

/** Attaches `fields` to `error`, for its error item to show. */
export function withErrorFields<E extends Error>(
	error: E,
	fields: ErrorItemFields,
): E & ErrorItemFields {
	return Object.assign(error, fields);
}

/** The fields `error` carries, as its error item shows them: only those that say something, in this order. */
export function errorFields(error: Error): IDataObject {
	const fields = error as Error & ErrorItemFields;
	const json: IDataObject = {};
	if (fields.fileName) json.fileName = fields.fileName;
	if (fields.binaryField) json.binaryField = fields.binaryField;
	if (fields.retryable === false) json.retryable = false;
	if (fields.documentId) json.documentId = fields.documentId;
	if (fields.documentIds?.length) json.documentIds = fields.documentIds;
	if (fields.description) json.description = fields.description;
	if (fields.httpCode) json.httpCode = fields.httpCode;
	if (fields.requestId) json.requestId = fields.requestId;
	if (fields.candidateDocumentIds) json.candidateDocumentIds = fields.candidateDocumentIds;
	if (fields.uploadMayExist) json.uploadMayExist = true;
	if (fields.userMayExist) json.userMayExist = true;
	return json;
}
