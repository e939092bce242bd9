/**
 * One node run of the batch phase (spawned by batch.cts, with --expose-gc and its own N8N_USER_FOLDER): `count`
 * distinct invoices through the Gini Pay node at every default (Upload, waiting for the payment data) in n8n's
 * engine, with n8n's default binary data mode (`filesystem` outside queue mode: the files are on disk, as a Read
 * Files or e-mail trigger node stores them). A `generate` child writes the files first, so that no trace of writing
 * them stays in the measuring process (as in the memory phase); in the `measure` child two invoices go through
 * first, so that loading the engine's and the HTTP client's code is not measured. Prints one line `RESULT <json>`: the run's time, RSS before and at its peak
 * (sampled every 20 ms), the peak of the V8 heap in use, and how many output items did not carry their own invoice's
 * IBAN and amount.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

import { prepareBinaryData } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';

import { setBinaryMode } from '../../test/harness/index.cts';
import { basicCredential, outputJson, runGini } from '../../test/integration/gini.cts';
import { batchExpectation, batchInvoices, carries, type BatchInvoice } from './batchInvoices.cts';
import { asEmulator, type EmulatorUrls } from './nodeRuns.cts';

export interface BatchJob {
	/** `generate` writes the invoices to n8n's binary storage and their items to a file; `measure` uploads them. */
	role: 'generate' | 'measure';
	urls: EmulatorUrls;
	count: number;
	tag: string;
	userIdentifier: string;
}

export interface BatchOutcome {
	seconds: number;
	baselineRss: number;
	peakRss: number;
	baselineHeapUsed: number;
	peakHeapUsed: number;
	/** The V8 heap in use after a full collection at the end, the output items still held. */
	liveHeapAfter: number;
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

/** The invoices as files in n8n's filesystem binary storage, written by n8n-core's own prepareBinaryData. */
async function filesOnDisk(invoices: BatchInvoice[]): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (const invoice of invoices) {
		const data = await prepareBinaryData(
			Readable.from([invoice.bytes]),
			'bench-batch',
			'bench',
			invoice.fileName,
			'application/pdf',
		);
		if (!data.id) throw new Error(`${invoice.fileName} was not stored on disk`);
		items.push({ json: {}, binary: { data } });
	}
	return items;
}

async function upload(job: BatchJob, items: INodeExecutionData[]) {
	return outputJson(
		await runGini({
			mode: 'basic',
			credential: basicCredential(asEmulator(job.urls), {
				userIdentifier: job.userIdentifier,
			}),
			// Every default: Upload waits for the payment data.
			parameters: { resource: 'document', operation: 'upload' },
			items,
			continueOnFail: true,
			binaryMode: 'filesystem',
		}),
	);
}

function itemsFile(): string {
	return path.join(process.env.N8N_USER_FOLDER ?? '.', 'bench-batch-items.json');
}

async function generate(job: BatchJob): Promise<void> {
	await setBinaryMode('filesystem');
	const items = {
		warmup: await filesOnDisk(await batchInvoices(`${job.tag}-warmup`, 2)),
		measured: await filesOnDisk(await batchInvoices(job.tag, job.count)),
	};
	writeFileSync(itemsFile(), JSON.stringify(items));
}

async function run(job: BatchJob): Promise<BatchOutcome> {
	await setBinaryMode('filesystem');
	const { warmup, measured: items } = JSON.parse(readFileSync(itemsFile(), 'utf8')) as {
		warmup: INodeExecutionData[];
		measured: INodeExecutionData[];
	};
	// The expected IBAN and amount only: building the PDFs again here would raise the baseline.
	const invoices = Array.from({ length: job.count }, (_, n) => batchExpectation(n));
	await upload(job, warmup);
	await collectGarbage();
	const baseline = process.memoryUsage();
	let peakRss = baseline.rss;
	let peakHeapUsed = baseline.heapUsed;
	const sampler = setInterval(() => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeapUsed = Math.max(peakHeapUsed, now.heapUsed);
	}, SAMPLE_MS);
	const started = performance.now();
	let output;
	try {
		output = await upload(job, items);
	} finally {
		clearInterval(sampler);
	}
	const seconds = (performance.now() - started) / 1000;
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
	const wrong = invoices.filter(
		(invoice, index) => !output[index] || !carries(output[index], invoice),
	);
	const firstError = output.find((json) => json.error !== undefined)?.error;
	await collectGarbage();
	const liveHeapAfter = process.memoryUsage().heapUsed;
	return {
		seconds,
		baselineRss: baseline.rss,
		peakRss,
		baselineHeapUsed: baseline.heapUsed,
		peakHeapUsed,
		liveHeapAfter,
		items: output.length,
		wrong: wrong.length + Math.max(0, output.length - invoices.length),
		firstError: firstError === undefined ? undefined : String(firstError),
	};
}

if (require.main === module) {
	const job = JSON.parse(process.argv[2]) as BatchJob;
	(job.role === 'generate' ? generate(job) : run(job))
		.then((outcome) => {
			if (outcome) process.stdout.write(`RESULT ${JSON.stringify(outcome)}\n`);
		})
		.catch((error: Error) => {
			process.stderr.write(`batch child: ${error.message}\n`);
			process.exitCode = 1;
		});
}
