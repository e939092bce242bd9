import { ExternalSecretsProxy, type ExecutionLifecycleHooks } from 'n8n-core';
import {
	UnexpectedError,
	type ICredentialsHelper,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

/** Nothing listens on it: only nodes that build webhook or form URLs ever read these. */
const BASE_URL = 'http://localhost:5678';

function unsupported(feature: string): () => never {
	return () => {
		throw new UnexpectedError(`${feature} is not supported by the test harness`);
	};
}

/**
 * The per-execution services n8n's CLI hands to the engine (WorkflowExecuteAdditionalData.getBase),
 * reduced to what a single-package node can reach; everything that needs the CLI (sub-workflows,
 * the task runner) fails loudly instead of silently doing nothing.
 */
export function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	execution: { hooks?: ExecutionLifecycleHooks; executionId?: string; workflowId?: string } = {},
): IWorkflowExecuteAdditionalData {
	const data = {
		...execution,
		credentialsHelper,
		// No secret stores: a `$secrets` expression fails as on an n8n without external secrets.
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		executeWorkflow: unsupported('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('The task runner (Code node)'),
	};
	// The remaining members are optional in practice (n8n-core checks for them before use).
	return data as unknown as IWorkflowExecuteAdditionalData;
}
