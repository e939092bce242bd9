/**
 * Headless Chromium (Debian's `chromium` package) driven by playwright-core, which this repository's dev
 * dependencies already bring in (through @n8n/node-cli). It is loaded at run time and typed here by the few calls
 * the screenshot script makes, so that type checking does not depend on a package we do not declare.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export interface Locator {
	first(): Locator;
	getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
	count(): Promise<number>;
	click(options?: { timeout?: number; force?: boolean }): Promise<void>;
	dblclick(options?: { timeout?: number }): Promise<void>;
	fill(value: string, options?: { timeout?: number }): Promise<void>;
	pressSequentially(text: string, options?: { delay?: number }): Promise<void>;
	waitFor(options?: { state?: 'visible' | 'attached'; timeout?: number }): Promise<void>;
	screenshot(options: { path: string; animations?: 'disabled' }): Promise<Buffer>;
	boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}

export interface Page {
	goto(
		url: string,
		options?: { waitUntil?: 'load' | 'networkidle'; timeout?: number },
	): Promise<unknown>;
	locator(selector: string): Locator;
	getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
	waitForTimeout(ms: number): Promise<void>;
	screenshot(options: {
		path: string;
		clip?: { x: number; y: number; width: number; height: number };
		fullPage?: boolean;
		animations?: 'disabled';
	}): Promise<Buffer>;
	keyboard: { press(key: string): Promise<void> };
	mouse: { move(x: number, y: number): Promise<void> };
	content(): Promise<string>;
	addStyleTag(options: { content: string }): Promise<unknown>;
	/** A string, not a function: tsx would add helpers to a function's source that the page does not have. */
	evaluate(expression: string): Promise<unknown>;
}

export interface BrowserContext {
	addCookies(cookies: Array<{ name: string; value: string; url: string }>): Promise<void>;
	newPage(): Promise<Page>;
}

export interface Browser {
	newContext(options: {
		viewport: { width: number; height: number };
		deviceScaleFactor?: number;
		colorScheme?: 'light' | 'dark';
		locale?: string;
	}): Promise<BrowserContext>;
	close(): Promise<void>;
}

interface PlaywrightCore {
	chromium: {
		launch(options: {
			executablePath: string;
			headless: boolean;
			args: string[];
		}): Promise<Browser>;
	};
}

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a machine where Chromium runs as root: no sandbox, no background calls to Google's hosts. */
const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export async function launchChromium(repoRoot: string): Promise<Browser> {
	if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
	let playwright: PlaywrightCore;
	try {
		playwright = createRequire(path.join(repoRoot, 'package.json'))(
			'playwright-core',
		) as PlaywrightCore;
	} catch {
		throw new Error(
			'playwright-core is not installed in node_modules (it comes with @n8n/node-cli)',
		);
	}
	return await playwright.chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_FLAGS,
	});
}
