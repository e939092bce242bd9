/**
 * `npm run bench` (bench/README.md): token acquisitions, throughput against a raw client, memory of streamed vs buffered
 * uploads, and Wait for Extractions against a slow Gini, all from one run against the emulator. Prints a table and
 * writes bench/results.md, bench/results.json and bench/chart.svg. `--quick` for a short check; `--help` for flags.
 */
import { measureBatch } from './bench/batch.cts';
import type { BenchConfig, Phase } from './bench/config.cts';
import { parseConfig } from './bench/config.cts';
import type { Figure, PhaseResult } from './bench/figures.cts';
import { measureMemory } from './bench/memory.cts';
import { measureProfile } from './bench/profile.cts';
import { printTable, writeResults, type BenchRun } from './bench/report.cts';
import { measureRealN8n } from './bench/realN8n.cts';
import { measureThroughput } from './bench/throughput.cts';
import { measureTokens } from './bench/tokens.cts';
import { measureWaiting } from './bench/waiting.cts';

const MEASURE: Record<Phase, (config: BenchConfig) => Promise<PhaseResult>> = {
	tokens: measureTokens,
	throughput: measureThroughput,
	memory: measureMemory,
	waiting: measureWaiting,
	batch: measureBatch,
	realN8n: measureRealN8n,
	profile: measureProfile,
};

/** A phase that breaks is reported as a failed figure; the other phases still run. */
function failedPhase(phase: Phase, error: Error): PhaseResult {
	const figure: Figure = {
		section: `Phase "${phase}"`,
		name: 'did not complete',
		value: error.message,
		goal: { text: 'completes', pass: false },
	};
	return { figures: [figure], data: { error: error.message }, chart: [] };
}

async function main(): Promise<void> {
	const config = parseConfig(process.argv.slice(2));
	const startedAt = new Date();
	const run: BenchRun = {
		startedAt: startedAt.toISOString(),
		seconds: 0,
		config,
		figures: [],
		data: {},
		chart: [],
	};
	for (const phase of config.phases) {
		process.stdout.write(`… ${phase}\n`);
		const phaseStarted = performance.now();
		const result = await MEASURE[phase](config).catch((error: Error) => failedPhase(phase, error));
		run.figures.push(...result.figures);
		run.data[phase] = { ...result.data, seconds: (performance.now() - phaseStarted) / 1000 };
		run.chart.push(...result.chart);
	}
	run.seconds = (Date.now() - startedAt.getTime()) / 1000;
	printTable(run);
	for (const file of writeResults(run)) process.stdout.write(`wrote ${file}\n`);
	if (run.figures.some((figure) => figure.section.startsWith('Phase '))) process.exitCode = 1;
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exitCode = 1;
});
