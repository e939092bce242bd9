/**
 * One memory measurement in a process of its own (spawned by memory.cts with --expose-gc): N uploads of PDFs of
 * one size, which n8n keeps on disk (filesystem binary mode), streamed or buffered. Prints one line
 * `RESULT <json>` with the peak growth of RSS over the baseline, sampled every 20 ms during the run.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

import { prepareBinaryData } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';

import { setBinaryMode } from '../../test/harness/index.cts';
import { basicCredential } from '../../test/integration/gini.cts';
import { asEmulator, runAll, uploadParameters, type EmulatorUrls } from './nodeRuns.cts';
import { paddedPdf } from './paddedPdf.cts';

export interface MemoryJob {
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
	generateSeconds: number;
}

const SAMPLE_MS = 20;
const WARMUP_UPLOADS = 2;

async function collectGarbage(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	// Twice with a pause: buffers freed by the first pass are returned to the OS after their finalizers ran.
	gc();
	await delay(200);
	gc();
}

/** Files written as a stream by n8n-core's own prepareBinaryData, as a Read Files node would store them. */
async function filesOnDisk(job: MemoryJob, count: number, label: string): Promise<INodeExecutionData[]> {
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

async function upload(job: MemoryJob, items: INodeExecutionData[]): Promise<void> {
	await runAll({
		mode: 'basic',
		credential: basicCredential(asEmulator(job.urls), { userIdentifier: 'bench-memory-user' }),
		parameters: uploadParameters(job.concurrency, { requestOptions: { streamUploads: job.stream } }),
		items,
		binaryMode: 'filesystem',
	});
}

async function measure(job: MemoryJob): Promise<MemoryOutcome> {
	await setBinaryMode('filesystem');
	const run = randomUUID().slice(0, 8);
	// A warm-up loads the engine's and the HTTP client's code, which would otherwise count as growth.
	await upload(job, await filesOnDisk(job, WARMUP_UPLOADS, `${run}-warmup`));
	const generateStarted = performance.now();
	const items = await filesOnDisk(job, job.uploads, run);
	const generateSeconds = (performance.now() - generateStarted) / 1000;
	await collectGarbage();

	const baseline = process.memoryUsage();
	const peak = { rss: baseline.rss, arrayBuffers: baseline.arrayBuffers, heapUsed: baseline.heapUsed };
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
		await upload(job, items);
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
		generateSeconds,
	};
}

if (require.main === module) {
	measure(JSON.parse(process.argv[2]) as MemoryJob).then(
		(outcome) => {
			process.stdout.write(`RESULT ${JSON.stringify(outcome)}\n`);
		},
		(error: Error) => {
			process.stderr.write(`memory measurement failed: ${error.message}\n`);
			process.exitCode = 1;
		},
	);
}
