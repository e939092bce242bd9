import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	type ExecutionBaseError,
	type ICredentialType,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { setBinaryMode, storeInlineBinaries, type BinaryMode } from './binary.cts';
import { MemoryCredentialsHelper, type HarnessCredential } from './credentials-helper.cts';
import { createAdditionalData } from './additional-data.cts';
import { harnessDeduplicator } from './deduplication.cts';
import { startLogCapture, type CapturedLog } from './logs.cts';
import { DEFAULT_PACKAGE_NAME, HarnessNodeTypes, latestVersion } from './node-types.cts';

export interface RunWorkflowOptions {
	/** Registered under '<packageName>.<description.name>' and 'CUSTOM.<description.name>'. */
	nodeTypes: Array<INodeType | IVersionedNodeType>;
	credentialTypes: ICredentialType[];
	/** Added to the in-memory store (replacing entries with the same id). */
	credentials?: HarnessCredential[];
	workflow: { nodes: INode[]; connections?: IConnections; settings?: IWorkflowSettings };
	/** Default: the first node. */
	startNode?: string;
	/** Items fed to the start node instead of a trigger. Default: one empty item. */
	inputItems?: INodeExecutionData[];
	/** Default 'default' (inline base64). */
	binaryMode?: BinaryMode;
	/** Default 'n8n-nodes-gini-pay'. */
	packageName?: string;
	/** Pass the helper of an earlier run to keep its store, like n8n's credentials table. */
	credentialsHelper?: MemoryCredentialsHelper;
	/** Default 'manual'. */
	executionMode?: WorkflowExecuteMode;
	/**
	 * Stops the execution when it aborts, as n8n's "Stop" does: the engine's cancel, which aborts the execution's
	 * signal (what `getExecutionCancelSignal()` hands a node and its requests).
	 */
	cancelSignal?: AbortSignal;
}

export interface WorkflowRunResult {
	run: IRun;
	/** Items of that node's last run on `outputIndex` (default 0); throws if the node never ran. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The execution error, as thrown by the node when possible (class, getters, cause intact). */
	error?: ExecutionBaseError | Error;
	/** Every call made through n8n's LoggerProxy or DI Logger during the run. */
	logs: CapturedLog[];
	/** The store used by the run: read persisted tokens with `getStored`, or pass it to the next run. */
	credentialsHelper: MemoryCredentialsHelper;
}

const WORKFLOW_ID = 'harness-workflow';

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	const capture = startLogCapture();
	try {
		// n8n's deduplication store, as the CLI initialises it at startup (shared by every run of the process).
		harnessDeduplicator();
		const binaryMode = options.binaryMode ?? 'default';
		await setBinaryMode(binaryMode);
		const executionMode = options.executionMode ?? 'manual';

		const nodeTypes = new HarnessNodeTypes(
			options.nodeTypes,
			options.packageName ?? DEFAULT_PACKAGE_NAME,
		);
		const credentialsHelper = options.credentialsHelper ?? new MemoryCredentialsHelper();
		credentialsHelper.registerTypes(options.credentialTypes);
		for (const credential of options.credentials ?? []) credentialsHelper.setCredential(credential);

		const nodes = options.workflow.nodes.map((node) =>
			withCredentialReferences(node, nodeTypes, credentialsHelper),
		);
		const connections = options.workflow.connections ?? {};
		const settings: IWorkflowSettings = { executionOrder: 'v1', ...options.workflow.settings };
		const workflow = new Workflow({
			id: WORKFLOW_ID,
			name: 'Harness workflow',
			nodes,
			connections,
			nodeTypes,
			active: false,
			settings,
		});
		const startNode = options.startNode ? workflow.getNode(options.startNode) : nodes[0];
		if (!startNode) {
			throw new UnexpectedError(`Start node "${options.startNode ?? '(first)'}" not found`);
		}
		const inputItems = await storeInlineBinaries(options.inputItems ?? [{ json: {} }], binaryMode);

		const executionId = randomUUID();
		const hooks = new ExecutionLifecycleHooks(
			executionMode,
			executionId,
			workflowData(nodes, connections, settings),
		);
		const finished = new Promise<IRun>((resolve) => {
			hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
		});
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: startNode, data: { main: [inputItems] }, source: null }],
			},
		});
		const execution = new WorkflowExecute(
			createAdditionalData(credentialsHelper, { hooks, executionId, workflowId: WORKFLOW_ID }),
			executionMode,
			runExecutionData,
		);
		const running = execution.processRunExecutionData(workflow);
		const cancel = () => running.cancel();
		options.cancelSignal?.addEventListener('abort', cancel, { once: true });
		if (options.cancelSignal?.aborted) cancel();
		try {
			await running;
		} finally {
			options.cancelSignal?.removeEventListener('abort', cancel);
		}
		// n8n's own test harness takes the result from this hook, not from the return value.
		const run = await finished;

		return {
			run,
			output: (nodeName, outputIndex = 0) => nodeOutput(run, nodeName, outputIndex),
			error: executionError(run, nodeTypes.thrownErrors),
			logs: capture.logs,
			credentialsHelper,
		};
	} finally {
		capture.stop();
	}
}

export type RunNodeOptions = Omit<RunWorkflowOptions, 'workflow'> & {
	node: Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<INode>;
	inputItems: INodeExecutionData[];
};

/** A workflow of one node fed with `inputItems`; id, position and typeVersion are filled in. */
export async function runNode(options: RunNodeOptions): Promise<WorkflowRunResult> {
	const { node, ...rest } = options;
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes, options.packageName);
	const fullNode: INode = {
		id: randomUUID(),
		position: [0, 0],
		typeVersion: latestVersion(nodeTypes.getByName(node.type)),
		...node,
	};
	return await runWorkflow({ ...rest, workflow: { nodes: [fullNode], connections: {} } });
}

/**
 * Points each credential slot of the node's type at the stored credential of that type when the
 * node does not name one itself, as the editor does when only one credential of a type exists.
 */
function withCredentialReferences(
	node: INode,
	nodeTypes: HarnessNodeTypes,
	credentialsHelper: MemoryCredentialsHelper,
): INode {
	const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
	const credentials = { ...node.credentials };
	for (const { name } of description.credentials ?? []) {
		const reference = credentialsHelper.referenceFor(name);
		if (credentials[name] === undefined && reference) credentials[name] = reference;
	}
	return Object.keys(credentials).length > 0 ? { ...node, credentials } : node;
}

function nodeOutput(run: IRun, nodeName: string, outputIndex: number): INodeExecutionData[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length) {
		const ran = Object.keys(run.data.resultData.runData).join(', ') || 'none';
		const error = run.data.resultData.error?.message;
		throw new UnexpectedError(
			`Node "${nodeName}" did not run (ran: ${ran}${error ? `; error: ${error}` : ''})`,
		);
	}
	return runs[runs.length - 1].data?.main?.[outputIndex] ?? [];
}

/** The error as the node threw it when the engine's copy is of that error, else the copy. */
function executionError(run: IRun, thrown: Error[]): ExecutionBaseError | Error | undefined {
	const recorded = run.data.resultData.error;
	if (!recorded) return undefined;
	return [...thrown].reverse().find((error) => error.message === recorded.message) ?? recorded;
}

function workflowData(
	nodes: INode[],
	connections: IConnections,
	settings: IWorkflowSettings,
): IWorkflowBase {
	const now = new Date();
	return {
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections,
		settings,
	};
}
