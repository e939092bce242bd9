/**
 * Peak RSS growth for uploads of large PDFs that n8n keeps on disk, streamed vs buffered (issue 5, goal: flat in
 * file size). Each (mode, size) runs in a fresh child process with its own fresh emulator process: the emulator
 * keeps every uploaded byte in memory (200 × 9 MiB = 1.8 GB), and a process that already measured one mode would
 * carry its heap into the next.
 */
import { createInterface } from 'node:readline';

import type { BenchConfig } from './config.cts';
import { mib, round, type ChartBar, type Figure, type PhaseResult } from './figures.cts';
import type { MemoryJob, MemoryOutcome } from './memoryChild.cts';
import { exited, spawnScript, startEmulatorProcess } from './processes.cts';

const MiB = 1024 * 1024;

/**
 * "Flat in file size": streaming 9× bigger files may not grow the peak by more than 2×, plus 16 MiB of slack
 * for noise (GC timing, socket buffers) when the growth itself is small.
 */
export const FLAT_FACTOR = 2;
export const FLAT_SLACK_MIB = 16;

async function runChild(job: MemoryJob): Promise<MemoryOutcome> {
	const child = spawnScript('scripts/bench/memoryChild.cts', [JSON.stringify(job)], ['--expose-gc']);
	let result: MemoryOutcome | undefined;
	const lines = createInterface({ input: child.stdout! });
	lines.on('line', (line) => {
		if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as MemoryOutcome;
	});
	const code = await exited(child);
	if (code !== 0 || !result) throw new Error(`memory child for ${JSON.stringify(job)} exited with ${code}`);
	return result;
}

async function measureOne(config: BenchConfig, sizeMiB: number, stream: boolean): Promise<MemoryOutcome> {
	const gini = await startEmulatorProcess(1000);
	try {
		const outcome = await runChild({
			urls: { payApiUrl: gini.payApiUrl, userCenterUrl: gini.userCenterUrl },
			sizeBytes: Math.round(sizeMiB * MiB),
			uploads: config.memoryUploads,
			stream,
			concurrency: config.concurrency,
		});
		const created = (await gini.counters()).documentsCreated;
		// Two warm-up uploads come before the measured ones (memoryChild.cts).
		if (created !== config.memoryUploads + 2) {
			throw new Error(`the emulator created ${created} documents, expected ${config.memoryUploads + 2}`);
		}
		return outcome;
	} finally {
		await gini.stop();
	}
}

export function isFlat(smallGrowthMiB: number, largeGrowthMiB: number): boolean {
	return largeGrowthMiB <= Math.max(FLAT_FACTOR * smallGrowthMiB, smallGrowthMiB + FLAT_SLACK_MIB);
}

export async function measureMemory(config: BenchConfig): Promise<PhaseResult> {
	const sizes = [...config.memorySizesMiB].sort((a, b) => a - b);
	const section = `Peak RSS growth: ${config.memoryUploads} uploads from filesystem binary mode, concurrency ${config.concurrency}`;
	const figures: Figure[] = [];
	const data: Record<string, unknown> = {};
	const bars: ChartBar[] = [];
	for (const stream of [true, false]) {
		const mode = stream ? 'streaming' : 'buffering';
		const growth: number[] = [];
		for (const size of sizes) {
			const outcome = await measureOne(config, size, stream);
			growth.push(mib(outcome.peakRssGrowth));
			data[`${mode}.${size}MiB`] = outcome;
			figures.push({
				section,
				name: `${stream ? 'Streaming' : 'Buffering'}, ${size} MiB files`,
				value: `${mib(outcome.peakRssGrowth).toFixed(0)} MiB`,
				note:
					`baseline ${mib(outcome.baselineRss).toFixed(0)} MiB, peak external buffers +` +
					`${mib(outcome.peakArrayBuffersGrowth).toFixed(0)} MiB, ${outcome.samples} samples, ${outcome.seconds.toFixed(1)} s`,
			});
		}
		const small = growth[0];
		const large = growth[growth.length - 1];
		const flat = isFlat(small, large);
		const ratio = large / Math.max(small, 1);
		figures.push({
			section,
			name: `${stream ? 'Streaming' : 'Buffering'}: ${sizes[sizes.length - 1]} MiB ÷ ${sizes[0]} MiB growth`,
			value: `${ratio.toFixed(2)}×`,
			// The goal is the for streaming; buffering is shown for contrast, expected to grow.
			goal: stream ? { text: `flat (≤ ${FLAT_FACTOR}× or +${FLAT_SLACK_MIB} MiB)`, pass: flat } : undefined,
			note: `files ${round(sizes[sizes.length - 1] / sizes[0], 1)}× larger; growth ${small.toFixed(0)} → ${large.toFixed(0)} MiB`,
		});
		data[`${mode}.flat`] = flat;
		bars.push({ label: mode, value: ratio, pass: stream ? flat : undefined });
	}
	data.flatRule = { factor: FLAT_FACTOR, slackMiB: FLAT_SLACK_MIB };
	return {
		figures,
		data,
		chart: [
			{
				title: `RSS growth, ${sizes[sizes.length - 1]} MiB ÷ ${sizes[0]} MiB files (flat = 1)`,
				bars,
				goal: { value: FLAT_FACTOR, label: `${FLAT_FACTOR}×` },
			},
		],
	};
}
