import { randomUUID } from 'node:crypto';

import { PollContext, PollTriggerExecutor } from 'n8n-core';
import {
	Workflow,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IVersionedNodeType,
	type WorkflowActivateMode,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data.cts';
import { MemoryCredentialsHelper, type HarnessCredential } from './credentials-helper.cts';
import { startLogCapture, type CapturedLog } from './logs.cts';
import { Container } from './n8n-core-internals.cts';
import { DEFAULT_PACKAGE_NAME, HarnessNodeTypes, latestVersion } from './node-types.cts';

export interface PollTriggerOptions {
	nodeTypes: Array<INodeType | IVersionedNodeType>;
	credentialTypes: ICredentialType[];
	credentials?: HarnessCredential[];
	/** Pass the helper of an earlier poll to keep its store, like n8n's credentials table. */
	credentialsHelper?: MemoryCredentialsHelper;
	/** The trigger node; name its credentials in `node.credentials`. */
	node: Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<INode>;
	/**
	 * 'trigger' (default): one scheduled poll of an active workflow, run by n8n-core's
	 * PollTriggerExecutor. 'manual': the editor's "fetch test event", run as
	 * WorkflowExecute.executePollNode does.
	 */
	mode?: 'trigger' | 'manual';
	/** Default 'activate'. */
	activation?: WorkflowActivateMode;
	/**
	 * The workflow's static data as n8n stored it after the previous poll; omit on first activation.
	 */
	staticData?: IDataObject;
	/** Default 'n8n-nodes-gini-pay'. */
	packageName?: string;
	/**
	 * What `this.getPollBudgetMs()` answers (n8n-workflow 2.41 IPollFunctions): the time a poll may
	 * spend before the engine abandons the tick. Default: n8n-core's PollContext default (5 min).
	 */
	pollBudgetMs?: number;
}

export interface PollTriggerResult {
	/**
	 * What the poll handed to n8n (which starts one execution with it), or null when it found
	 * nothing.
	 */
	emitted: INodeExecutionData[][] | null;
	/** The items of the first output; [] when nothing was emitted. */
	items: INodeExecutionData[];
	/** What the poll threw (n8n reports it through __emitError), as thrown. */
	error?: Error;
	/**
	 * The workflow's static data after the poll, as n8n persists it (a JSON copy): pass it to the
	 * next poll. After an error it is the data the poll started with, since n8n saves nothing for a
	 * failed poll.
	 */
	staticData: IDataObject;
	logs: CapturedLog[];
	credentialsHelper: MemoryCredentialsHelper;
}

const WORKFLOW_ID = 'harness-poll-workflow';

/**
 * What n8n would write to its database: plain JSON, without the change markers of its observable
 * objects.
 */
function persisted(staticData: IDataObject): IDataObject {
	return JSON.parse(
		JSON.stringify(staticData, (key, value: unknown) =>
			key === '__dataChanged' ? undefined : value,
		),
	) as IDataObject;
}

/**
 * One poll of a polling trigger inside n8n-core: a Workflow built from the stored static data (as
 * n8n loads an active workflow), n8n-core's PollContext (real credentials, request helpers and
 * getWorkflowStaticData('node')), and, in trigger mode, n8n-core's PollTriggerExecutor, which calls
 * `poll()` and then either emits or commits the cursor. Each call is a fresh context, so
 * consecutive calls also model a restart of n8n between polls.
 */
export async function pollTrigger(options: PollTriggerOptions): Promise<PollTriggerResult> {
	const capture = startLogCapture();
	try {
		const nodeTypes = new HarnessNodeTypes(
			options.nodeTypes,
			options.packageName ?? DEFAULT_PACKAGE_NAME,
		);
		const credentialsHelper = options.credentialsHelper ?? new MemoryCredentialsHelper();
		credentialsHelper.registerTypes(options.credentialTypes);
		for (const credential of options.credentials ?? []) credentialsHelper.setCredential(credential);

		const node: INode = {
			id: randomUUID(),
			position: [0, 0],
			typeVersion: latestVersion(nodeTypes.getByName(options.node.type)),
			...options.node,
		};
		const started = structuredClone(options.staticData ?? {});
		const workflow = new Workflow({
			id: WORKFLOW_ID,
			name: 'Harness poll workflow',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: options.mode !== 'manual',
			staticData: structuredClone(started),
			settings: { executionOrder: 'v1' },
		});
		const additionalData = createAdditionalData(credentialsHelper, { workflowId: WORKFLOW_ID });

		const { pollBudgetMs } = options;
		// Undefined keeps n8n-core's default, as a missing argument does.
		const budget = pollBudgetMs === undefined ? undefined : () => pollBudgetMs;
		let emitted: INodeExecutionData[][] | null = null;
		let error: Error | undefined;
		if (options.mode === 'manual') {
			const context = new PollContext(
				workflow,
				node,
				additionalData,
				'manual',
				'manual',
				undefined,
				undefined,
				undefined,
				undefined,
				undefined,
				budget,
			);
			const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			try {
				emitted = (await nodeType.poll?.call(context)) ?? null;
			} catch (thrown) {
				error = thrown as Error;
			}
		} else {
			const context = new PollContext(
				workflow,
				node,
				additionalData,
				'trigger',
				options.activation ?? 'activate',
				(data) => {
					emitted = data;
				},
				(thrown) => {
					error = thrown;
				},
				undefined,
				undefined,
				undefined,
				budget,
			);
			const executePoll = Container.get(PollTriggerExecutor).create(
				workflow,
				node,
				context,
				() => true,
			);
			await executePoll(false);
		}

		return {
			emitted,
			items: emitted?.[0] ?? [],
			error,
			staticData: error ? started : persisted(workflow.staticData),
			logs: capture.logs,
			credentialsHelper,
		};
	} finally {
		capture.stop();
	}
}
