/**
 * `npx tsx scripts/real-n8n/screenshots.cts [outDir]`: screenshots of the Gini Pay node, its three credential
 * forms and the example workflows, taken from the real n8n 2.41.1 editor in headless Chromium, into
 * docs/screenshots/ (or outDir). Needs install.sh's n8n (run here if missing) and Debian's chromium.
 *
 * The instance is set up like a user's: the package in the community nodes folder, credentials with example
 * values, the examples imported as they are, and an owner account. The shots of what a first user meets (the
 * node panel's search, credential tests failing, a first upload) use credentials pointing at the Gini emulator on
 * loopback (screenshotsFirstSteps.cts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { startEmulator } from '../../test/emulator/index.cts';
import { launchChromium, type Page } from './browser.cts';
import {
	CREDENTIAL_IDS,
	EXAMPLES,
	createAnonymousUser,
	fixturePath,
	loadExample,
} from './fixtures.cts';
import { N8n, ensureInstall, freePort, n8nEnvironment } from './n8n.cts';
import { buildAndInstallPackage } from './package.cts';
import { killAll, openLog } from './processes.cts';
import { RestClient } from './rest.cts';
import {
	FIRST_UPLOAD_FILE,
	firstStepsCredentials,
	firstUploadWorkflow,
	shootFirstSteps,
} from './screenshotsFirstSteps.cts';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'docs', 'screenshots'));

/** What a user would type into the forms; the secrets are shown masked by n8n. */
const DISPLAY_CREDENTIALS = [
	{
		id: CREDENTIAL_IDS.basic,
		name: 'Gini Pay (client credentials)',
		type: 'giniPayBasicApi',
		data: {
			payApiUrl: 'https://pay-api.gini.net',
			clientId: 'acme-accounting',
			clientSecret: 'example-client-secret',
			userIdentifier: 'accounts-payable',
		},
	},
	{
		id: CREDENTIAL_IDS.jwt,
		name: 'Gini Pay (JWT)',
		type: 'giniPayJwtApi',
		data: {
			payApiUrl: 'https://pay-api.gini.net',
			jwtSource: 'sign',
			privateKey: 'example-private-key',
			algorithm: 'RS256',
			keyId: 'acme-2026-01',
			issuer: 'https://id.acme.example',
			audience: '',
			lifetimeSeconds: 300,
			clientId: 'acme-accounting',
			clientSecret: '',
			userIdentifier: 'accounts-payable',
			userIdentifierClaim: 'x-user-identifier',
			clientIdClaim: 'x-client-id',
			clientCredentialClaim: 'x-client-secret',
		},
	},
	{
		id: CREDENTIAL_IDS.userCenter,
		name: 'Gini User Center (anonymous users)',
		type: 'giniUserCenterApi',
		data: {
			payApiUrl: 'https://pay-api.gini.net',
			userCenterUrl: 'https://user.gini.net',
			clientId: 'acme-app',
			clientSecret: 'example-client-secret',
			userEmail: 'invoices@acme.example',
			userPassword: 'example-password',
		},
	},
	{
		id: CREDENTIAL_IDS.imap,
		name: 'Invoice mailbox (IMAP)',
		type: 'imap',
		data: {
			user: 'invoices@acme.example',
			password: 'example',
			host: 'imap.acme.example',
			port: 993,
			secure: true,
		},
	},
];

async function shoot(page: Page, file: string, selector: string): Promise<void> {
	const target = page.locator(selector).first();
	await target.waitFor({ state: 'visible', timeout: 30_000 });
	// No hover effects in the picture.
	await page.mouse.move(1, 1);
	await page.waitForTimeout(800);
	await target.screenshot({ path: path.join(OUT, file), animations: 'disabled' });
	console.log(`  ${path.relative(REPO_ROOT, path.join(OUT, file))}`);
}

async function openWorkflow(page: Page, base: string, id: string): Promise<void> {
	await page.goto(`${base}/workflow/${id}`, { waitUntil: 'load', timeout: 60_000 });
	await page
		.locator('[data-test-id="canvas-node"]')
		.first()
		.waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(1500);
}

interface CredentialForm {
	file: string;
	/** The credential type's display name, as the type picker lists it. */
	typeName: string;
	/** Example values typed into the form, by parameter name. */
	values: Record<string, string>;
}

/**
 * New credential forms, filled in the way a user would and not saved: a saved credential is tested as soon as its
 * form opens, which would send a request to Gini from this machine (it has no network) and show that failure.
 */
const NEW_CREDENTIAL_FORMS: CredentialForm[] = [
	{
		file: 'credential-client-credentials.png',
		typeName: 'Gini Pay (Client ID and Secret) API',
		values: {
			clientId: 'acme-accounting',
			clientSecret: 'example-secret',
			userIdentifier: 'accounts-payable',
		},
	},
	{
		file: 'credential-jwt.png',
		typeName: 'Gini Pay (Signed Token, JWT) API',
		values: {
			privateKey: 'example-private-key',
			keyId: 'acme-2026-01',
			issuer: 'https://id.acme.example',
			clientId: 'acme-accounting',
			userIdentifier: 'accounts-payable',
		},
	},
	{
		file: 'credential-user-center.png',
		typeName: 'Gini Pay (E-Mail and Password, User Center) API',
		values: {
			clientId: 'acme-app',
			clientSecret: 'example-secret',
			userEmail: 'invoices@acme.example',
			userPassword: 'example-password',
		},
	},
];

