/**
 * The review-and-pay example under `n8n start`, with nobody at the keyboard: an e-mail with two invoices reaches the
 * mailbox, the example sends one review e-mail per invoice (to the SMTP server of this run, smtp.cts) with page 1,
 * the payment fields and the GiroCode, and the test answers each review form over HTTP as a reviewer would: the first
 * invoice approved with a corrected recipient and amount, the second paid with the GiroCode. Then Gini holds the
 * reviewed values as feedback, and the weekly branch (started by a webhook instead of its Monday schedule) writes one
 * SEPA file with the approved invoice only, valid against the pain.001 schema, and nothing the week after.
 *
 * The workflow is a copy of the example that differs only where the test must reach in: the mailbox folder (the
 * e-mail example watches INBOX of the same account), the trigger of the weekly branch, and the payments folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { DEMO_CLIENTS } from '../../test/emulator/index.cts';
import { SCHEMAS, validate } from '../../test/unit/payments/xmllint.cts';
import {
	CREDENTIAL_IDS,
	fixturePath,
	processableInvoices,
	type WorkflowJson,
} from './fixtures.cts';
import { clientLoggedIn, createMailbox, deliver, invoiceEmail, type ImapServer } from './imap.cts';
import { nodeOutput, type ExecutionRun } from './n8n.cts';
import { sleep, waitFor } from './processes.cts';
import { unflatten, type RestClient } from './rest.cts';
import type { Context } from './scenarios.cts';
import { productionRun } from './scenarios.cts';
import { shootReviewStep } from './screenshotsReview.cts';
import { inlined, nthMessage, parseMail, type ParsedMail, type SmtpServer } from './smtp.cts';

export const REVIEW_WORKFLOW_ID = 'GiniE2eReviewAndPay';
export const REVIEW_MAILBOX = 'Review';
export const WEEKLY_WEBHOOK = 'gini-e2e-review-weekly';

const APPROVE = 'Approve for the weekly transfer';
const PAID = 'Paid with the GiroCode';
/** What the reviewer types over the first invoice's recipient and amount (German decimal comma). */
const CORRECTED = { recipient: 'Haustechnik Mueller GmbH', amount: '3800,50', cents: 380050 };

function nodeNamed(workflow: WorkflowJson, name: string) {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`${workflow.name} has no node "${name}"`);
	return node;
}

/** The SMTP credential the example names, pointing at this run's mail server. */
export function smtpCredential(port: number): object {
	return {
		id: CREDENTIAL_IDS.smtp,
		name: 'Mail server (SMTP)',
		type: 'smtp',
		data: {
			user: '',
			password: '',
			host: '127.0.0.1',
			port,
			secure: false,
			disableStartTls: true,
			hostName: '',
		},
	};
}

/** The example as the run starts it: see the file's comment for the three differences. */
export function reviewVariant(example: WorkflowJson, paymentsFolder: string): WorkflowJson {
	const copy = structuredClone(example);
	copy.id = REVIEW_WORKFLOW_ID;
	copy.name = `${example.name} (e2e)`;
	nodeNamed(copy, 'Invoice mailbox').parameters.mailbox = REVIEW_MAILBOX;
	Object.assign(nodeNamed(copy, 'Every Monday at 8'), {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: 'e2e-review-weekly',
		parameters: {
			httpMethod: 'GET',
			path: WEEKLY_WEBHOOK,
			responseMode: 'onReceived',
			options: {},
		},
	});
	const write = nodeNamed(copy, 'Write SEPA file');
	write.parameters.fileName = String(write.parameters.fileName).replace(
		'/home/node/.n8n-files/payments',
		paymentsFolder,
	);
	return copy;
}

/** Before n8n starts: the mailbox the copy watches, and the folder it writes to. */
export async function prepareReview(imap: ImapServer, paymentsFolder: string): Promise<void> {
	await createMailbox(imap.account, REVIEW_MAILBOX);
	mkdirSync(paymentsFolder, { recursive: true });
}

