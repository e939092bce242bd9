/**
 * The expression and request plumbing of n8n's CLI CredentialsHelper
 * (packages/cli/src/credentials-helper.ts), kept apart from the in-memory store.
 */
import { getAdditionalKeys } from 'n8n-core';
import {
	UserError,
	Workflow,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWorkflowDataProxyAdditionalKeys,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** What the CLI resolves credential expressions against outside an execution (mock-node-types.ts). */
const mockNodeType = { description: { properties: [] } } as unknown as INodeType;
const mockNodeTypes: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
};

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

/**
 * Resolves `={{ … }}` values in credential data: in the context of the executing node when the
 * engine supplies one, else against a mock workflow (credential tests).
 */
export function resolveCredentialExpressions(
	additionalData: IWorkflowExecuteAdditionalData,
	data: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode,
	executeData?: IExecuteData,
	expressionResolveValues?: ICredentialsExpressionResolveValues,
): ICredentialDataDecryptedObject {
	const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
	if (expressionResolveValues) {
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
			expressionResolveValues;
		try {
			return workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} catch (error) {
			(error as Error).message += ' [Error resolving credentials]';
			throw error;
		}
	}
	const workflow = new Workflow({
		nodes: [mockNode],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});
	return workflow.expression.getComplexParameterValue(
		mockNode,
		data as INodeParameters,
		mode,
		additionalKeys,
		undefined,
		undefined,
		data,
	) as ICredentialDataDecryptedObject;
}

/** One key or value of a generic `authenticate`, resolved with only `$credentials` in scope. */
export function resolveAuthenticateValue(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(value)) return value;
	const additionalKeys: IWorkflowDataProxyAdditionalKeys = { $credentials: credentials };
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		additionalKeys,
		undefined,
		'',
	);
	return resolved ? resolved.toString() : '';
}

/** The CLI narrows a hook's helpers to `httpRequest` under the credential's allowed domains. */
export function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions): Promise<unknown> => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}