async function newCredentialForm(page: Page, base: string, form: CredentialForm): Promise<void> {
	await page.goto(`${base}/home/credentials/create`, { waitUntil: 'load', timeout: 60_000 });
	const search = page.locator('[data-test-id="new-credential-type-select"] input').first();
	await search.waitFor({ state: 'visible', timeout: 30_000 });
	await search.pressSequentially(form.typeName.split(' (')[0], { delay: 20 });
	await page
		.locator(`[data-test-id="new-credential-type-select-option"]:has-text("${form.typeName}")`)
		.first()
		.click();
	await page.locator('[data-test-id="new-credential-type-button"]').first().click();
	for (const [name, value] of Object.entries(form.values)) {
		const input = page.locator(
			`[data-test-id="parameter-input-${name}"] input, [data-test-id="parameter-input-${name}"] textarea`,
		);
		await input.first().fill(value);
	}
	await page.evaluate('document.activeElement && document.activeElement.blur()');
	await page.addStyleTag({ content: UNFOLD_CREDENTIAL_MODAL });
	await shoot(page, form.file, '.el-dialog:has([data-test-id="credential-edit-dialog"])');
}

/** The credential modal scrolls inside a fixed height; unfolded, one screenshot shows the whole form. */
const UNFOLD_CREDENTIAL_MODAL = `
.el-dialog:has([data-test-id="credential-edit-dialog"]) { height: auto !important; max-height: none !important; }
.el-dialog:has([data-test-id="credential-edit-dialog"]) .modal-content,
.el-dialog:has([data-test-id="credential-edit-dialog"]) [class*="_mainContent_"] {
	height: auto !important; max-height: none !important; overflow: visible !important;
}`;

async function takeScreenshots(base: string, cookie: string): Promise<void> {
	const browser = await launchChromium(REPO_ROOT);
	const [name, value] = cookie.split('=');
	const pageOfHeight = async (height: number, width = 1440) => {
		const context = await browser.newContext({
			viewport: { width, height },
			deviceScaleFactor: 1,
		});
		await context.addCookies([{ name, value, url: base }]);
		return await context.newPage();
	};
	try {
		const canvas = await pageOfHeight(800);
		const workflows: Array<[string, string]> = [
			['example-email-ingestion.png', 'GiniExEmailIngest'],
			['example-batch-upload.png', 'GiniExBatchUpload'],
			['example-token-hand-off.png', 'GiniExTokenHandOff'],
		];
		for (const [file, id] of workflows) {
			await openWorkflow(canvas, base, id);
			await shoot(canvas, file, '#app');
		}

		const ndv = await pageOfHeight(1150);
		const nodes: Array<[string, string, string]> = [
			['node-document-upload.png', 'GiniExBatchUpload', 'Gini Pay upload'],
			['node-session-login.png', 'GiniExTokenHandOff', 'Gini Pay login'],
		];
		for (const [file, id, node] of nodes) {
			await openWorkflow(ndv, base, id);
			await ndv.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`).dblclick();
			await shoot(ndv, file, '[data-test-id="ndv"]');
		}

		const forms = await pageOfHeight(2200);
		for (const form of NEW_CREDENTIAL_FORMS) await newCredentialForm(forms, base, form);

		// A laptop's width, 1440 px: the output table must show the payment columns a payer reads without scrolling.
		const wide = await pageOfHeight(1000, 1440);
		await shootFirstSteps({ base, canvas, ndv, forms, wide, shoot, openWorkflow });
	} finally {
		await browser.close();
	}
}

async function main(): Promise<void> {
	const work = mkdtempSync(path.join(tmpdir(), 'gini-n8n-screens-'));
	const log = openLog(path.join(work, 'screenshots.log'));
	console.log(`Working folder ${work}`);
	let ok = false;
	const emulator = await startEmulator({ processingMs: 300 });
	try {
		const anonymous = await createAnonymousUser(emulator, 'screenshots@app.example.test');
		const install = await ensureInstall(REPO_ROOT, log);
		const userFolder = path.join(work, 'user');
		await buildAndInstallPackage(REPO_ROOT, userFolder, path.join(work, 'pack'), log);
		const env = n8nEnvironment(install, { userFolder, filesFolder: work, port: await freePort() });
		const n8n = new N8n(install, env, log);
		const credentialsFile = path.join(work, 'credentials.json');
		writeFileSync(
			credentialsFile,
			JSON.stringify([...DISPLAY_CREDENTIALS, ...firstStepsCredentials(emulator, anonymous)]),
		);
		await n8n.cliOrThrow(['import:credentials', `--input=${credentialsFile}`]);
		const workflowsFolder = path.join(work, 'workflows');
		mkdirSync(workflowsFolder);
		for (const file of Object.values(EXAMPLES)) {
			writeFileSync(path.join(workflowsFolder, file), JSON.stringify(loadExample(REPO_ROOT, file)));
		}
		const invoice = path.join(work, FIRST_UPLOAD_FILE);
		copyFileSync(fixturePath(REPO_ROOT, FIRST_UPLOAD_FILE), invoice);
		writeFileSync(
			path.join(workflowsFolder, 'first-upload.json'),
			JSON.stringify(firstUploadWorkflow(invoice)),
		);
		await n8n.cliOrThrow(['import:workflow', '--separate', `--input=${workflowsFolder}`]);
		const server = await n8n.start();
		try {
			const base = `http://127.0.0.1:${env.N8N_PORT}`;
			const rest = new RestClient(base);
			await rest.setupOwner();
			mkdirSync(OUT, { recursive: true });
			await takeScreenshots(base, rest.authCookie);
			ok = true;
		} finally {
			await server.stop();
		}
	} finally {
		killAll();
		await emulator.stop();
		if (ok) rmSync(work, { recursive: true, force: true });
		else console.log(`Kept ${work} (screenshots.log)`);
	}
}

main().catch((error: Error) => {
	console.error(`Screenshots failed: ${error.message}`);
	killAll();
	process.exit(1);
});