/** Gini's extractions of a document, as the credential's default user reads them: feedback shows there. */
async function giniExtractions(
	context: Context,
	documentId: string,
): Promise<Record<string, { value?: string }>> {
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	const response = await fetch(
		`${context.emulator.payApiUrl}/documents/${documentId}/extractions`,
		{
			headers: {
				Accept: 'application/vnd.gini.v1+json',
				Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
				'X-User-Identifier': 'default-user',
			},
			signal: AbortSignal.timeout(30_000),
		},
	);
	if (!response.ok) throw new Error(`extractions of ${documentId}: HTTP ${response.status}`);
	return ((await response.json()) as { extractions: Record<string, { value?: string }> })
		.extractions;
}

/** The form link of a review e-mail (its "Review and approve" button). */
function formLink(mail: ParsedMail): string {
	const link = /<a href="([^"]+)"[^>]*>Review and approve<\/a>/.exec(mail.html)?.[1];
	if (!link) throw new Error(`no review link in the e-mail "${mail.subject}"`);
	return link.replace(/&amp;/g, '&');
}

/** Decodes the GiroCode of a review e-mail with zbarimg (Debian zbar-tools). */
function decodeGiroCode(context: Context, mail: ParsedMail, index: number): string {
	const part = mail.attachments.find((attachment) => attachment.cid === 'girocode');
	if (!part) return '';
	const file = path.join(context.work, `girocode-${index}.png`);
	writeFileSync(file, part.content);
	try {
		return execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file]).toString('utf8');
	} catch (error) {
		return `zbarimg failed: ${(error as Error).message}`;
	}
}

/** The form's fields in their order (field-0, field-1, …): Decision, IBAN, Amount, Recipient, Reference. */
async function answerForm(formUrl: string, answers: string[]): Promise<number> {
	const body = new FormData();
	answers.forEach((answer, index) => body.append(`field-${index}`, answer));
	const response = await fetch(formUrl, {
		method: 'POST',
		body,
		signal: AbortSignal.timeout(60_000),
	});
	await response.text();
	return response.status;
}

interface ReviewedMail {
	mail: ParsedMail;
	formUrl: string;
	formHtml: string;
}

async function reviewMail(
	context: Context,
	smtp: SmtpServer,
	count: number,
	sample: ReturnType<typeof processableInvoices>[number],
): Promise<ReviewedMail> {
	const { report } = context;
	const mail = await parseMail(context.install.dir, await nthMessage(smtp, count, 180_000));
	const amount = Number(sample.expected.amountToPay?.split(':')[0]).toFixed(2);
	const grouped = (sample.expected.iban ?? '').replace(/(.{4})(?=.)/g, '$1 ');
	const page = mail.attachments.find((attachment) => attachment.cid === 'page_1');
	report.check(
		`review e-mail ${count} (${sample.file}): recipient, IBAN, amount, page 1 (JPEG) and GiroCode (PNG) inline`,
		mail.html.includes(grouped) &&
			mail.html.includes(`${amount} EUR`) &&
			mail.subject.includes(amount) &&
			mail.html.includes('cid:page_1') &&
			mail.html.includes('cid:girocode') &&
			page?.contentType === 'image/jpeg' &&
			page.content.subarray(0, 2).toString('hex') === 'ffd8' &&
			mail.attachments.some(
				(attachment) => attachment.cid === 'girocode' && attachment.contentType === 'image/png',
			),
		`${mail.subject}; parts ${mail.attachments.map((a) => `${a.cid}:${a.contentType}`).join(', ')}`,
	);
	const payload = decodeGiroCode(context, mail, count).split('\n');
	report.check(
		`its GiroCode decodes (zbarimg) to the invoice's IBAN and amount`,
		payload[0] === 'BCD' &&
			payload.includes(sample.expected.iban ?? '-') &&
			payload.includes(`EUR${amount}`),
		payload.join(' | ').slice(0, 160),
	);
	const formUrl = formLink(mail);
	const form = await fetch(formUrl, { signal: AbortSignal.timeout(30_000) });
	const formHtml = await form.text();
	report.check(
		'its review form opens with the IBAN, amount and recipient filled in',
		form.status === 200 &&
			formHtml.includes(`value="${sample.expected.iban}"`) &&
			formHtml.includes(`value="${amount}"`),
		`HTTP ${form.status}`,
	);
	return { mail, formUrl, formHtml };
}

