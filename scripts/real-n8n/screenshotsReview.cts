/**
 * The review step of the review-and-pay example in headless Chromium at 1440 px: the review e-mail as a mail client
 * shows it (its inline parts as images) and the review form n8n serves for it. Taken during the end-to-end run, where
 * the example really sends the e-mail and waits for the form; into the run's folder, or into the folder that
 * GINI_E2E_SCREENSHOTS names (`GINI_E2E_SCREENSHOTS=docs/screenshots npm run test:e2e` renews the README's pictures).
 * Each shot is also a check: page 1 and the GiroCode are shown (their images decoded), with IBAN, amount and
 * recipient.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { CHROMIUM, launchChromium } from './browser.cts';
import type { Context } from './scenarios.cts';

export const REVIEW_SHOTS = {
	email: 'example-review-email.png',
	form: 'example-review-form.png',
} as const;

export async function shootReviewStep(
	context: Context,
	emailHtml: string,
	formUrl: string,
): Promise<void> {
	const { report } = context;
	if (!existsSync(CHROMIUM)) {
		console.log(`  skip ${CHROMIUM} is missing: no screenshots of the review step`);
		return;
	}
	const out = path.resolve(
		context.repoRoot,
		process.env.GINI_E2E_SCREENSHOTS ?? path.join(context.work, 'screenshots'),
	);
	mkdirSync(out, { recursive: true });
	const emailFile = path.join(context.work, 'review-email.html');
	writeFileSync(
		emailFile,
		`<!doctype html><html><head><meta charset="utf-8"><title>Review e-mail</title></head><body style="margin:24px">${emailHtml}</body></html>`,
	);
	const browser = await launchChromium(context.repoRoot);
	try {
		const page = await (
			await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 })
		).newPage();
		await page.goto(`file://${emailFile}`, { waitUntil: 'load', timeout: 60_000 });
		const shown = (await page.evaluate(
			`[...document.images].map((image) => image.complete && image.naturalWidth > 0 ? image.alt : '')`,
		)) as string[];
		const text = String(await page.evaluate('document.body.innerText'));
		report.check(
			'review e-mail in Chromium at 1440 px: page 1 and the GiroCode shown beside IBAN, amount and recipient',
			shown.some((alt) => alt.startsWith('Page 1')) &&
				shown.some((alt) => alt.startsWith('GiroCode')) &&
				/IBAN/.test(text) &&
				/Amount/.test(text) &&
				/Recipient/.test(text),
			shown.join(', '),
		);
		await page.screenshot({
			path: path.join(out, REVIEW_SHOTS.email),
			fullPage: true,
			animations: 'disabled',
		});
		await page.goto(formUrl, { waitUntil: 'load', timeout: 60_000 });
		await page.locator('#submit-btn').first().waitFor({ state: 'visible', timeout: 30_000 });
		await page.waitForTimeout(500);
		await page.screenshot({
			path: path.join(out, REVIEW_SHOTS.form),
			fullPage: true,
			animations: 'disabled',
		});
		console.log(
			`  screenshots of the review step in ${path.relative(context.repoRoot, out) || out}`,
		);
	} finally {
		await browser.close();
	}
}
