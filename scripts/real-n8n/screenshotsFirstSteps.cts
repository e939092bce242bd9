/**
 * The screenshots of a user's first ten minutes, taken by screenshots.cts: the node panel finding the node for
 * "invoice" and "Rechnung", each credential's test failing in plain words (a wrong secret, a missing user), and a
 * first upload with the node's default settings showing the payment fields in the table view. The credentials point
 * at the Gini emulator on loopback, so the tests and the upload really run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { Emulator } from '../../test/emulator/index.cts';
import { DEMO_CLIENTS } from '../../test/emulator/index.cts';
import type { Page } from './browser.cts';
import type { AnonymousUser, WorkflowJson } from './fixtures.cts';

export const FIRST_UPLOAD_FILE = 'invoice-mueller-haustechnik.pdf';
const FIRST_UPLOAD_ID = 'GiniShotFirstUpload';
const FIRST_UPLOAD_NODE = 'Gini Pay';

/** A credential test failing: the saved credential, and a piece of the message the test must show. */
interface FailingTest {
	file: string;
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
	expect: string;
}

function failingTests(emulator: Emulator, anonymous: AnonymousUser): FailingTest[] {
	const basic = {
		payApiUrl: emulator.payApiUrl,
		clientId: DEMO_CLIENTS.derived.clientId,
		clientSecret: DEMO_CLIENTS.derived.clientSecret,
		userIdentifier: 'accounts-payable',
	};
	const jwt = {
		payApiUrl: emulator.payApiUrl,
		jwtSource: 'sign',
		privateKey: DEMO_CLIENTS.jwt.privateKeyPem,
		algorithm: DEMO_CLIENTS.jwt.algorithm,
		keyId: DEMO_CLIENTS.jwt.keyId,
		issuer: DEMO_CLIENTS.jwt.jwt?.issuer ?? '',
		lifetimeSeconds: 300,
		clientId: DEMO_CLIENTS.jwt.clientId,
		userIdentifier: 'accounts-payable',
	};
	const userCenter = {
		payApiUrl: emulator.payApiUrl,
		userCenterUrl: emulator.userCenterUrl,
		clientId: DEMO_CLIENTS.anonymous.clientId,
		clientSecret: DEMO_CLIENTS.anonymous.clientSecret,
		userEmail: anonymous.email,
		userPassword: anonymous.password,
	};
	return [
		{
			file: 'credential-test-client-credentials-wrong-secret.png',
			id: 'GiniShotBasicWrong',
			name: 'Gini Pay (client credentials), wrong secret',
			type: 'giniPayBasicApi',
			data: { ...basic, clientSecret: 'not-the-secret' },
			expect: 'refused the Client ID and Client Secret',
		},
		{
			file: 'credential-test-client-credentials-no-user.png',
			id: 'GiniShotBasicNoUser',
			name: 'Gini Pay (client credentials), no default user',
			type: 'giniPayBasicApi',
			data: { ...basic, userIdentifier: '' },
			expect: 'Set the Default User Identifier',
		},
		{
			file: 'credential-test-jwt-wrong-issuer.png',
			id: 'GiniShotJwtWrong',
			name: 'Gini Pay (JWT), wrong issuer',
			type: 'giniPayJwtApi',
			data: { ...jwt, issuer: 'https://id.someone-else.example' },
			expect: 'refused the JWT',
		},
		{
			file: 'credential-test-jwt-no-user.png',
			id: 'GiniShotJwtNoUser',
			name: 'Gini Pay (JWT), no default user',
			type: 'giniPayJwtApi',
			data: { ...jwt, userIdentifier: '' },
			expect: 'Set the Default User Identifier',
		},
		{
			file: 'credential-test-user-center-wrong-secret.png',
			id: 'GiniShotUcWrong',
			name: 'Gini User Center, wrong secret',
			type: 'giniUserCenterApi',
			data: { ...userCenter, clientSecret: 'not-the-secret' },
			expect: 'refused the Client ID and Client Secret',
		},
		{
			file: 'credential-test-user-center-unknown-user.png',
			id: 'GiniShotUcNoUser',
			name: 'Gini User Center, a default user that does not exist',
			type: 'giniUserCenterApi',
			data: { ...userCenter, userEmail: 'nobody@acme.example' },
			expect: 'Default User E-Mail or Default User Password',
		},
	];
}

