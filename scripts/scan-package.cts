/**
 * `npm run scan`: the lint passes of n8n's community-package scanner (`@n8n/scan-community-package`, which n8n runs
 * on a package before it can be verified), here on this checkout instead of a published version. The scanner's CLI
 * only takes a package name from the registry; its module `scanner/scanner.mjs` exports the pieces the CLI uses,
 * and this script calls them the way `analyzePackageByName` does after the provenance check:
 *
 *   1. the source: `analyzePackage(<checkout>, SOURCE_FILE_PATTERNS)` (package.json, nodes/ and credentials/);
 *   2. the package: `npm pack`, unpacked into a temporary folder as the scanner unpacks the tarball it downloads
 *      (`tar -xzf --strip-components=1`), then `analyzePackage(<folder>, ['**\/*.js', 'package.json'])`.
 *
 * Then it shows that the gate bites: a copy of the source and a copy of the unpacked package, each with one planted
 * file that reads `process.env`, must both fail, with n8n's rule `no-restricted-globals`. If either passes, the scan
 * fails (`--no-planted` leaves this out).
 *
 * Run after `npm run build` (`.ci/run` does). `--tarball <file.tgz>` scans that tarball instead of packing one
 * (`npm run release` passes the one it packed). The provenance check, the scanner's first step, can only run on a
 * published version: `npx @n8n/scan-community-package n8n-nodes-gini-pay` after a release (CONTRIBUTING.md, Releasing).
 */
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.join(__dirname, '..');

/** The patterns `analyzePackageByName` gives the tarball leg (scanner/scanner.mjs). */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

interface AnalysisResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	analyzePackage(dir: string, patterns: string[]): Promise<AnalysisResult>;
	SOURCE_FILE_PATTERNS: string[];
}

/** The scanner's own module, as installed (a devDependency). */
export async function loadScanner(): Promise<Scanner> {
	const file = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const scanner = (await import(pathToFileURL(file).href)) as Scanner;
	if (typeof scanner.analyzePackage !== 'function' || !Array.isArray(scanner.SOURCE_FILE_PATTERNS))
		throw new Error(
			'@n8n/scan-community-package no longer exports analyzePackage and SOURCE_FILE_PATTERNS from scanner/scanner.mjs',
		);
	return scanner;
}

export interface PassOutcome {
	name: string;
	passed: boolean;
	/** The scanner's message and ESLint's report when the pass failed. */
	report: string;
}

/** One pass as the scanner runs it. A pass that found no file to lint fails: it would prove nothing. */
export async function runPass(
	scanner: Scanner,
	name: string,
	dir: string,
	patterns: string[],
): Promise<PassOutcome> {
	const result = await scanner.analyzePackage(dir, patterns);
	if (result.passed && result.message === 'No files found to analyze')
		return { name, passed: false, report: `no file matched ${patterns.join(', ')} in ${dir}` };
	return {
		name,
		passed: result.passed,
		report: [result.message, result.details].filter(Boolean).join('\n'),
	};
}

/** `npm pack` of this checkout into `dir`; returns the tarball's path. */
export function packInto(dir: string): string {
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	) as Array<{ filename: string }>;
	return path.join(dir, pack.filename);
}

/** Unpacks a tarball the way the scanner does (its files directly in `dir`). */
export function unpack(tarball: string, dir: string): string {
	mkdirSync(dir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return dir;
}

/** A use of `process` that n8n's rules refuse in a community node (no environment, no process). */
const PLANTED_SOURCE = 'export const planted = process.env.GINI_PLANTED;\n';
const PLANTED_COMPILED = '"use strict";\nexports.planted = process.env.GINI_PLANTED;\n';
const PLANTED_RULE = '@n8n/community-nodes/no-restricted-globals';

/** Copies of the source and of the unpacked package, each with one planted violation; both passes must fail. */
export async function plantedPasses(
	scanner: Scanner,
	unpacked: string,
	work: string,
): Promise<PassOutcome[]> {
	const source = path.join(work, 'planted-source');
	mkdirSync(source, { recursive: true });
	for (const entry of ['package.json', 'nodes', 'credentials'])
		cpSync(path.join(ROOT, entry), path.join(source, entry), { recursive: true });
	writeFileSync(path.join(source, 'nodes', 'planted.ts'), PLANTED_SOURCE);

	const packaged = path.join(work, 'planted-package');
	cpSync(unpacked, packaged, { recursive: true });
	writeFileSync(path.join(packaged, 'dist', 'nodes', 'planted.js'), PLANTED_COMPILED);

	const outcomes = [
		await runPass(scanner, 'source with nodes/planted.ts', source, scanner.SOURCE_FILE_PATTERNS),
		await runPass(scanner, 'package with dist/nodes/planted.js', packaged, TARBALL_FILE_PATTERNS),
	];
	// Planted passes are right when they fail, and fail for the planted file.
	return outcomes.map((outcome) => {
		const caught = !outcome.passed && outcome.report.includes(PLANTED_RULE);
		return {
			name: `planted violation caught (${outcome.name})`,
			passed: caught,
			report: caught
				? ''
				: `the scanner did not report ${PLANTED_RULE} for the planted file${outcome.report ? `:\n${outcome.report}` : ''}`,
		};
	});
}

function option(args: string[], name: string): string | undefined {
	const index = args.indexOf(name);
	return index === -1 ? undefined : args[index + 1];
}

async function main(args: string[]): Promise<number> {
	if (!existsSync(path.join(ROOT, 'dist'))) {
		console.error('dist/ is missing: run `npm run build` first.');
		return 1;
	}
	const work = mkdtempSync(path.join(tmpdir(), 'gini-scan-'));
	// The scanner makes a temporary folder when it is loaded and leaves it behind: make it inside ours.
	process.env.TMPDIR = work;
	try {
		const scanner = await loadScanner();
		const tarball = option(args, '--tarball') ?? packInto(work);
		const unpacked = unpack(path.resolve(tarball), path.join(work, 'package'));
		const jsFiles = readdirSync(path.join(unpacked, 'dist'), { recursive: true }).filter((file) =>
			String(file).endsWith('.js'),
		).length;

		const outcomes = [
			await runPass(
				scanner,
				`source (${scanner.SOURCE_FILE_PATTERNS.join(', ')})`,
				ROOT,
				scanner.SOURCE_FILE_PATTERNS,
			),
			await runPass(
				scanner,
				`package ${path.basename(tarball)} (${jsFiles} .js files and package.json)`,
				unpacked,
				TARBALL_FILE_PATTERNS,
			),
		];
		if (!args.includes('--no-planted'))
			outcomes.push(...(await plantedPasses(scanner, unpacked, work)));

		for (const outcome of outcomes) {
			console.log(`${outcome.passed ? 'ok  ' : 'FAIL'} ${outcome.name}`);
			if (!outcome.passed && outcome.report) console.log(outcome.report);
		}
		const failed = outcomes.filter((outcome) => !outcome.passed).length;
		console.log(
			failed === 0
				? `Scanner: ${outcomes.length} checks passed.`
				: `Scanner: ${failed} of ${outcomes.length} checks failed.`,
		);
		return failed === 0 ? 0 : 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
