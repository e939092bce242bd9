/**
 * Peak RSS growth for uploads of large PDFs that n8n keeps on disk, streamed vs buffered (bench/README.md, goal: flat in
 * file size). Each (mode, size) runs in a fresh child process with its own fresh emulator process: the emulator
 * keeps every uploaded byte in memory (200 × 9 MiB = 1.8 GB), and a process that already measured one mode would
 * carry its heap into the next.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

import type { BenchConfig } from './config.cts';
import { mib, round, type Figure, type PhaseResult } from './figures.cts';
import { WARMUP_UPLOADS, type MemoryJob, type MemoryOutcome } from './memoryChild.cts';
import { exited, spawnScript, startEmulatorProcess } from './processes.cts';

const MiB = 1024 * 1024;

/**
 * "Flat in file size", made measurable: from the smallest to the largest files, streaming may add at most half
 * the RSS growth that buffering adds in the same run. Buffering holds every in-flight file, so its added growth is
 * at least concurrency × size difference; streaming holds chunks only, but they become garbage at the rate bytes
 * flow and V8 collects them some tens of MiB later, so its growth is not zero either. Measured against buffering on
 * the same machine, the rule does not depend on how eagerly this machine's V8 collects.
 */
export const FLAT_SHARE = 0.5;

async function runChild(job: MemoryJob, userFolder: string): Promise<MemoryOutcome | undefined> {
	const flags = job.role === 'measure' ? ['--expose-gc'] : [];
	const child = spawnScript('scripts/bench/memoryChild.cts', [JSON.stringify(job)], flags, {
		N8N_USER_FOLDER: userFolder,
	});
	let result: MemoryOutcome | undefined;
	const lines = createInterface({ input: child.stdout! });
	lines.on('line', (line) => {
		if (line.startsWith('RESULT '))
			result = JSON.parse(line.slice('RESULT '.length)) as MemoryOutcome;
	});
	const code = await exited(child);
	if (code !== 0 || (job.role === 'measure' && !result)) {
		throw new Error(`memory ${job.role} child exited with ${code}`);
	}
	return result;
}

/** Files written by one process, uploaded by another, both sharing an n8n user folder removed afterwards. */
async function measureOne(
	config: BenchConfig,
	sizeMiB: number,
	stream: boolean,
): Promise<MemoryOutcome> {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'gini-pay-bench-memory-'));
	const gini = await startEmulatorProcess(1000);
	try {
		const job: MemoryJob = {
			role: 'generate',
			urls: { payApiUrl: gini.payApiUrl, userCenterUrl: gini.userCenterUrl },
			sizeBytes: Math.round(sizeMiB * MiB),
			uploads: config.memoryUploads,
			stream,
			concurrency: config.concurrency,
		};
		await runChild(job, userFolder);
		const outcome = (await runChild({ ...job, role: 'measure' }, userFolder))!;
		const created = (await gini.counters()).documentsCreated;
		const expected = config.memoryUploads + WARMUP_UPLOADS;
		if (created !== expected)
			throw new Error(`the emulator created ${created} documents, expected ${expected}`);
		return outcome;
	} finally {
		await gini.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

export async function measureMemory(config: BenchConfig): Promise<PhaseResult> {
	const sizes = [...config.memorySizesMiB].sort((a, b) => a - b);
	const [smallest, largest] = [sizes[0], sizes[sizes.length - 1]];
	const section = `Peak RSS growth: ${config.memoryUploads} uploads from filesystem binary mode, concurrency ${config.concurrency}`;
	const figures: Figure[] = [];
	const data: Record<string, unknown> = {};
	const added: Record<'streaming' | 'buffering', number> = { streaming: 0, buffering: 0 };
	for (const mode of ['streaming', 'buffering'] as const) {
		const growth: number[] = [];
		for (const size of sizes) {
			const outcome = await measureOne(config, size, mode === 'streaming');
			growth.push(mib(outcome.peakRssGrowth));
			data[`${mode}.${size}MiB`] = outcome;
			figures.push({
				section,
				name: `${mode === 'streaming' ? 'Streaming' : 'Buffering'}, ${size} MiB files`,
				value: `${mib(outcome.peakRssGrowth).toFixed(0)} MiB`,
				note:
					`baseline ${mib(outcome.baselineRss).toFixed(0)} MiB; peak external buffers ` +
					`+${mib(outcome.peakArrayBuffersGrowth).toFixed(0)} MiB; ${outcome.samples} samples in ${outcome.seconds.toFixed(1)} s`,
			});
		}
		added[mode] = growth[growth.length - 1] - growth[0];
	}
	const share = added.streaming / Math.max(added.buffering, 1);
	const inFlight = config.concurrency * (largest - smallest);
	figures.push(
		{
			section,
			name: `Growth added by ${largest} MiB instead of ${smallest} MiB files, buffering`,
			value: `${added.buffering.toFixed(0)} MiB`,
			note: `holding ${config.concurrency} files in flight adds ${inFlight} MiB by itself`,
		},
		{
			section,
			name: `Growth added by ${largest} MiB instead of ${smallest} MiB files, streaming`,
			value: `${added.streaming.toFixed(0)} MiB`,
			goal: { text: `≤ ${FLAT_SHARE} × buffering's (flat)`, pass: share <= FLAT_SHARE },
			note: `${(share * 100).toFixed(0)} % of buffering's`,
		},
	);
	data.addedGrowthMiB = {
		streaming: round(added.streaming, 1),
		buffering: round(added.buffering, 1),
	};
	data.streamingShareOfBuffering = round(share, 3);
	data.flatRule = { maxShareOfBufferingGrowth: FLAT_SHARE };
	return {
		figures,
		data,
		chart: [
			{
				title: `RSS growth added by ${largest} MiB files, streaming ÷ buffering (at most ${FLAT_SHARE})`,
				bars: [{ label: 'streaming ÷ buffering', value: share, pass: share <= FLAT_SHARE }],
				goal: { value: FLAT_SHARE, label: 'flat' },
			},
		],
	};
}
