/**
 * Another node that uses a Gini credential, the way n8n's HTTP Request node does with "Predefined Credential Type":
 * it sends whatever URL the user typed through n8n's authenticated helpers, so only the credential's `authenticate`
 * stands between the secret and that URL. Two shapes, as in n8n 2.41:
 * - 'legacy': `requestWithAuthentication` with `request`-library options (`uri`, `followRedirect`,
 *   `followAllRedirects`, `resolveWithFullResponse`), what HttpRequestV3.node.ts sends;
 * - 'http': `httpRequestWithAuthentication` with `url` and optional `baseURL`, what declarative and newer nodes send.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTypes, CREDENTIAL_TYPE, type Mode } from './gini.cts';
import { runNode, type WorkflowRunResult } from '../harness/index.cts';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export interface OtherRequest {
	helper: 'legacy' | 'http';
	method?: IHttpRequestMethods;
	/** legacy: sent as `uri` (as the HTTP Request node does) unless `asUrl`; http: sent as `url`. */
	url: string;
	baseURL?: string;
	asUrl?: boolean;
	/** legacy only: the HTTP Request node's "Follow Redirects" option (on by default since its version 4). */
	followRedirects?: boolean;
	headers?: IDataObject;
	/**
	 * The HTTP Request node's "Proxy" option: legacy sends it as the URL string, http as the object declarative nodes
	 * send (n8n-core's routing-node.js).
	 */
	proxy?: string;
	/** The HTTP Request node's "Ignore SSL Issues": legacy `rejectUnauthorized: false`, http `skipSslCertificateValidation`. */
	ignoreSslIssues?: boolean;
}

function proxyObject(proxy: string) {
	const url = new URL(proxy);
	return { host: url.hostname, port: Number(url.port), protocol: url.protocol.replace(/:$/, '') };
}

class OtherNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Other Node',
		name: 'otherNode',
		group: ['transform'],
		version: 1,
		description: 'Sends a request with a Gini credential like the HTTP Request node',
		defaults: { name: 'Other Node' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: Object.values(CREDENTIAL_TYPE).map((name) => ({ name, required: false })),
		properties: [
			{ displayName: 'Credential Type', name: 'credentialType', type: 'string', default: '' },
			{ displayName: 'Request', name: 'request', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentialType = this.getNodeParameter('credentialType', 0) as string;
		const raw = this.getNodeParameter('request', 0) as string | IDataObject;
		const request = (typeof raw === 'string' ? JSON.parse(raw) : raw) as OtherRequest;
		let response: { statusCode: number; body: unknown };
		if (request.helper === 'legacy') {
			const follow = request.followRedirects ?? false;
			response = (await this.helpers.requestWithAuthentication.call(this, credentialType, {
				method: request.method ?? 'GET',
				...(request.asUrl ? { url: request.url } : { uri: request.url }),
				...(request.baseURL ? { baseURL: request.baseURL } : {}),
				headers: request.headers ?? {},
				followRedirect: follow,
				followAllRedirects: follow,
				// As HttpRequestV3.node.ts sets it on every request.
				rejectUnauthorized: request.ignoreSslIssues !== true,
				...(request.proxy ? { proxy: request.proxy } : {}),
				resolveWithFullResponse: true,
				json: true,
			})) as { statusCode: number; body: unknown };
		} else {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
				method: request.method ?? 'GET',
				url: request.url,
				...(request.baseURL ? { baseURL: request.baseURL } : {}),
				headers: request.headers ?? {},
				returnFullResponse: true,
				json: true,
				...(request.ignoreSslIssues ? { skipSslCertificateValidation: true } : {}),
				...(request.proxy ? { proxy: proxyObject(request.proxy) } : {}),
			})) as { statusCode: number; body: unknown };
		}
		return [
			[
				{
					json: { statusCode: response.statusCode, body: response.body as IDataObject },
					pairedItem: { item: 0 },
				},
			],
		];
	}
}

/** One run of Other Node with a stored Gini credential of `mode`. */
export async function runOtherNode(
	mode: Mode,
	credential: ICredentialDataDecryptedObject,
	request: OtherRequest,
): Promise<WorkflowRunResult> {
	const type = CREDENTIAL_TYPE[mode];
	return await runNode({
		nodeTypes: [new OtherNode()],
		credentialTypes,
		credentials: [{ type, id: `${type}-1`, name: `${type} test`, data: credential }],
		node: {
			name: 'Other Node',
			type: 'n8n-nodes-gini-pay.otherNode',
			parameters: { credentialType: type, request: JSON.stringify(request) },
			credentials: { [type]: { id: `${type}-1`, name: `${type} test` } },
		},
		inputItems: [{ json: {} }],
	});
}