let tests: FailingTest[] = [];

/** The credentials to import: the failing tests' and a working Basic one for the first upload. */
export function firstStepsCredentials(emulator: Emulator, anonymous: AnonymousUser): object[] {
	tests = failingTests(emulator, anonymous);
	const working = {
		id: 'GiniShotBasicOk',
		name: 'Gini Pay (emulator)',
		type: 'giniPayBasicApi',
		data: { ...tests[0].data, clientSecret: DEMO_CLIENTS.derived.clientSecret },
	};
	return [...tests.map(({ id, name, type, data }) => ({ id, name, type, data })), working];
}

/** Manual Trigger, Read File, and the Gini Pay node as it comes from the node panel: default settings. */
export function firstUploadWorkflow(invoicePath: string): WorkflowJson {
	return {
		id: FIRST_UPLOAD_ID,
		name: 'My first Gini Pay upload',
		nodes: [
			{
				id: 'shot-trigger',
				name: 'When clicking ‘Execute workflow’',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'shot-read',
				name: 'Read invoice',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { operation: 'read', fileSelector: invoicePath, options: {} },
			},
			{
				id: 'shot-gini',
				name: FIRST_UPLOAD_NODE,
				type: 'n8n-nodes-gini-pay.giniPay',
				typeVersion: 1,
				position: [440, 0],
				parameters: {},
				credentials: { giniPayBasicApi: { id: 'GiniShotBasicOk', name: 'Gini Pay (emulator)' } },
			},
		],
		connections: {
			'When clicking ‘Execute workflow’': {
				main: [[{ node: 'Read invoice', type: 'main', index: 0 }]],
			},
			'Read invoice': { main: [[{ node: FIRST_UPLOAD_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

interface Pages {
	base: string;
	canvas: Page;
	ndv: Page;
	forms: Page;
	/** A wide page for the first upload's output table. */
	wide: Page;
	shoot(page: Page, file: string, selector: string): Promise<void>;
	openWorkflow(page: Page, base: string, id: string): Promise<void>;
}

async function nodePanelSearch(
	pages: Pages,
	term: string,
	file: string,
	actionsFile?: string,
): Promise<void> {
	const { canvas: page } = pages;
	// The canvas's "+" opens the panel of all nodes (n8n 2.41 moved the shortcut from Tab to N and says so in a
	// tooltip, which would otherwise be in the picture).
	await pages.openWorkflow(page, pages.base, FIRST_UPLOAD_ID);
	const gotIt = page.getByText('Got it', { exact: true });
	if ((await gotIt.count()) > 0) await gotIt.first().click();
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
	const search = page.locator(
		'[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]',
	);
	await search.first().waitFor({ state: 'visible', timeout: 30_000 });
	await search.first().pressSequentially(term, { delay: 30 });
	await page
		.getByText('Gini Pay', { exact: true })
		.first()
		.waitFor({ state: 'visible', timeout: 15_000 });
	await pages.shoot(page, file, '[data-test-id="node-creator"]');
	if (actionsFile) {
		// n8n lists the node once (under its trigger's description); a click shows its actions and its trigger.
		await page
			.locator('[data-test-id="node-creator-item-name"]:text-is("Gini Pay")')
			.first()
			.click();
		await page
			.locator('[data-test-id="node-creator"]')
			.getByText('Upload', { exact: false })
			.first()
			.waitFor({ state: 'visible', timeout: 15_000 });
		await pages.shoot(page, actionsFile, '[data-test-id="node-creator"]');
	}
	await page.keyboard.press('Escape');
}

async function failingTest(pages: Pages, test: FailingTest): Promise<void> {
	const page = pages.forms;
	await page.goto(`${pages.base}/home/credentials/${test.id}`, {
		waitUntil: 'load',
		timeout: 60_000,
	});
	try {
		// n8n shows "Couldn't connect with these settings" and the test's message under "More details".
		await page.getByText('More details').first().click({ timeout: 30_000 });
		await page.getByText(test.expect).first().waitFor({ state: 'visible', timeout: 30_000 });
	} catch {
		console.log(`  (${test.file}: "${test.expect}" did not appear; taking the picture anyway)`);
	}
	await pages.shoot(page, test.file, '.el-dialog:has([data-test-id="credential-edit-dialog"])');
}

/**
 * Runs the first-upload workflow in the editor and shows the Gini Pay node's output at 1440 px. The default upload
 * puts the payment fields (IBAN, amount, recipient, payable first) at the top level of each item.
 */
async function firstUpload(pages: Pages): Promise<void> {
	const page = pages.wide;
	await pages.openWorkflow(page, pages.base, FIRST_UPLOAD_ID);
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	await page
		.locator(
			`[data-test-id="canvas-node"][data-node-name="${FIRST_UPLOAD_NODE}"] [data-test-id="canvas-node-status-success"]`,
		)
		.first()
		.waitFor({ state: 'visible', timeout: 120_000 });
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${FIRST_UPLOAD_NODE}"]`)
		.dblclick();
	// At 1440 px the output panel is a third of the window: the JSON view lists the payment item's ten fields one
	// under the other, where the table would hide the later columns to the right.
	const json = page.locator(
		'[data-test-id="output-panel"] [data-test-id="ndv-run-data-display-mode"] >> text=JSON',
	);
	if ((await json.count()) > 0) await json.first().click();
	// The picture must show what a payer reads first (IBAN, amount, recipient, payable) inside the panel, not
	// scrolled away.
	const panel = await page.locator('[data-test-id="output-panel"]').first().boundingBox();
	for (const field of ['iban', 'amount', 'recipient', 'payable']) {
		const key = page.locator(`[data-test-id="output-panel"] :text("${field}")`).first();
		await key.waitFor({ state: 'visible', timeout: 15_000 });
		const box = await key.boundingBox();
		if (
			!panel ||
			!box ||
			box.x + box.width > panel.x + panel.width ||
			box.y + box.height > panel.y + panel.height
		) {
			throw new Error(`the output's ${field} field is outside the panel`);
		}
	}
	// The "Workflow executed successfully" toast would cover the panel's corner.
	await page.addStyleTag({ content: '.el-notification { display: none !important; }' });
	await pages.shoot(page, 'first-upload-output.png', '[data-test-id="ndv"]');
}

/** A failed step's pages (picture and HTML) in the temporary folder, to find what the editor showed instead. */
async function keepPages(pages: Pages, step: string): Promise<void> {
	const folder = mkdtempSync(path.join(tmpdir(), 'gini-n8n-shot-failed-'));
	for (const [name, page] of Object.entries({
		canvas: pages.canvas,
		ndv: pages.ndv,
		forms: pages.forms,
	})) {
		await page.screenshot({ path: path.join(folder, `${name}.png`) }).catch(() => undefined);
		writeFileSync(path.join(folder, `${name}.html`), await page.content().catch(() => ''));
	}
	console.log(`    pages of "${step}" kept in ${folder}`);
}

export async function shootFirstSteps(pages: Pages): Promise<void> {
	const steps: Array<[string, () => Promise<void>]> = [
		[
			'node panel: invoice',
			async () => await nodePanelSearch(pages, 'invoice', 'node-search-invoice.png'),
		],
		[
			'node panel: Rechnung',
			async () =>
				await nodePanelSearch(
					pages,
					'Rechnung',
					'node-search-rechnung.png',
					'node-search-rechnung-actions.png',
				),
		],
		...tests.map((test): [string, () => Promise<void>] => [
			test.file,
			async () => await failingTest(pages, test),
		]),
		['first upload', async () => await firstUpload(pages)],
	];
	// One failed shot does not cost the others.
	const failed: string[] = [];
	for (const [name, step] of steps) {
		try {
			await step();
		} catch (error) {
			failed.push(name);
			console.log(`  FAILED ${name}: ${(error as Error).message.split('\n')[0]}`);
			await keepPages(pages, name);
		}
	}
	if (failed.length) throw new Error(`screenshots failed: ${failed.join(', ')}`);
}
