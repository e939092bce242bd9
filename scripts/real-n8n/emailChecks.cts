/**
 * The e-mail example under `n8n start`: the Email Trigger (IMAP) picks up the delivered message, each attachment
 * goes to Gini, and the execution n8n saved shows the payment fields, with the refused attachment as an error item.
 */
import type { Counters } from '../../test/emulator/index.cts';
import { processableInvoices } from './fixtures.cts';
import { deliver, invoiceEmail, type ImapServer } from './imap.cts';
import type { ExecutionRun } from './n8n.cts';
import { nodeOutput } from './n8n.cts';
import { waitFor } from './processes.cts';
import { unflatten, type RestClient } from './rest.cts';
import type { Context } from './scenarios.cts';

export const EMAIL_WORKFLOW_ID = 'GiniExEmailIngest';

interface ExecutionSummary {
	id: string;
	status: string;
	workflowId: string;
}

async function finishedExecution(rest: RestClient): Promise<ExecutionSummary | undefined> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: EMAIL_WORKFLOW_ID }));
	const list = await rest.get<{ results: ExecutionSummary[] }>(
		`/executions?filter=${filter}&limit=10`,
	);
	return list.results.find((execution) =>
		['success', 'error', 'crashed'].includes(execution.status),
	);
}

export async function checkEmailExecution(
	context: Context,
	rest: RestClient,
	before: Counters,
): Promise<void> {
	const { report, emulator } = context;
	const imap = context.imap as ImapServer;
	let execution = await waitFor(
		'the e-mail workflow to run',
		45_000,
		async () => await finishedExecution(rest),
	).catch(() => undefined);
	if (!execution) {
		// A message that arrived while the trigger was still opening the mailbox is fetched with the next arrival
		// (the trigger searches unseen mail since activation): a second message without attachments adds one item
		// that says nothing was uploaded (documentId null), not counted below.
		console.log(
			'  (no execution yet: delivering a message without attachments to wake the trigger)',
		);
		await deliver(
			imap.account,
			invoiceEmail('billing@supplier.example.test', imap.account.user, 'Ping', []),
		);
		execution = await waitFor(
			'the e-mail workflow to run',
			75_000,
			async () => await finishedExecution(rest),
		);
	}
	report.equal('e-mail execution status', execution.status, 'success');
	const detail = await rest.get<{ data: string }>(`/executions/${execution.id}`);
	const run = {
		status: execution.status,
		data: unflatten(context.install.dir, detail.data),
	} as ExecutionRun;

	const attachments = nodeOutput(run, 'Gini Pay upload').filter(
		(item) => item.json.documentId !== null || item.json.error !== undefined,
	);
	report.equal('Gini Pay made one item per attachment (Each Binary Field)', attachments.length, 3);
	const fields = nodeOutput(run, 'Payment fields').map((item) => item.json);
	const [first, second] = processableInvoices();
	const matches = [first, second].map((sample) =>
		fields.some(
			(item) =>
				item.file === sample.file &&
				item.iban === sample.expected.iban &&
				item.subject === 'Invoices November',
		),
	);
	report.check(
		'payment fields of both invoices, with the e-mail subject',
		matches.every(Boolean),
		JSON.stringify(fields.map((item) => [item.file, item.iban])),
	);
	report.check(
		'payable and note kept: both invoices payable, the ZIP an error',
		JSON.stringify(fields.map((item) => [item.outcome, item.payable, typeof item.note])) ===
			JSON.stringify(
				fields.map((item) =>
					item.error ? ['error', false, 'string'] : ['payable', true, 'string'],
				),
			) && fields.filter((item) => item.payable === true).length === 2,
		JSON.stringify(fields.map((item) => [item.file, item.outcome, item.payable])),
	);
	const refused = fields.filter((item) => typeof item.error === 'string' && item.error.length > 0);
	report.check(
		'the ZIP attachment is an error item, not a failed run',
		refused.length === 1,
		String(refused[0]?.error ?? '').slice(0, 120),
	);
	const after = emulator.counters();
	report.equal(
		'documents created for the two invoices',
		after.documentsCreated - before.documentsCreated,
		2,
	);
}
