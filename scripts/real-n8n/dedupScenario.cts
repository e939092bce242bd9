/**
 * The node's own guards in a real n8n (queue mode: PostgreSQL holds n8n's deduplication store, the workers run the
 * executions), on small workflows of their own (Webhook → Read Files → Gini Pay), not on the examples:
 * - Skip Files Uploaded Before: a batch whose execution failed halfway (Gini refusing uploads from some point on)
 *   and a batch whose worker was killed (SIGKILL) halfway are run again: every file ends at Gini exactly once;
 * - Flag Possible Double Payments: an invoice sent again as another PDF (other bytes, same IBAN, amount and
 *   reference) is flagged, the first one is not.
 * Documents are counted at the emulator, per file content.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { DEMO_CLIENTS } from '../../test/emulator/index.cts';
import { MUELLER_HAUSTECHNIK } from '../../test/fixtures/documents.cts';
import { buildTextPdf } from '../../test/fixtures/pdf.cts';
import { CREDENTIAL_IDS, fixturePath, type WorkflowJson } from './fixtures.cts';
import { writeInvoices, type GeneratedInvoice } from './invoices.cts';
import { nodeOutput } from './n8n.cts';
import { waitFor } from './processes.cts';
import type { Cluster, QueueContext } from './queue.cts';

const IDS = { failed: 'GiniDedupFailedRun', killed: 'GiniDedupKilledRun', guard: 'GiniDedupGuard' };
const USERS = { failed: 'dedup-failed', killed: 'dedup-killed', guard: 'dedup-guard' };
const FILES = { failed: 12, killed: 40 };
const NODE = 'Gini Pay upload';
/** Uploads slowed down so that the test can act in the middle of a batch. */
const SLOW_UPLOADS = { latencyMs: 150, routes: ['POST /documents'] };

export interface DedupFolders {
	failed: string;
	killed: string;
	guard: string;
}

