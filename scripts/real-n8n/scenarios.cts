/**
 * The checks of the end-to-end run: what n8n put out and what the emulator counted, for the batch example run by
 * the CLI in each credential mode, and for the token hand-off and e-mail examples served by `n8n start`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { Counters, Emulator } from '../../test/emulator/index.cts';
import type { SampleInvoice } from '../../test/fixtures/invoices.cts';
import {
	CREDENTIAL_IDS,
	amountOf,
	appToken,
	batchWebhookPath,
	isCreditNote,
	payableAmountOf,
	fixturePath,
	processableInvoices,
	userClaims,
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
import { REVIEW_WORKFLOW_ID, runReviewScenario } from './reviewScenario.cts';
import type { SmtpServer } from './smtp.cts';

export interface Context {
	repoRoot: string;
	work: string;
	n8n: N8n;
	emulator: Emulator;
	report: Report;
	install: N8nInstall;
	imap?: ImapServer;
	/** The mail server the review example sends its review e-mails to (with the IMAP server only). */
	smtp?: SmtpServer;
	/** Where the review example writes its SEPA files. */
	paymentsFolder?: string;
	/** The client whose JWTs are signed with the key generated for this run. */
	jwtClientId: string;
}

export const MODES: Mode[] = ['basic', 'jwt', 'userCenter'];

const TOKEN_WORKFLOW_ID = 'GiniExTokenHandOff';
const BATCH_IDS: Record<Mode, string> = {
	basic: 'GiniE2eBatchBasic',
	jwt: 'GiniE2eBatchJwt',
	userCenter: 'GiniE2eBatchUserCtr',
};

/** A second copy of the first sample under another name: the batch example uploads it once. */
export const IDENTICAL_COPY = `copy of ${processableInvoices()[0].file}`;

