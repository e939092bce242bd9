import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { openSession, type GiniSession } from '../transport';
import * as document from './document';
import * as payment from './payment';
import * as paymentRequest from './paymentRequest';
import * as session from './session';
import * as user from './user';

type OperationExecute = (
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, OperationExecute>> = {
	document: {
		delete: document.deleteDocument.execute,
		get: document.get.execute,
		getAll: document.getAll.execute,
		getExtractions: document.getExtractions.execute,
		sendFeedback: document.sendFeedback.execute,
		upload: document.upload.execute,
	},
	payment: { get: payment.get.execute },
	paymentRequest: { get: paymentRequest.get.execute, resolve: paymentRequest.resolve.execute },
	session: { login: session.login.execute },
	user: { create: user.create.execute, get: user.get.execute },
};

function errorJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	const details = error as Error & { description?: string; httpCode?: string; requestId?: string };
	if (details.description) json.description = details.description;
	if (details.httpCode) json.httpCode = details.httpCode;
	if (details.requestId) json.requestId = details.requestId;
	return json;
}

/** Errors reach n8n as NodeApiError (Gini answered) or NodeOperationError (anything else), with the item. */
function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The item loop: one operation per item, continueOnFail and pairedItem handled once for all operations. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = operations[resource]?.[operation];
			if (!handler) {
				throw new NodeOperationError(this.getNode(), `"${resource}/${operation}" is not supported`, {
					itemIndex,
				});
			}
			const giniSession = await openSession(this, itemIndex);
			const results = await handler.call(this, giniSession, itemIndex);
			for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error as Error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw asNodeError(this, error, itemIndex);
		}
	}
	return [output];
}
