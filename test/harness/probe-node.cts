/**
 * A tiny node and two credential types used only to test the harness itself: one credential with
 * a function-style `authenticate`, one with a generic `authenticate` plus a `preAuthentication`
 * token cache (hidden expirable field), the two shapes our Gini credentials use.
 */
import { createHash } from 'node:crypto';

import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

export const PROBE_TYPE = 'n8n-nodes-gini-pay.harnessProbe';

export class ProbeKeyApi implements ICredentialType {
	name = 'probeKeyApi';

	displayName = 'Probe Key API';

	properties: ICredentialType['properties'] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			'X-Api-Key': credentials.apiKey as string,
			'X-Region': credentials.region as string,
		},
	});

	test: ICredentialType['test'] = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'The API key was rejected' } },
		],
	};
}

export class ProbeTokenApi implements ICredentialType {
	name = 'probeTokenApi';

	displayName = 'Probe Token API';

	properties: ICredentialType['properties'] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'acme' },
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { access_token } = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.baseUrl as string}/token`,
			body: { secret: credentials.clientSecret },
			json: true,
		})) as { access_token: string };
		return { accessToken: access_token };
	}

	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
			qs: { tenant: '={{$credentials.tenant}}' },
		},
	};

	test: ICredentialType['test'] = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/secure' },
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'account.state', value: 'suspended', message: 'Account suspended' },
			},
		],
	};
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

type Action = 'request' | 'inspectBinary' | 'fail' | 'passThrough';

async function runAction(
	context: IExecuteFunctions,
	action: Action,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<IDataObject> {
	if (action === 'passThrough') return { ...item.json, seenBy: context.getNode().name };
	if (action === 'fail') {
		throw new NodeOperationError(context.getNode(), 'Probe failed on purpose', { itemIndex });
	}
	if (action === 'inspectBinary') {
		const binary = context.helpers.assertBinaryData(itemIndex, 'data');
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, 'data');
		context.logger.info('Probe read a binary', { fileName: binary.fileName });
		return {
			fileName: binary.fileName,
			mimeType: binary.mimeType,
			length: bytes.length,
			sha256: sha256(bytes),
			// What a node that ignores the helpers would get from the item itself.
			inlineSha256: sha256(Buffer.from(binary.data, 'base64')),
			id: binary.id ?? null,
		};
	}
	const authentication = context.getNodeParameter('authentication', itemIndex) as string;
	const credentialType = authentication === 'key' ? 'probeKeyApi' : 'probeTokenApi';
	const credentials = await context.getCredentials(credentialType, itemIndex);
	const hasBinary = item.binary?.data !== undefined;
	const options: IHttpRequestOptions = {
		method: hasBinary ? 'POST' : 'GET',
		baseURL: credentials.baseUrl as string,
		url: context.getNodeParameter('path', itemIndex) as string,
		json: true,
	};
	if (hasBinary) {
		options.body = await context.helpers.getBinaryDataBuffer(itemIndex, 'data');
		options.headers = { 'Content-Type': item.binary?.data.mimeType ?? 'application/octet-stream' };
	}
	return (await context.helpers.httpRequestWithAuthentication.call(
		context,
		credentialType,
		options,
	)) as IDataObject;
}

export class HarnessProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Probe',
		name: 'harnessProbe',
		group: ['transform'],
		version: [1, 2],
		description: 'Exercises the test harness',
		defaults: { name: 'Harness Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'probeKeyApi',
				required: true,
				displayOptions: { show: { authentication: ['key'] } },
			},
			{
				name: 'probeTokenApi',
				required: true,
				displayOptions: { show: { authentication: ['token'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Key', value: 'key' },
					{ name: 'Token', value: 'token' },
				],
				default: 'key',
			},
			{
				displayName: 'Action',
				name: 'action',
				type: 'options',
				options: [
					{ name: 'Fail', value: 'fail' },
					{ name: 'Inspect Binary', value: 'inspectBinary' },
					{ name: 'Pass Through', value: 'passThrough' },
					{ name: 'Request', value: 'request' },
				],
				default: 'passThrough',
			},
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const action = this.getNodeParameter('action', i) as Action;
				returnData.push({
					json: await runAction(this, action, i, items[i]),
					pairedItem: { item: i },
				});
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [returnData];
	}
}
