/**
 * The memory phase's child processes (spawned by memory.cts), in two roles sharing one n8n user folder
 * (N8N_USER_FOLDER, set by the parent):
 * - `generate` writes the PDFs into n8n's filesystem binary storage and the items that point at them to
 *   items.json, so that no trace of writing 1.8 GB stays in the measuring process;
 * - `measure` (with --expose-gc) uploads them, streamed or buffered, and prints one line `RESULT <json>` with the
 *   peak growth of RSS over the baseline, sampled every 20 ms during the run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

import { prepareBinaryData } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';

import { setBinaryMode } from '../../test/harness/index.cts';
import { basicCredential } from '../../test/integration/gini.cts';
import { asEmulator, runAll, uploadParameters, type EmulatorUrls } from './nodeRuns.cts';
import { paddedPdf } from './paddedPdf.cts';

export interface MemoryJob {
	role: 'generate' | 'measure';
	urls: EmulatorUrls;
	sizeBytes: number;
	uploads: number;
	stream: boolean;
	concurrency: number;
}

export interface MemoryOutcome {
	baselineRss: number;
	peakRss: number;
	peakRssGrowth: number;
	peakArrayBuffersGrowth: number;
	peakHeapUsedGrowth: number;
	samples: number;
	seconds: number;
}

/** Uploads before the measured ones, to load the engine's and the HTTP client's code outside the measurement. */
export const WARMUP_UPLOADS = 2;
const SAMPLE_MS = 20;

interface GeneratedItems {
	warmup: INodeExecutionData[];
	measured: INodeExecutionData[];
}

function itemsFile(): string {
	return path.join(process.env.N8N_USER_FOLDER ?? '.', 'bench-items.json');
}

/** Files written as a stream by n8n-core's own prepareBinaryData, as a Read Files node would store them. */
async function filesOnDisk(
	job: MemoryJob,
	count: number,
	label: string,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (let index = 0; index < count; index++) {
		const name = `bench-${label}-${index}.pdf`;
		const content = Readable.from(paddedPdf(job.sizeBytes, name));
		const data = await prepareBinaryData(content, 'bench-input', 'bench', name, 'application/pdf');
		if (!data.id || data.bytes !== job.sizeBytes) throw new Error(`${name} was not stored on disk`);
		items.push({ json: {}, binary: { data } });
	}
	return items;
}

async function generate(job: MemoryJob): Promise<void> {
	await setBinaryMode('filesystem');
	const label = path.basename(process.env.N8N_USER_FOLDER ?? 'bench');
	const items: GeneratedItems = {
		warmup: await filesOnDisk(job, WARMUP_UPLOADS, `${label}-warmup`),
		measured: await filesOnDisk(job, job.uploads, label),
	};
	writeFileSync(itemsFile(), JSON.stringify(items));
}

async function collectGarbage(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	// Twice with a pause: buffers freed by the first pass are returned to the OS after their finalizers ran.
	gc();
	await delay(200);
	gc();
}

async function upload(job: MemoryJob, items: INodeExecutionData[]): Promise<void> {
	await runAll({
		mode: 'basic',
		credential: basicCredential(asEmulator(job.urls), { userIdentifier: 'bench-memory-user' }),
		parameters: uploadParameters(job.concurrency, {
			requestOptions: { streamUploads: job.stream },
		}),
		items,
		binaryMode: 'filesystem',
	});
}

async function measure(job: MemoryJob): Promise<MemoryOutcome> {
	await setBinaryMode('filesystem');
	const items = JSON.parse(readFileSync(itemsFile(), 'utf8')) as GeneratedItems;
	await upload(job, items.warmup);
	await collectGarbage();

	const baseline = process.memoryUsage();
	const peak = {
		rss: baseline.rss,
		arrayBuffers: baseline.arrayBuffers,
		heapUsed: baseline.heapUsed,
	};
	let samples = 0;
	const sample = () => {
		const now = process.memoryUsage();
		samples++;
		peak.rss = Math.max(peak.rss, now.rss);
		peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
		peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
	};
	const sampler = setInterval(sample, SAMPLE_MS);
	const started = performance.now();
	try {
		await upload(job, items.measured);
	} finally {
		clearInterval(sampler);
	}
	sample();
	return {
		baselineRss: baseline.rss,
		peakRss: peak.rss,
		peakRssGrowth: peak.rss - baseline.rss,
		peakArrayBuffersGrowth: peak.arrayBuffers - baseline.arrayBuffers,
		peakHeapUsedGrowth: peak.heapUsed - baseline.heapUsed,
		samples,
		seconds: (performance.now() - started) / 1000,
	};
}

async function main(job: MemoryJob): Promise<void> {
	if (job.role === 'generate') return await generate(job);
	process.stdout.write(`RESULT ${JSON.stringify(await measure(job))}\n`);
}

if (require.main === module) {
	main(JSON.parse(process.argv[2]) as MemoryJob).catch((error: Error) => {
		process.stderr.write(`memory ${process.argv[2]}: ${error.message}\n`);
		process.exitCode = 1;
	});
}
