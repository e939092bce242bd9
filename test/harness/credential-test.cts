import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentialsDecrypted,
	type IDataObject,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data.cts';
import { MemoryCredentialsHelper } from './credentials-helper.cts';
import { installDiLogger } from './logs.cts';

/** The node type n8n's tester borrows when a credential brings its own `test` request. */
const NO_OP_TYPE = 'n8n-nodes-base.noOp';
const CREDENTIAL_ID = 'credential-under-test';

interface ErrorWithCause {
	message?: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

/**
 * Runs `credentialType.test` the way n8n's CLI `CredentialsTester.testCredentials` does for a
 * credential-defined test (packages/cli/src/services/credentials-tester.service.ts): defaults
 * applied to `data`, the test request attached as `routing.request` of a temporary NoOp node and
 * sent by n8n-core's RoutingNode through `httpRequestWithAuthentication` (so `$credentials`
 * expressions, `authenticate` and `preAuthentication` all run), then `rules` applied.
 * `parentTypes` are only needed when the credential `extends` others.
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	parentTypes: ICredentialType[] = [],
): Promise<INodeCredentialTestResult> {
	installDiLogger();
	const testRequest = credentialType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new MemoryCredentialsHelper(
		[...parentTypes, credentialType],
		[{ type: credentialType.name, id: CREDENTIAL_ID, name: credentialType.displayName, data }],
	);
	const additionalData = createAdditionalData(credentialsHelper);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: CREDENTIAL_ID,
		name: credentialType.displayName,
		type: credentialType.name,
		data,
	};
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			data,
			credentialType.name,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: NO_OP_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	// As in n8n 2.41: parameters stay empty, so preAuthentication runs only for an empty token
	// or after a 401, not unconditionally (docs/n8n-notes.md §3.2, "Credential test").
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: NO_OP_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType.name]: { id: CREDENTIAL_ID, name: credentialType.displayName } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: singleNodeTypes(nodeType),
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as ErrorWithCause;
		const errorResponse = error.cause?.response;
		if (errorResponse) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && errorResponse.status === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (errorResponse.status < 199 || errorResponse.status > 299) {
				return {
					status: 'Error',
					message: errorResponse.statusText || `Received HTTP status code: ${errorResponse.status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json;
		if (getPath(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function singleNodeTypes(nodeType: INodeType): INodeTypes {
	const name = nodeType.description.name;
	return {
		getKnownTypes: () => ({}),
		getByName: (type) => {
			if (type !== name) throw new UnexpectedError(`Unknown node type "${type}"`);
			return nodeType;
		},
		getByNameAndVersion: (type, version) =>
			NodeHelpers.getVersionedNodeType(singleNodeTypes(nodeType).getByName(type), version),
	};
}

/** lodash `get` for the dotted keys test rules use (`error.code`, `items[0].id`). */
function getPath(value: IDataObject | undefined, path: string): unknown {
	let current: unknown = value;
	for (const key of path
		.replace(/\[(\w+)\]/g, '.$1')
		.split('.')
		.filter(Boolean)) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
