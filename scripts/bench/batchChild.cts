/**
 * One node run of the batch phase (spawned by batch.cts, with --expose-gc): `count` distinct invoices through the
 * Gini Pay node at every default (Upload, waiting for the payment data) in n8n's engine. Prints one line
 * `RESULT <json>`: the run's time, RSS before and at its peak (sampled every 20 ms), and how many output items did not
 * carry their own invoice's IBAN and amount.
 */
import { setTimeout as delay } from 'node:timers/promises';

import { binaryItem } from '../../test/harness/index.cts';
import { basicCredential, outputJson, runGini } from '../../test/integration/gini.cts';
import { batchInvoices, carries } from './batchInvoices.cts';
import { asEmulator, type EmulatorUrls } from './nodeRuns.cts';

export interface BatchJob {
	urls: EmulatorUrls;
	count: number;
	tag: string;
	userIdentifier: string;
}

export interface BatchOutcome {
	seconds: number;
	baselineRss: number;
	peakRss: number;
	items: number;
	/** Output items that failed or carried another invoice's data. */
	wrong: number;
	firstError?: string;
}

const SAMPLE_MS = 20;

async function collectGarbage(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	gc();
	await delay(200);
	gc();
}

async function run(job: BatchJob): Promise<BatchOutcome> {
	const invoices = batchInvoices(job.tag, job.count);
	const items = await Promise.all(
		invoices.map(
			async (invoice) => await binaryItem(invoice.bytes, invoice.fileName, 'application/pdf'),
		),
	);
	await collectGarbage();
	const baselineRss = process.memoryUsage().rss;
	let peakRss = baselineRss;
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, SAMPLE_MS);
	const started = performance.now();
	let output;
	try {
		output = outputJson(
			await runGini({
				mode: 'basic',
				credential: basicCredential(asEmulator(job.urls), {
					userIdentifier: job.userIdentifier,
				}),
				// Every default: Upload waits for the payment data.
				parameters: { resource: 'document', operation: 'upload' },
				items,
				continueOnFail: true,
			}),
		);
	} finally {
		clearInterval(sampler);
	}
	const seconds = (performance.now() - started) / 1000;
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
	const wrong = invoices.filter(
		(invoice, index) => !output[index] || !carries(output[index], invoice),
	);
	const firstError = output.find((json) => json.error !== undefined)?.error;
	return {
		seconds,
		baselineRss,
		peakRss,
		items: output.length,
		wrong: wrong.length + Math.max(0, output.length - invoices.length),
		firstError: firstError === undefined ? undefined : String(firstError),
	};
}

if (require.main === module) {
	run(JSON.parse(process.argv[2]) as BatchJob)
		.then((outcome) => process.stdout.write(`RESULT ${JSON.stringify(outcome)}\n`))
		.catch((error: Error) => {
			process.stderr.write(`batch child: ${error.message}\n`);
			process.exitCode = 1;
		});
}