interface ExecutionSummary {
	id: string;
	status: string;
}

async function reviewExecution(
	context: Context,
	rest: RestClient,
): Promise<ExecutionRun & { status: string }> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: REVIEW_WORKFLOW_ID }));
	const done = await waitFor('the review run to end', 120_000, async () =>
		(
			await rest.get<{ results: ExecutionSummary[] }>(`/executions?filter=${filter}&limit=20`)
		).results.find((execution) => ['success', 'error', 'crashed'].includes(execution.status)),
	);
	const detail = await rest.get<{ data: string }>(`/executions/${done.id}`);
	return {
		status: done.status,
		data: unflatten(context.install.dir, detail.data),
	} as ExecutionRun & { status: string };
}

function sepaFiles(folder: string): string[] {
	return existsSync(folder) ? readdirSync(folder).filter((file) => file.endsWith('.xml')) : [];
}

const texts = (xml: string, tag: string) =>
	[...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1]);

export async function runReviewScenario(
	context: Context,
	rest: RestClient,
	smtp: SmtpServer,
	paymentsFolder: string,
): Promise<void> {
	const { report } = context;
	const imap = context.imap as ImapServer;
	const [first, second] = processableInvoices();
	const before = smtp.messages.length;
	// As for the e-mail example: the trigger reacts to mail arriving while it is connected, and takes unseen mail
	// since its activation with the next arrival, so a message without attachments wakes it if the first was early.
	await clientLoggedIn(imap, 120_000);
	await sleep(3000);
	await deliver(
		imap.account,
		invoiceEmail(
			'billing@supplier.example.test',
			imap.account.user,
			'Two invoices to review',
			[first, second].map((sample) => ({
				fileName: sample.file,
				mediaType: sample.mediaType,
				content: readFileSync(fixturePath(context.repoRoot, sample.file)),
			})),
		),
		REVIEW_MAILBOX,
	);
	report.check(`e-mail with 2 invoices delivered to the mailbox folder "${REVIEW_MAILBOX}"`, true);
	const early = await nthMessage(smtp, before + 1, 60_000).catch(() => undefined);
	if (!early) {
		console.log(
			'  (no review e-mail yet: delivering a message without attachments to wake the trigger)',
		);
		await deliver(
			imap.account,
			invoiceEmail('billing@supplier.example.test', imap.account.user, 'Ping', []),
			REVIEW_MAILBOX,
		);
	}

	const one = await reviewMail(context, smtp, before + 1, first);
	await shootReviewStep(context, inlined(one.mail), one.formUrl);
	report.check(
		'no second review e-mail before the first is answered (one invoice at a time)',
		smtp.messages.length === before + 1,
	);
	const corrected = [
		APPROVE,
		first.expected.iban ?? '',
		CORRECTED.amount,
		CORRECTED.recipient,
		first.expected.paymentReference ?? '',
	];
	report.equal(
		'first form answered: approved, recipient and amount corrected (HTTP)',
		await answerForm(one.formUrl, corrected),
		200,
	);

	const two = await reviewMail(context, smtp, before + 2, second);
	const amountTwo = Number(second.expected.amountToPay?.split(':')[0]).toFixed(2);
	report.equal(
		'second form answered: paid with the GiroCode, values unchanged (HTTP)',
		await answerForm(two.formUrl, [
			PAID,
			second.expected.iban ?? '',
			amountTwo,
			second.expected.paymentRecipient ?? '',
			second.expected.paymentReference ?? '',
		]),
		200,
	);

	const run = await reviewExecution(context, rest);
	report.equal('review run status', run.status, 'success');
	const uploads = nodeOutput(run, 'Gini Pay upload');
	const idOf = (sample: typeof first) =>
		String(uploads.find((item) => item.json.fileName === sample.file)?.json.documentId ?? '');
	const kept = nodeOutput(run, 'Keep approved invoice').map((item) => item.json);
	report.check(
		'the approved invoice is kept in the data table, with the corrected values and what was corrected',
		kept.length === 1 &&
			kept[0].documentId === idOf(first) &&
			kept[0].recipient === CORRECTED.recipient &&
			kept[0].amount === CORRECTED.cents / 100 &&
			kept[0].status === 'approved' &&
			kept[0].corrected === 'amount, recipient',
		JSON.stringify(kept).slice(0, 300),
	);

	const firstAtGini = await giniExtractions(context, idOf(first));
	const secondAtGini = await giniExtractions(context, idOf(second));
	report.check(
		'Gini got the reviewed values as feedback: the corrections for the first invoice',
		firstAtGini.paymentRecipient?.value === CORRECTED.recipient &&
			firstAtGini.amountToPay?.value === `${(CORRECTED.cents / 100).toFixed(2)}:EUR` &&
			firstAtGini.iban?.value === first.expected.iban,
		JSON.stringify({
			recipient: firstAtGini.paymentRecipient?.value,
			amount: firstAtGini.amountToPay?.value,
		}),
	);
	report.check(
		'and the values paid with the GiroCode for the second',
		secondAtGini.paymentRecipient?.value === second.expected.paymentRecipient &&
			secondAtGini.amountToPay?.value === second.expected.amountToPay,
		JSON.stringify({
			recipient: secondAtGini.paymentRecipient?.value,
			amount: secondAtGini.amountToPay?.value,
		}),
	);

	const weekly = await productionRun(context, rest, REVIEW_WORKFLOW_ID, WEEKLY_WEBHOOK);
	report.equal('weekly run status', weekly.status, 'success');
	const files = sepaFiles(paymentsFolder);
	const xml = files.length === 1 ? readFileSync(path.join(paymentsFolder, files[0]), 'utf8') : '';
	report.check(
		'the weekly run wrote one SEPA file into the payments folder',
		files.length === 1,
		files.join(', '),
	);
	const schema = validate(SCHEMAS['pain.001.001.09'], xml);
	report.check(
		'the SEPA file validates against the pain.001.001.09 schema (xmllint)',
		schema.ok,
		schema.output.slice(0, 300),
	);
	report.check(
		'it holds the approved invoice only, with the corrected recipient and amount; CtrlSum to the cent',
		texts(xml, 'NbOfTxs').every((count) => count === '1') &&
			texts(xml, 'CtrlSum').every((sum) => sum === '3800.50') &&
			xml.includes(`>${CORRECTED.recipient}<`) &&
			xml.includes(`<IBAN>${first.expected.iban}</IBAN>`) &&
			xml.includes('<InstdAmt Ccy="EUR">3800.50</InstdAmt>') &&
			!xml.includes(second.expected.iban ?? '-'),
		JSON.stringify({ NbOfTxs: texts(xml, 'NbOfTxs'), CtrlSum: texts(xml, 'CtrlSum') }),
	);
	const marked = nodeOutput(weekly, 'Mark as in the file').map((item) => item.json);
	report.check(
		"the invoice's row is marked as in the file",
		marked.length === 1 &&
			marked[0].status === 'in payment file' &&
			String(marked[0].sepaMessageId) !== '',
		JSON.stringify(marked).slice(0, 200),
	);
	const again = await productionRun(context, rest, REVIEW_WORKFLOW_ID, WEEKLY_WEBHOOK);
	report.check(
		'the next week: nothing approved since, no new file',
		again.status === 'success' && sepaFiles(paymentsFolder).length === 1,
		`status ${again.status}, ${sepaFiles(paymentsFolder).length} files`,
	);
}
