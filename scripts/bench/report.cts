/** The benchmark's output: a table on stdout; bench/results.md, results.json and chart.svg (or the same in `--out`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';

import type { BenchConfig } from './config.cts';
import { renderChart } from './chart.cts';
import type { ChartPanel, Figure } from './figures.cts';
import { REPO_ROOT } from './processes.cts';

export interface BenchRun {
	startedAt: string;
	seconds: number;
	config: BenchConfig;
	figures: Figure[];
	data: Record<string, unknown>;
	chart: ChartPanel[];
}

function verdict(figure: Figure): string {
	if (!figure.goal) return '';
	return `${figure.goal.text} ${figure.goal.pass ? 'PASS' : 'FAIL'}`;
}

function sections(figures: Figure[]): Map<string, Figure[]> {
	const grouped = new Map<string, Figure[]>();
	for (const figure of figures)
		grouped.set(figure.section, [...(grouped.get(figure.section) ?? []), figure]);
	return grouped;
}

export function machine(): string {
	const cpu = cpus()[0]?.model ?? 'unknown CPU';
	return `Node ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM`;
}

export function printTable(run: BenchRun): void {
	for (const [section, rows] of sections(run.figures)) {
		const width = (pick: (figure: Figure) => string, title: string) =>
			Math.max(title.length, ...rows.map((row) => pick(row).length));
		const columns: Array<[string, (figure: Figure) => string]> = [
			['figure', (f) => f.name],
			['value', (f) => f.value],
			['limit / goal', verdict],
		];
		const widths = columns.map(([title, pick]) => width(pick, title));
		const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(' │ ');
		process.stdout.write(`\n${section}\n${line(columns.map(([title]) => title))}\n`);
		process.stdout.write(`${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`);
		for (const row of rows) {
			process.stdout.write(`${line(columns.map(([, pick]) => pick(row)))}\n`);
			if (row.note) process.stdout.write(`  ${row.note}\n`);
		}
	}
	const failed = run.figures.filter((figure) => figure.goal && !figure.goal.pass).length;
	const checked = run.figures.filter((figure) => figure.goal).length;
	process.stdout.write(
		`\n${checked - failed} of ${checked} limits and goals met, in ${run.seconds.toFixed(0)} s.\n`,
	);
}

function markdown(run: BenchRun): string {
	const out = [
		'# Benchmark results',
		'',
		`\`npm run bench${run.config.quick ? ' -- --quick' : ''}\`, ${run.startedAt}, ${run.seconds.toFixed(0)} s; ${machine()}.`,
		'All figures come from this one run, against the emulator on loopback. See `bench/README.md` for what each',
		'figure means and how it is measured; `results.json` holds the raw data. The machine may be shared with other',
		'work while the benchmark runs (ours was: 2 cores shared with other engineers), so compare ratios of one run,',
		'not rates across runs.',
		'',
		'![chart](chart.svg)',
	];
	for (const [section, rows] of sections(run.figures)) {
		out.push(
			'',
			`## ${section}`,
			'',
			'| figure | value | limit / goal | how |',
			'|---|---|---|---|',
		);
		for (const row of rows) {
			const cells = [row.name, row.value, verdict(row), row.note ?? ''].map((cell) =>
				cell.replace(/\|/g, '\\|'),
			);
			out.push(`| ${cells.join(' | ')} |`);
		}
	}
	return `${out.join('\n')}\n`;
}

function relativeOutDir(run: BenchRun): string {
	return path.relative(REPO_ROOT, run.config.outDir) || '.';
}

export function writeResults(run: BenchRun): string[] {
	mkdirSync(run.config.outDir, { recursive: true });
	const files = {
		'results.md': markdown(run),
		// The folder relative to the repository: an absolute path would record this machine's layout in the repo.
		'results.json': `${JSON.stringify({ ...run, config: { ...run.config, outDir: relativeOutDir(run) }, machine: machine() }, null, '\t')}\n`,
		'chart.svg': renderChart(
			run.chart,
			`npm run bench, ${run.startedAt}; green meets its limit or goal, red does not`,
		),
	};
	return Object.entries(files).map(([name, text]) => {
		const file = path.join(run.config.outDir, name);
		writeFileSync(file, text);
		return file;
	});
}
