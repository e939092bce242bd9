// The harness that runs our nodes inside n8n-core's real execution engine (WorkflowExecute) with
// real HTTP. See README.md in this folder for how the pieces fit.
import './user-folder.cts';

export { binaryItem, getBinaryMode, setBinaryMode, type BinaryMode } from './binary.cts';
export { withSteppedClock, type SteppedClockOptions } from './clock.cts';
export { testCredential } from './credential-test.cts';
export {
	MemoryCredentialsHelper,
	type HarnessCredential,
	type PreAuthenticationRun,
} from './credentials-helper.cts';
export {
	captureLogs,
	formatLogs,
	startLogCapture,
	type CapturedLog,
	type LogCapture,
} from './logs.cts';
export { MemoryDeduplicator, harnessDeduplicator } from './deduplication.cts';
export { listSearch, type ListSearchOptions } from './list-search.cts';
export { DEFAULT_PACKAGE_NAME, HarnessNodeTypes } from './node-types.cts';
export { pollTrigger, type PollTriggerOptions, type PollTriggerResult } from './poll-trigger.cts';
export {
	runNode,
	runWorkflow,
	type RunNodeOptions,
	type RunWorkflowOptions,
	type WorkflowRunResult,
} from './run-workflow.cts';