/** The folder the batch example reads: the processable sample invoices, and one of them twice. */
export function copyBatchFolder(context: Context, folder: string): string {
	mkdirSync(folder, { recursive: true });
	for (const sample of processableInvoices()) {
		copyFileSync(fixturePath(context.repoRoot, sample.file), path.join(folder, sample.file));
	}
	copyFileSync(
		fixturePath(context.repoRoot, processableInvoices()[0].file),
		path.join(folder, IDENTICAL_COPY),
	);
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
	report.equal(
		'files read from the folder (one of them twice, under another name)',
		read.length,
		samples.length + 1,
	);
	report.check(
		'binary data kept on disk (N8N_DEFAULT_BINARY_DATA_MODE=filesystem)',
		read.length > 0 &&
			read.every((item) => String(item.binary?.data?.id ?? '').startsWith('filesystem')),
		String(read[0]?.binary?.data?.id ?? 'no binary id'),
	);
	const uploads = nodeOutputAllRuns(run, 'Gini Pay upload');
	// Of the two identical files, the one the folder listing gives first is uploaded, under its own name.
	const namesOf = (sample: SampleInvoice) =>
		sample === samples[0] ? [sample.file, IDENTICAL_COPY] : [sample.file];
	const uploadOf = (sample: SampleInvoice) =>
		uploads.find((upload) => namesOf(sample).includes(String(extraction(upload).fileName)));
	const firstSample = samples.find((sample) => !isCreditNote(sample)) ?? samples[0];
	expectFlatPaymentItem(report, 'Upload', uploadOf(firstSample)?.json, firstSample.expected.iban);
	const wrong = samples.filter((sample) => {
		const item = uploadOf(sample);
		const fields = item ? extraction(item) : {};
		return (
			typeof fields.payable !== 'boolean' ||
			fields.iban !== sample.expected.iban ||
			(isCreditNote(sample)
				? fields.amount !== null ||
					fields.payable ||
					!String(fields.note).includes(`credit note of ${amountOf(sample).toFixed(2)} `)
				: !near(Number(fields.amount), amountOf(sample)))
		);
	});
	report.check(
		`${samples.length} uploads with IBAN and amount extracted`,
		uploads.length === samples.length && wrong.length === 0,
		wrong.length ? `wrong: ${wrong.map((sample) => sample.file).join(', ')}` : '',
	);
	const summary = nodeOutput(run, 'Summary')[0]?.json ?? {};
	// Only payable amounts, added up in cents: a credit note adds nothing.
	const cents = samples.reduce((sum, sample) => sum + Math.round(payableAmountOf(sample) * 100), 0);
	const toPay = summary.toPay as Record<string, number> | undefined;
	const copies = JSON.stringify(summary.identicalCopies);
	report.check(
		'summary counts the documents once and adds up the payable amounts, exactly to the cent',
		summary.documents === samples.length &&
			summary.errors === 0 &&
			toPay?.EUR === cents / 100 &&
			(copies === JSON.stringify([`${IDENTICAL_COPY} (same as ${samples[0].file})`]) ||
				copies === JSON.stringify([`${samples[0].file} (same as ${IDENTICAL_COPY})`])),
		JSON.stringify({
			documents: summary.documents,
			payable: summary.payable,
			toPay,
			expected: cents / 100,
			identicalCopies: summary.identicalCopies,
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

/** Calls the token hand-off webhook as a device: with its app's JWT (if any) and a query (ignored by the example). */
async function callTokenWebhook(base: string, token: string | undefined, query = '') {
	const response = await fetch(`${base}/webhook/gini-pay-token${query}`, {
		headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
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
	const reviewOnly = process.env.GINI_E2E_ONLY === 'review';
	const review = context.imap && context.smtp && context.paymentsFolder;
	const published = [
		...(reviewOnly ? [] : [...MODES.map((mode) => BATCH_IDS[mode]), TOKEN_WORKFLOW_ID]),
		...(context.imap && !reviewOnly ? [EMAIL_WORKFLOW_ID] : []),
		...(review ? [REVIEW_WORKFLOW_ID] : []),
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
		if (reviewOnly) {
			if (context.imap && context.smtp && context.paymentsFolder) {
				report.begin('n8n start: review and pay (e-mail, review form, feedback, weekly SEPA file)');
				await runReviewScenario(context, rest, context.smtp, context.paymentsFolder);
			}
			return;
		}
		for (const mode of MODES) {
			report.begin(`batch upload example, ${mode} credential (production run under n8n start)`);
			await runBatch(context, mode, rest);
		}
		report.begin('n8n start: token hand-off webhook and e-mail ingestion');
		await n8n.webhookRegistered('gini-pay-token');
		report.check('token hand-off webhook registered (published workflow activated)', true);

		const before = emulator.counters();
		const first = await callTokenWebhook(base, appToken(userClaims('device-user-1')));
		const second = await callTokenWebhook(base, appToken(userClaims('device-user-1')));
		const other = await callTokenWebhook(base, appToken(userClaims('device-user-2')));
		report.check(
			'webhook answers 200 with a token for the user of the verified JWT',
			first.status === 200 &&
				typeof first.body.accessToken === 'string' &&
				first.body.user === 'device-user-1',
			JSON.stringify({ ...first.body, accessToken: typeof first.body.accessToken }).slice(0, 200),
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
		const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
		const now = Math.floor(Date.now() / 1000);
		const refused = {
			'no token, only ?user=': await callTokenWebhook(base, undefined, '?user=device-user-1'),
			'a token signed with another key': await callTokenWebhook(
				base,
				appToken(userClaims('device-user-1'), otherKey),
			),
			'an expired token': await callTokenWebhook(
				base,
				appToken({ sub: 'device-user-1', iat: now - 1200, exp: now - 600 }),
			),
			'a token without sub, with ?user=': await callTokenWebhook(
				base,
				appToken({ iat: now, exp: now + 600 }),
				'?user=device-user-1',
			),
			'a token without exp': await callTokenWebhook(base, appToken({ sub: 'device-user-1' })),
		};
		const statuses = Object.fromEntries(
			Object.entries(refused).map(([call, answer]) => [call, answer.status]),
		);
		report.check(
			'no token without a verified user: 401 without a token or without sub/exp, 403 for a bad signature or an expired token',
			JSON.stringify(Object.values(statuses)) === JSON.stringify([401, 403, 403, 401, 401]) &&
				Object.values(refused).every((answer) => !answer.body.accessToken),
			JSON.stringify(statuses),
		);
		const chosen = await callTokenWebhook(
			base,
			appToken(userClaims('device-user-2')),
			'?user=device-user-1',
		);
		report.check(
			"?user= does not choose the user: the token is for the JWT's sub",
			chosen.status === 200 &&
				chosen.body.user === 'device-user-2' &&
				chosen.body.accessToken === other.body.accessToken,
			`${chosen.status} user ${String(chosen.body.user)}`,
		);
		const kept = await rest.get<{ results: Array<{ id: string; status: string }> }>(
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: TOKEN_WORKFLOW_ID }))}&limit=50`,
		);
		report.check(
			'handed-out tokens are not kept: no successful run of the token hand-off saved',
			kept.results.every((execution) => execution.status !== 'success'),
			`${kept.results.length} executions saved`,
		);

		if (context.imap) {
			const beforeEmail = emulator.counters();
			await deliverInvoiceEmail(context);
			await checkEmailExecution(context, rest, beforeEmail);
		}
		if (context.imap && context.smtp && context.paymentsFolder) {
			report.begin('n8n start: review and pay (e-mail, review form, feedback, weekly SEPA file)');
			await runReviewScenario(context, rest, context.smtp, context.paymentsFolder);
		}
	} catch (error) {
		report.fail('server scenario', error);
	} finally {
		await server.stop();
		report.check('n8n stopped', server.exited());
	}
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
