/**
 * `npm run test:e2e`: the package inside a real n8n 2.41.1, against the Gini emulator.
 *
 * 1. install.sh (reused when present), `npm run build`, the package unpacked into the temporary user folder's
 *    community nodes folder (package.cts), the emulator and, when Debian's dovecot is there, an IMAP server;
 * 2. `import:credentials` for the three Gini modes (the JWT one with a key generated for this run, whose public key
 *    the emulator holds as a JWK set) and the mailbox, `import:workflow` of the examples as they are and of copies
 *    of the batch example started by a webhook (scenarios.cts);
 * 3. `n8n start`: the batch copies as production runs in each credential mode (the basic one twice: nothing is
 *    uploaded again), the token hand-off webhook called twice (the second answer from the token cache), an
 *    e-mail with invoices delivered to the mailbox, and the review-and-pay example end to end (reviewScenario.cts:
 *    review e-mails to a local SMTP server answered over HTTP, feedback at Gini, the weekly SEPA file);
 * 4. queue mode (queue.cts): Redis, PostgreSQL, a main process and two workers; batches of 200 invoices, the
 *    token hand-off, the trigger across a restart of main, and a worker killed in the middle of a batch.
 * Prints a summary and exits non-zero on any failure. Logs and the user folder stay in the printed folder when
 * something failed. Environment: N8N_E2E_CACHE (install folder), GINI_E2E_REQUIRE_IMAP=1 (or CI=true) to fail
 * instead of skipping the e-mail example when dovecot is missing, GINI_E2E_KEEP=1 to keep the folder,
 * GINI_E2E_ONLY=queue to run only the queue-mode part, GINI_E2E_ONLY=server to leave it out, GINI_E2E_ONLY=review
 * for the review-and-pay example alone (under n8n start), GINI_E2E_SCREENSHOTS=<folder> for where the screenshots of
 * its review step go (default: the working folder).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { startEmulator, type Emulator } from '../../test/emulator/index.cts';
import {
	EXAMPLES,
	batchVariant,
	createAnonymousUser,
	credentialsFile,
	generatedJwtClient,
	loadExample,
} from './fixtures.cts';
import { dovecotAvailable, startImapServer, type ImapServer } from './imap.cts';
import { N8N_VERSION, N8n, ensureInstall, freePort, n8nEnvironment } from './n8n.cts';
import { prepareFlatShapeScenario } from './flatShapeScenario.cts';
import { prepareHttpRequestScenario } from './httpRequestScenario.cts';
import { buildAndInstallPackage } from './package.cts';
import { killAll, openLog } from './processes.cts';
import { runQueueMode } from './queue.cts';
import { Report } from './report.cts';
import { prepareReview, reviewVariant, smtpCredential } from './reviewScenario.cts';
import { copyBatchFolder, MODES, runServer, type Context } from './scenarios.cts';
import { startSmtpServer, type SmtpServer } from './smtp.cts';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WATCHDOG_MS = 30 * 60_000;

async function main(report: Report, work: string): Promise<void> {
	const log = openLog(path.join(work, 'e2e.log'));
	console.log(`Working folder ${work} (full log: e2e.log)`);

	report.begin(`install n8n ${N8N_VERSION}`);
	const install = await ensureInstall(REPO_ROOT, log);
	report.check(
		'n8n installed or reused',
		true,
		`${install.dir}, ${(install.ms / 1000).toFixed(1)} s`,
	);

	report.begin('build and install the package');
	const userFolder = path.join(work, 'user');
	const pkg = await buildAndInstallPackage(REPO_ROOT, userFolder, path.join(work, 'pack'), log);
	report.check(
		'package unpacked into the community nodes folder',
		true,
		path.relative(work, pkg.folder),
	);

	report.begin('start the emulator and the mailbox');
	const emulator: Emulator = await startEmulator({ processingMs: 300 });
	cleanups.push(() => emulator.stop());
	report.check('emulator listening', true, `${emulator.payApiUrl}, ${emulator.userCenterUrl}`);
	const anonymous = await createAnonymousUser(emulator, 'e2e-anonymous@app.example.test');
	const jwtClient = generatedJwtClient(emulator);
	report.check(
		'JWT client with a key generated for this run, its public key registered as a JWKS',
		true,
		`${jwtClient.clientId}, kid ${jwtClient.keyId}`,
	);
	let imap: ImapServer | undefined;
	const requireImap = process.env.GINI_E2E_REQUIRE_IMAP === '1' || process.env.CI === 'true';
	if (dovecotAvailable()) {
		imap = await startImapServer(path.join(work, 'imap'), await freePort(), log);
		cleanups.push(() => imap?.process.stop());
		report.check('dovecot IMAP server listening', true, `127.0.0.1:${imap.account.port}`);
	} else if (requireImap) {
		report.fail(
			'dovecot IMAP server',
			new Error('dovecot is not installed (apt-get install -y dovecot-imapd) or this is not root'),
		);
	} else {
		console.log(
			'  skip dovecot is not installed or this is not root: the e-mail example is not run',
		);
	}

	// The review example sends its review e-mails here; it needs the mailbox too, so it runs only with dovecot.
	let smtp: SmtpServer | undefined;
	if (imap) {
		smtp = await startSmtpServer(await freePort());
		const server = smtp;
		cleanups.push(() => server.close());
		report.check(
			'SMTP server listening (keeps the e-mails n8n sends)',
			true,
			`127.0.0.1:${smtp.port}`,
		);
	}

	const filesFolder = path.join(work, 'files');
	const paymentsFolder = path.join(filesFolder, 'payments');
	const n8n = new N8n(
		install,
		n8nEnvironment(install, { userFolder, filesFolder, port: await freePort() }),
		log,
	);
	const context: Context = {
		repoRoot: REPO_ROOT,
		work,
		n8n,
		emulator,
		report,
		install,
		imap,
		smtp,
		paymentsFolder,
		jwtClientId: jwtClient.clientId,
	};

	const queueCredentials = credentialsFile(emulator, anonymous, undefined, jwtClient);
	const queue = () =>
		runQueueMode({
			repoRoot: REPO_ROOT,
			work,
			install,
			emulator,
			report,
			log,
			packageFolder: pkg.folder,
			packageName: pkg.name,
			credentials: queueCredentials,
			onCleanup: (step) => cleanups.push(step),
		});
	if (process.env.GINI_E2E_ONLY === 'queue') return await queue();

	report.begin('import credentials and workflows');
	const credentialsPath = path.join(work, 'credentials.json');
	writeFileSync(
		credentialsPath,
		JSON.stringify(
			[
				...credentialsFile(emulator, anonymous, imap?.account, jwtClient),
				...(smtp ? [smtpCredential(smtp.port)] : []),
			],
			null,
			2,
		),
	);
	const imported = await n8n.cliOrThrow(['import:credentials', `--input=${credentialsPath}`]);
	report.check('import:credentials', /Successfully imported \d+ credential/.test(imported.stdout));
	const workflowsFolder = path.join(work, 'workflows');
	mkdirSync(workflowsFolder, { recursive: true });
	const batchFolder = copyBatchFolder(context, path.join(filesFolder, 'invoices'));
	const httpRequest = await prepareHttpRequestScenario(emulator);
	const flatShape = await prepareFlatShapeScenario(emulator, REPO_ROOT);
	const workflows = [
		...httpRequest.workflows,
		...flatShape.workflows,
		...Object.values(EXAMPLES).map((file) => loadExample(REPO_ROOT, file)),
		...MODES.map((mode) => batchVariant(loadExample(REPO_ROOT, EXAMPLES.batch), mode, batchFolder)),
		reviewVariant(loadExample(REPO_ROOT, EXAMPLES.review), paymentsFolder),
	];
	if (imap) await prepareReview(imap, paymentsFolder);
	for (const workflow of workflows) {
		writeFileSync(
			path.join(workflowsFolder, `${workflow.id}.json`),
			JSON.stringify(workflow, null, 2),
		);
	}
	const importedWorkflows = await n8n.cliOrThrow([
		'import:workflow',
		'--separate',
		`--input=${workflowsFolder}`,
	]);
	report.check(
		`import:workflow of ${workflows.length} workflows (the ${Object.keys(EXAMPLES).length} examples unedited)`,
		new RegExp(`Successfully imported ${workflows.length} workflows?`).test(
			importedWorkflows.stdout,
		),
		importedWorkflows.stdout.trim().split('\n').pop(),
	);

	if (process.env.GINI_E2E_ONLY !== 'review') {
		report.begin("n8n's HTTP Request node with the Gini credential (n8n execute)");
		await httpRequest.run(context);

		report.begin('Get Extractions outputs the flat payment item (n8n execute)');
		await flatShape.run(context);
	}

	report.begin('n8n start: the examples as production runs');
	await runServer(context);

	if (process.env.GINI_E2E_ONLY === 'server' || process.env.GINI_E2E_ONLY === 'review') return;
	await queue();
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];

async function cleanup(): Promise<void> {
	for (const step of cleanups.splice(0).reverse()) {
		try {
			await step();
		} catch {
			// keep cleaning up
		}
	}
	killAll();
}

async function entry(): Promise<number> {
	const report = new Report();
	const work = mkdtempSync(path.join(tmpdir(), 'gini-n8n-e2e-'));
	const watchdog = setTimeout(() => {
		console.error(
			`\nThe end-to-end run took longer than ${WATCHDOG_MS / 60_000} minutes: stopping.`,
		);
		killAll();
		process.exit(1);
	}, WATCHDOG_MS);
	watchdog.unref();
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			killAll();
			process.exit(1);
		});
	}
	try {
		await main(report, work);
	} catch (error) {
		report.fail('run aborted', error);
	} finally {
		await cleanup();
		clearTimeout(watchdog);
	}
	report.print();
	const failed = report.failed.length > 0 || report.results.length === 0;
	if (failed || process.env.GINI_E2E_KEEP === '1') {
		console.log(`Logs, user folder and imported files kept in ${work}`);
	} else {
		rmSync(work, { recursive: true, force: true });
	}
	return failed ? 1 : 0;
}

entry().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(error);
		killAll();
		process.exit(1);
	},
);
