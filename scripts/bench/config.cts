/**
 * Sizes of `npm run bench`, from flags. The defaults are the figures bench/README.md sets; `--quick` shrinks every
 * phase to check the script in a minute, and writes its results outside the repo unless `--out` is given.
 */
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT } from './processes.cts';

export const PHASES = [
	'tokens',
	'throughput',
	'memory',
	'waiting',
	'batch',
	'realN8n',
	'profile',
] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchConfig {
	quick: boolean;
	phases: Phase[];
	/** In flight at once, for every phase (Request Options > Concurrency of the node, workers of the raw client). */
	concurrency: number;
	/** Uploads of one user per auth mode. */
	singleUserUploads: number;
	users: number;
	uploadsPerUser: number;
	throughputUploads: number;
	throughputRounds: number;
	warmupUploads: number;
	memoryUploads: number;
	memorySizesMiB: number[];
	waitDocuments: number;
	processingMs: number;
	/** Batch to payment data: invoices per round, Gini's processing times, rounds, and the node-alone sizes. */
	batchDocuments: number;
	batchProcessingMs: number[];
	batchRounds: number;
	batchLarge: number[];
	outDir: string;
}

const FULL: Omit<BenchConfig, 'quick' | 'phases' | 'outDir'> = {
	concurrency: 10,
	singleUserUploads: 1000,
	users: 100,
	uploadsPerUser: 10,
	throughputUploads: 1000,
	throughputRounds: 3,
	warmupUploads: 500,
	memoryUploads: 200,
	memorySizesMiB: [1, 9],
	waitDocuments: 10,
	processingMs: 30_000,
	batchDocuments: 200,
	batchProcessingMs: [1000, 3000],
	batchRounds: 2,
	batchLarge: [1000, 5000],
};

const QUICK: typeof FULL = {
	concurrency: 10,
	singleUserUploads: 100,
	users: 10,
	uploadsPerUser: 5,
	throughputUploads: 200,
	throughputRounds: 1,
	warmupUploads: 20,
	memoryUploads: 20,
	memorySizesMiB: [1, 9],
	waitDocuments: 3,
	processingMs: 3_000,
	batchDocuments: 20,
	batchProcessingMs: [1000],
	batchRounds: 1,
	batchLarge: [],
};

const NUMBER_FLAGS: Record<string, keyof typeof FULL> = {
	concurrency: 'concurrency',
	uploads: 'singleUserUploads',
	users: 'users',
	'uploads-per-user': 'uploadsPerUser',
	'throughput-uploads': 'throughputUploads',
	rounds: 'throughputRounds',
	warmup: 'warmupUploads',
	'memory-uploads': 'memoryUploads',
	'wait-documents': 'waitDocuments',
	'processing-ms': 'processingMs',
	'batch-documents': 'batchDocuments',
	'batch-rounds': 'batchRounds',
};

export const USAGE = [
	`npm run bench -- [--quick] [--only ${PHASES.join(',')}] [--out <dir>]`,
	`  numbers: ${Object.keys(NUMBER_FLAGS)
		.map((flag) => `--${flag} <n>`)
		.join(' ')}`,
	'  --memory-sizes <MiB,MiB> (each below 10: Gini refuses 10 MiB and more)',
	'  --batch-processing <ms,ms> (Gini processing times of the batch phase; none to skip the comparison)',
	'  --batch-large <n,n> (node-alone batch sizes; none to skip)',
].join('\n');

function positiveInteger(flag: string, raw: string | undefined): number {
	const value = Number(raw);
	if (raw === undefined || !Number.isInteger(value) || value < 1) {
		throw new Error(`--${flag} needs a whole number of at least 1\n${USAGE}`);
	}
	return value;
}

export function parseConfig(argv: string[]): BenchConfig {
	const pairs: Array<[string, string | undefined]> = [];
	for (let i = 0; i < argv.length; i++) {
		if (!argv[i].startsWith('--')) throw new Error(`Unknown argument ${argv[i]}\n${USAGE}`);
		const [flag, inline] = argv[i].slice(2).split('=', 2);
		const takesValue = flag !== 'quick' && flag !== 'help';
		pairs.push([flag, takesValue ? (inline ?? argv[++i]) : undefined]);
	}
	if (pairs.some(([flag]) => flag === 'help')) throw new Error(USAGE);
	const quick = pairs.some(([flag]) => flag === 'quick');
	const config: BenchConfig = {
		...(quick ? QUICK : FULL),
		quick,
		phases: [...PHASES],
		outDir: quick ? path.join(tmpdir(), 'gini-pay-bench-quick') : path.join(REPO_ROOT, 'bench'),
	};
	for (const [flag, raw] of pairs) {
		if (flag === 'quick') continue;
		if (NUMBER_FLAGS[flag]) config[NUMBER_FLAGS[flag]] = positiveInteger(flag, raw) as never;
		else if (flag === 'out') config.outDir = path.resolve(raw ?? '');
		else if (flag === 'only') config.phases = phaseList(raw ?? '');
		else if (flag === 'memory-sizes') config.memorySizesMiB = sizeList(raw ?? '');
		else if (flag === 'batch-processing')
			config.batchProcessingMs = raw === 'none' ? [] : countList(flag, raw ?? '');
		else if (flag === 'batch-large')
			config.batchLarge = raw === 'none' ? [] : countList(flag, raw ?? '');
		else throw new Error(`Unknown flag --${flag}\n${USAGE}`);
	}
	return config;
}

function phaseList(raw: string): Phase[] {
	const names = raw.split(',').map((name) => name.trim());
	const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
	if (unknown.length > 0 || names.length === 0) {
		throw new Error(`--only takes ${PHASES.join(', ')}; got ${raw}`);
	}
	return PHASES.filter((phase) => names.includes(phase));
}

function sizeList(raw: string): number[] {
	const sizes = raw.split(',').map(Number);
	if (sizes.length === 0 || sizes.some((size) => !(size > 0 && size < 10))) {
		throw new Error(`--memory-sizes takes sizes in MiB between 0 and 10, e.g. 1,9; got ${raw}`);
	}
	return sizes;
}

function countList(flag: string, raw: string): number[] {
	return raw.split(',').map((part) => positiveInteger(flag, part.trim()));
}
