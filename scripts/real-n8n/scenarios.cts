/**
 * The checks of the end-to-end run: what n8n put out and what the emulator counted, for the batch example run by
 * the CLI in each credential mode, and for the token hand-off and e-mail examples served by `n8n start`.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { Counters, Emulator } from '../../test/emulator/index.cts';
import {
	CREDENTIAL_IDS,
	WEBHOOK_HEADER,
	amountOf,
	batchWebhookPath,
	isCreditNote,
	payableAmountOf,
	fixturePath,
	processableInvoices,
	type Mode,
} from './fixtures.cts';
import { expectFlatPaymentItem } from './flatShapeScenario.cts';
import { clientLoggedIn, deliver, invoiceEmail, type ImapServer } from './imap.cts';
import { sleep, waitFor } from './processes.cts';
import {
	nodeOutput,
	nodeOutputAllRuns,
	type N8n,
	type N8nInstall,
	type ExecutionItem,
	type ExecutionRun,
} from './n8n.cts';
import type { Report } from './report.cts';
import { RestClient, unflatten } from './rest.cts';
import { checkEmailExecution, EMAIL_WORKFLOW_ID } from './emailChecks.cts';

export interface Context {
	repoRoot: string;
	work: string;
	n8n: N8n;
	emulator: Emulator;
	report: Report;
	install: N8nInstall;
	imap?: ImapServer;
	/** The client whose JWTs are signed with the key generated for this run. */
	jwtClientId: string;
}

export const MODES: Mode[] = ['basic', 'jwt', 'userCenter'];

const TOKEN_WORKFLOW_ID = 'GiniExTokenHandOff';
const DEVICE_KEY = { [WEBHOOK_HEADER.name]: WEBHOOK_HEADER.value };
const BATCH_IDS: Record<Mode, string> = {
	basic: 'GiniE2eBatchBasic',
	jwt: 'GiniE2eBatchJwt',
	userCenter: 'GiniE2eBatchUserCtr',
};

/** The folder the batch example reads: the processable sample invoices. */
export function copyBatchFolder(context: Context, folder: string): string {
	mkdirSync(folder, { recursive: true });
	for (const sample of processableInvoices()) {
		copyFileSync(fixturePath(context.repoRoot, sample.file), path.join(folder, sample.file));
	}
	return folder;
}

function delta(before: Counters, after: Counters) {
	return {
		documentsCreated: after.documentsCreated - before.documentsCreated,
		grants: after.tokenGrants.total - before.tokenGrants.total,
		password: after.tokenGrants.password - before.tokenGrants.password,
		login: after.tokenGrants.login - before.tokenGrants.login,
		clientCredentials: after.tokenGrants.client_credentials - before.tokenGrants.client_credentials,
		byClient: Object.fromEntries(
			Object.entries(after.requests.byClient).map(([client, count]) => [
				client,
				count - (before.requests.byClient[client] ?? 0),
			]),
		),
	};
}

const near = (a: number, b: number) => Math.abs(a - b) < 0.005;

interface ExecutionSummary {
	id: string;
	status: string;
}

/** Calls a production webhook and waits for the execution it started to end; returns it as n8n saved it. */
export async function productionRun(
	context: Context,
	rest: RestClient,
	workflowId: string,
	webhookPath: string,
): Promise<ExecutionRun & { status: string }> {
	const { n8n } = context;
	await n8n.webhookRegistered(webhookPath);
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = async () =>
		(await rest.get<{ results: ExecutionSummary[] }>(`/executions?filter=${filter}&limit=50`))
			.results;
	const before = new Set((await list()).map((execution) => execution.id));
	const response = await fetch(`http://127.0.0.1:${n8n.env.N8N_PORT}/webhook/${webhookPath}`, {
		signal: AbortSignal.timeout(30_000),
	});
	if (!response.ok) throw new Error(`webhook ${webhookPath}: HTTP ${response.status}`);
	const done = await waitFor(`the run of ${workflowId}`, 240_000, async () =>
		(await list()).find(
			(execution) =>
				!before.has(execution.id) && !['new', 'running', 'waiting'].includes(execution.status),
		),
	);
	const detail = await rest.get<{ data: string }>(`/executions/${done.id}`);
	return {
		status: done.status,
		data: unflatten(context.install.dir, detail.data),
	} as ExecutionRun & { status: string };
}