function batchWorkflow(
	id: string,
	folder: string,
	user: string,
	options: Record<string, unknown>,
	wait: boolean,
	continueOnFail = false,
): WorkflowJson {
	const hook = id.toLowerCase();
	return {
		id,
		name: `Gini Pay guard (e2e ${id})`,
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `e2e-${hook}`,
				parameters: { httpMethod: 'GET', path: hook, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${id}-read`,
				name: 'Read invoices',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { operation: 'read', fileSelector: `${folder}/*.pdf`, options: {} },
			},
			{
				id: `${id}-gini`,
				name: NODE,
				type: 'n8n-nodes-gini-pay.giniPay',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					authentication: 'basic',
					resource: 'document',
					operation: 'upload',
					binaryPropertyName: 'data',
					userIdentifier: user,
					waitForExtractions: wait,
					requestOptions: { concurrency: 1, maxRetries: 0 },
					options,
				},
				credentials: { giniPayBasicApi: { id: CREDENTIAL_IDS.basic, name: 'Gini basic' } },
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Read invoices', type: 'main', index: 0 }]] },
			'Read invoices': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The three workflows, to import and publish with the others before main starts. */
export function dedupWorkflows(root: string): { folders: DedupFolders; workflows: WorkflowJson[] } {
	const folders = {
		failed: path.join(root, 'dedup-failed'),
		killed: path.join(root, 'dedup-killed'),
		guard: path.join(root, 'dedup-guard'),
	};
	for (const folder of Object.values(folders)) mkdirSync(folder, { recursive: true });
	const skip = { skipUploadedBefore: true };
	return {
		folders,
		workflows: [
			batchWorkflow(IDS.failed, folders.failed, USERS.failed, skip, false),
			// Continue On Fail: a file the killed worker was sending when it died is named, not a failed run.
			batchWorkflow(IDS.killed, folders.killed, USERS.killed, skip, false, true),
			batchWorkflow(IDS.guard, folders.guard, USERS.guard, { flagPossibleDuplicates: true }, true),
		],
	};
}

function owner(user: string): string {
	return `derived:${DEMO_CLIENTS.derived.clientId}:${user}`;
}

/** Documents at the emulator per file content, for one user. */
function atGini(context: QueueContext, user: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const document of context.emulator.documents()) {
		if (document.owner !== owner(user)) continue;
		counts.set(document.sha256, (counts.get(document.sha256) ?? 0) + 1);
	}
	return counts;
}

function eachOnce(counts: Map<string, number>, invoices: GeneratedInvoice[]): string {
	const wrong = invoices.filter((invoice) => counts.get(invoice.sha256) !== 1);
	return wrong.map((invoice) => `${invoice.file} ×${counts.get(invoice.sha256) ?? 0}`).join(', ');
}

async function rerunUploadsTheRest(
	context: QueueContext,
	cluster: Cluster,
	id: string,
	user: string,
	invoices: GeneratedInvoice[],
	before: number,
): Promise<void> {
	const { report } = context;
	const next = await cluster.startRun(id, id.toLowerCase());
	const done = await cluster.finished(id, next, 300_000);
	const items = nodeOutput(await cluster.executionRun(next), NODE);
	const skipped = items.filter((item) => item.json.skipped === 'uploadedBefore').length;
	// A file whose upload the stopped execution had sent but not recorded: named for a person, not sent again.
	const named = items.filter(
		(item) => item.json.uploadMayExist === true && Array.isArray(item.json.candidateDocumentIds),
	).length;
	const counts = atGini(context, user);
	const wrong = eachOnce(counts, invoices);
	report.check(
		`rerun: each of the ${invoices.length} files at Gini exactly once; the ${before} uploaded before skipped or named`,
		done.status === 'success' &&
			wrong === '' &&
			counts.size === invoices.length &&
			skipped + named === before &&
			named <= 1 &&
			items.length === invoices.length,
		`status ${done.status}, ${skipped} skipped, ${named} named as possibly at Gini, ${items.length - skipped - named} uploaded${wrong ? `; not once: ${wrong}` : ''}`,
	);
	const again = await cluster.startRun(id, id.toLowerCase());
	await cluster.finished(id, again, 300_000);
	const third = nodeOutput(await cluster.executionRun(again), NODE);
	report.check(
		'a third run uploads nothing',
		third.every(
			(item) => item.json.skipped === 'uploadedBefore' || item.json.uploadMayExist === true,
		) && eachOnce(atGini(context, user), invoices) === '',
		`${third.filter((item) => item.json.skipped === undefined && item.json.uploadMayExist === undefined).length} uploaded`,
	);
}

async function afterFailedExecution(
	context: QueueContext,
	cluster: Cluster,
	folder: string,
): Promise<void> {
	const { report, emulator } = context;
	report.begin('Skip Files Uploaded Before: a batch run again after a failed execution');
	const invoices = await writeInvoices(folder, 'dedupfail', FILES.failed);
	emulator.setFaults(SLOW_UPLOADS);
	let status: string;
	try {
		const id = await cluster.startRun(IDS.failed, IDS.failed.toLowerCase());
		await waitFor('a third of the batch at Gini', 120_000, async () =>
			atGini(context, USERS.failed).size >= FILES.failed / 3 ? true : undefined,
		);
		// From here on Gini refuses every upload: the node fails, and with it the execution.
		emulator.setFaults({ share503: 1, retryAfterSeconds: 0, routes: ['POST /documents'] });
		status = (await cluster.finished(IDS.failed, id, 120_000)).status;
	} finally {
		emulator.setFaults({});
	}
	const before = atGini(context, USERS.failed).size;
	report.check(
		'the execution fails halfway',
		status === 'error' && before > 0 && before < FILES.failed,
		`status ${status}, ${before} of ${FILES.failed} files at Gini`,
	);
	await rerunUploadsTheRest(context, cluster, IDS.failed, USERS.failed, invoices, before);
}

async function afterKilledWorker(
	context: QueueContext,
	cluster: Cluster,
	folder: string,
): Promise<void> {
	const { report, emulator } = context;
	report.begin('Skip Files Uploaded Before: a batch run again after its worker was killed');
	const invoices = await writeInvoices(folder, 'dedupkill', FILES.killed);
	emulator.setFaults(SLOW_UPLOADS);
	let status: string;
	try {
		const id = await cluster.startRun(IDS.killed, IDS.killed.toLowerCase());
		await waitFor('a quarter of the batch at Gini', 120_000, async () =>
			atGini(context, USERS.killed).size >= FILES.killed / 4 ? true : undefined,
		);
		const victim = cluster.workersThatRan(id)[0];
		const worker = victim ? cluster.workers.get(victim) : undefined;
		if (!victim || !worker?.child.pid) throw new Error(`no worker logged execution ${id}`);
		process.kill(-worker.child.pid, 'SIGKILL');
		await waitFor(`${victim} gone`, 10_000, async () => (worker.exited() ? true : undefined));
		cluster.workers.delete(victim);
		status = (await cluster.finished(IDS.killed, id, 180_000)).status;
		report.check(
			`${victim} killed with SIGKILL, the execution failed`,
			status !== 'success',
			status,
		);
	} finally {
		emulator.setFaults({});
	}
	await cluster.startWorker(`worker-dedup-${Date.now()}`);
	const before = atGini(context, USERS.killed).size;
	report.check(
		'files at Gini when the worker died',
		before > 0 && before < FILES.killed,
		`${before} of ${FILES.killed}`,
	);
	await rerunUploadsTheRest(context, cluster, IDS.killed, USERS.killed, invoices, before);
}

async function guardFlagsResentInvoice(
	context: QueueContext,
	cluster: Cluster,
	folder: string,
): Promise<void> {
	const { report, repoRoot } = context;
	report.begin('Flag Possible Double Payments: an invoice sent again as another PDF');
	const original = readFileSync(fixturePath(repoRoot, 'invoice-mueller-haustechnik.pdf'));
	// The same invoice as another PDF: marked as a copy, compressed; other bytes, same payment data.
	const copy = await buildTextPdf([['# Kopie', ...MUELLER_HAUSTECHNIK[0]]], { compress: true });
	const runWith = async (file: string, bytes: Buffer) => {
		rmSync(folder, { recursive: true, force: true });
		mkdirSync(folder, { recursive: true });
		writeFileSync(path.join(folder, file), bytes);
		const id = await cluster.startRun(IDS.guard, IDS.guard.toLowerCase());
		const done = await cluster.finished(IDS.guard, id, 120_000);
		return { status: done.status, item: nodeOutput(await cluster.executionRun(id), NODE)[0]?.json };
	};
	const first = await runWith('rechnung.pdf', original);
	report.check(
		'first invoice: possibleDuplicate false',
		first.status === 'success' && first.item?.possibleDuplicate === false,
		`status ${first.status}, possibleDuplicate ${String(first.item?.possibleDuplicate)}`,
	);
	const second = await runWith('rechnung-kopie.pdf', copy);
	const match = String(second.item?.duplicateMatch ?? '');
	report.check(
		'the same invoice as another PDF: possibleDuplicate true, duplicateMatch says what matched (no full IBAN)',
		second.status === 'success' &&
			second.item?.possibleDuplicate === true &&
			second.item?.documentId !== first.item?.documentId &&
			/ending 3000/.test(match) &&
			!match.includes('DE89'),
		`status ${second.status}: ${match}`,
	);
}

export async function runDedupScenarios(
	context: QueueContext,
	cluster: Cluster,
	folders: DedupFolders,
): Promise<void> {
	await guardFlagsResentInvoice(context, cluster, folders.guard);
	await afterFailedExecution(context, cluster, folders.failed);
	await afterKilledWorker(context, cluster, folders.killed);
}