export async function runBatch(context: Context, mode: Mode, rest: RestClient): Promise<void> {
	const { report, emulator } = context;
	const samples = processableInvoices();
	const before = emulator.counters();
	const started = Date.now();
	const run = await productionRun(context, rest, BATCH_IDS[mode], batchWebhookPath(mode));
	report.equal('execution status', run.status, 'success');
	const read = nodeOutput(run, 'Read invoices from folder');
	report.equal('files read from the folder', read.length, samples.length);
	report.check(
		'binary data kept on disk (N8N_DEFAULT_BINARY_DATA_MODE=filesystem)',
		read.length > 0 &&
			read.every((item) => String(item.binary?.data?.id ?? '').startsWith('filesystem')),
		String(read[0]?.binary?.data?.id ?? 'no binary id'),
	);
	const uploads = nodeOutputAllRuns(run, 'Gini Pay upload');
	const firstSample = samples.find((sample) => !isCreditNote(sample)) ?? samples[0];
	expectFlatPaymentItem(
		report,
		'Upload',
		uploads.find((upload) => extraction(upload).fileName === firstSample.file)?.json,
		firstSample.expected.iban,
	);
	const wrong = samples.filter((sample) => {
		const item = uploads.find((upload) => extraction(upload).fileName === sample.file);
		const fields = item ? extraction(item) : {};
		return (
			fields.status !== 'COMPLETED' ||
			fields.iban !== sample.expected.iban ||
			(isCreditNote(sample)
				? fields.amount !== null || !near(Number(fields.creditAmount), amountOf(sample))
				: !near(Number(fields.amount), amountOf(sample)))
		);
	});
	report.check(
		`${samples.length} uploads with IBAN and amount extracted`,
		uploads.length === samples.length && wrong.length === 0,
		wrong.length ? `wrong: ${wrong.map((sample) => sample.file).join(', ')}` : '',
	);
	const summary = nodeOutput(run, 'Summary')[0]?.json ?? {};
	// Credit notes add nothing: their simplified amount is null.
	const total = samples.reduce((sum, sample) => sum + payableAmountOf(sample), 0);
	report.check(
		'summary counts the documents and adds up the amounts',
		summary.count_documentId === samples.length && near(Number(summary.sum_amount), total),
		JSON.stringify({
			count_documentId: summary.count_documentId,
			sum_amount: summary.sum_amount,
			expected: total,
		}),
	);
	const counted = delta(before, emulator.counters());
	report.equal('documents created at Gini', counted.documentsCreated, samples.length);
	const grants = { basic: 0, jwt: 0, userCenter: 1 }[mode];
	report.equal(
		mode === 'userCenter'
			? `token grants: 1 user login for ${samples.length} items with concurrency 5 (the cache holds across items)`
			: `token grants: none (${mode === 'basic' ? 'client credentials on every request' : 'JWTs signed in n8n'})`,
		counted.grants,
		grants,
	);
	console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s for the run)`);
	if (mode === 'jwt') {
		const signed = counted.byClient[context.jwtClientId] ?? 0;
		report.check(
			"Gini calls authenticated with the run's own key (the emulator verifies the JWTs against the JWKS)",
			signed > 0,
			`${signed} requests`,
		);
	}
	if (mode === 'basic') {
		const again = await productionRun(context, rest, BATCH_IDS[mode], batchWebhookPath(mode));
		report.check(
			'a second run on the same folder uploads nothing (the data table remembers the files)',
			again.status === 'success' &&
				nodeOutputAllRuns(again, 'Gini Pay upload').length === 0 &&
				emulator.counters().documentsCreated === before.documentsCreated + samples.length,
			`status ${again.status}`,
		);
	}
}

function extraction(item: ExecutionItem): Record<string, unknown> {
	return item.json;
}

async function callTokenWebhook(
	base: string,
	user: string,
	header: Record<string, string> = DEVICE_KEY,
) {
	const query = user ? `?user=${encodeURIComponent(user)}` : '';
	const response = await fetch(`${base}/webhook/gini-pay-token${query}`, {
		headers: header,
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	let body: Record<string, unknown> = {};
	try {
		body = JSON.parse(text) as Record<string, unknown>;
	} catch {
		body = { raw: text.slice(0, 300) };
	}
	return { status: response.status, cacheControl: response.headers.get('cache-control'), body };
}

export async function runServer(context: Context): Promise<void> {
	const { report, emulator, n8n } = context;
	const published = [
		...MODES.map((mode) => BATCH_IDS[mode]),
		TOKEN_WORKFLOW_ID,
		...(context.imap ? [EMAIL_WORKFLOW_ID] : []),
	];
	// Publishing is read at startup: n8n says changes "will not take effect if n8n is running".
	for (const id of published) await n8n.cliOrThrow(['publish:workflow', `--id=${id}`]);
	report.check(`publish:workflow ${published.join(', ')}`, true);
	const server = await n8n.start();
	try {
		report.check('n8n start answers on loopback', true, `port ${n8n.env.N8N_PORT}`);
		const base = `http://127.0.0.1:${n8n.env.N8N_PORT}`;
		const rest = new RestClient(base);
		await rest.setupOwner();
		for (const mode of MODES) {
			report.begin(`batch upload example, ${mode} credential (production run under n8n start)`);
			await runBatch(context, mode, rest);
		}
		report.begin('n8n start: token hand-off webhook and e-mail ingestion');
		await n8n.webhookRegistered('gini-pay-token');
		report.check('token hand-off webhook registered (published workflow activated)', true);

		const before = emulator.counters();
		const first = await callTokenWebhook(base, 'device-user-1');
		const second = await callTokenWebhook(base, 'device-user-1');
		const other = await callTokenWebhook(base, 'device-user-2');
		report.check(
			'webhook answers 200 with a token',
			first.status === 200 && typeof first.body.accessToken === 'string',
			JSON.stringify(first.body).slice(0, 200),
		);
		report.equal('first answer: a new token (fromCache)', first.body.fromCache, false);
		report.equal('second answer: from the cache (fromCache)', second.body.fromCache, true);
		report.check(
			'second answer: the same token',
			second.body.accessToken === first.body.accessToken && first.body.accessToken !== undefined,
		);
		report.equal('answers are not cacheable (Cache-Control)', first.cacheControl, 'no-store');
		report.check(
			'another user: a token of its own',
			other.body.fromCache === false && other.body.accessToken !== first.body.accessToken,
		);
		report.equal(
			'Gini /login calls for 3 requests of 2 users',
			delta(before, emulator.counters()).login,
			2,
		);
		const noKey = await callTokenWebhook(base, 'device-user-1', {});
		const wrongKey = await callTokenWebhook(base, 'device-user-1', {
			[WEBHOOK_HEADER.name]: 'guess',
		});
		report.check(
			'without the Header Auth key, or with a wrong one: 403 and no token',
			noKey.status === 403 &&
				wrongKey.status === 403 &&
				!noKey.body.accessToken &&
				!wrongKey.body.accessToken,
			`${noKey.status}, ${wrongKey.status}`,
		);
		const noUser = await callTokenWebhook(base, '');
		report.check(
			'without ?user=: no token (no fallback to the default user)',
			noUser.status !== 200 && !noUser.body.accessToken,
			`${noUser.status} ${JSON.stringify(noUser.body).slice(0, 120)}`,
		);

		if (context.imap) {
			const beforeEmail = emulator.counters();
			await deliverInvoiceEmail(context);
			await checkEmailExecution(context, rest, beforeEmail);
		}
	} catch (error) {
		report.fail('server scenario', error);
	} finally {
		await server.stop();
	}
	report.check('n8n stopped', server.exited());
}

/** Two invoices and an attachment Gini refuses (a ZIP), as one e-mail to the mailbox the example watches. */
async function deliverInvoiceEmail(context: Context): Promise<void> {
	const imap = context.imap as ImapServer;
	const [first, second] = processableInvoices();
	const attachments = [
		{ sample: first.file, mediaType: first.mediaType },
		{ sample: 'unsupported-archive.zip', mediaType: 'application/zip' },
		{ sample: second.file, mediaType: second.mediaType },
	].map(({ sample, mediaType }) => ({
		fileName: sample,
		mediaType,
		content: readFileSync(fixturePath(context.repoRoot, sample)),
	}));
	const message = invoiceEmail(
		'billing@supplier.example.test',
		imap.account.user,
		'Invoices November',
		attachments,
	);
	// The trigger reacts to mail arriving while it is connected (and to unseen mail since activation on later
	// arrivals), so the mail goes in once it has logged in and opened the mailbox.
	await clientLoggedIn(imap, 120_000);
	await sleep(2000);
	await deliver(imap.account, message);
	context.report.check('e-mail with 3 attachments delivered over IMAP', true, CREDENTIAL_IDS.imap);
}
