/**
 * Where the CPU of an upload goes in a real n8n 2.41.1: `n8n execute` runs under V8's sampling profiler
 * (`--cpu-prof`), once per variant, with that variant uploading the files several times after a Read Files node
 * (scripts/bench/realN8n.cts builds the nodes), Gini on loopback. Only the samples while the variant's node ran count
 * (cpuByComponent, MARKERS), each charged to the package nearest the top of its stack (a Node.js internal such as `http` or
 * `crypto` to the package that called it), per upload.
 */
import {
	createWriteStream,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { BenchConfig } from './config.cts';
import { atMost, round, type Figure, type PhaseResult } from './figures.cts';
import { startEmulator } from '../../test/emulator/index.cts';
import type { N8n } from '../real-n8n/n8n.cts';
import { startEmulatorProcess } from './processes.cts';
import {
	credentials,
	prepareRealN8n,
	readFilesWorkflow,
	variantNode,
	type Urls,
	type Variant,
} from './realN8n.cts';

const PROFILED: Variant[] = ['giniC10', 'giniJwtC10', 'httpC10'];
/**
 * A frame only the variant's node runs while it executes (not while n8n loads it): its samples mark the window that
 * counts. The Gini node's item loop (actions/router.ts); the HTTP Request node's `execute`.
 */
interface Marker {
	url: string;
	functions: string[];
}
const GINI_MARKER: Marker = {
	url: '/n8n-nodes-gini-pay/dist/nodes/GiniPay/actions/router.js',
	functions: ['runItem', 'worker', 'router'],
};
const MARKERS: Partial<Record<Variant, Marker>> = {
	giniC10: GINI_MARKER,
	giniJwtC10: GINI_MARKER,
	httpC10: { url: '/n8n-nodes-base/dist/nodes/HttpRequest/', functions: ['execute'] },
};
const LABELS: Partial<Record<Variant, string>> = {
	giniC10: 'Gini node, Basic',
	giniJwtC10: 'Gini node, JWT',
	httpC10: 'HTTP Request node',
};
/**
 * What sending one request through n8n costs wherever it is sent from (`httpRequestWithAuthentication` and the
 * HTTP Request node alike): n8n-core's request helpers, n8n's outbound network layer, axios and what it uses, and
 * Node's socket and HTTP parsing callbacks (charged to "Node.js internals": no package is on their stack).
 */
const REQUEST_PATH = [
	'Node.js internals',
	'axios',
	'@n8n/backend-network',
	'proxy-from-env',
	'follow-redirects',
	'n8n-core',
];

/** Sampling interval, µs (V8's default is 1000). */
const INTERVAL_US = 250;

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** The package of a script URL (`@scope/name` or `name`), the last `node_modules` segment wins. */
export function packageOf(url: string): string | undefined {
	const at = url.lastIndexOf('/node_modules/');
	if (at < 0) return undefined;
	const [first, second] = url.slice(at + '/node_modules/'.length).split('/');
	return first.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * CPU ms by component, over the samples from the first to the last whose stack runs code of the measured node
 * (`marker` in a script URL): n8n's start-up and the file reading before are left out, and everything the process did
 * while the node ran (its socket callbacks, n8n's bookkeeping, garbage collection) is in. A sample goes to the package
 * nearest the top of its stack; one without a package on its stack to "Node.js internals" (a `node:` script, e.g.
 * socket and HTTP parsing callbacks) or to V8's own entries ("(garbage collector)", "(program)", "(idle)").
 */
export function cpuByComponent(profile: CpuProfile, marker: Marker): Map<string, number> {
	const parent = new Map<number, number>();
	const byId = new Map<number, ProfileNode>();
	for (const node of profile.nodes) {
		byId.set(node.id, node);
		for (const child of node.children ?? []) parent.set(child, node.id);
	}
	const stackOf = function* (leaf: number) {
		for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id))
			yield byId.get(id)!.callFrame;
	};
	const componentOf = new Map<number, string>();
	const resolve = (leaf: number): string => {
		const known = componentOf.get(leaf);
		if (known) return known;
		let internal = false;
		let component: string | undefined;
		for (const { url } of stackOf(leaf)) {
			component = packageOf(url);
			if (component) break;
			if (url.startsWith('node:')) internal = true;
		}
		const name = byId.get(leaf)!.callFrame.functionName;
		const result =
			component ?? (name.startsWith('(') ? name : internal ? 'Node.js internals' : 'other');
		componentOf.set(leaf, result);
		return result;
	};
	const marked = new Map<number, boolean>();
	const isMarked = (leaf: number): boolean => {
		if (!marked.has(leaf))
			marked.set(
				leaf,
				[...stackOf(leaf)].some(
					({ url, functionName }) =>
						url.includes(marker.url) && marker.functions.includes(functionName),
				),
			);
		return marked.get(leaf)!;
	};
	const first = profile.samples.findIndex(isMarked);
	let last = profile.samples.length - 1;
	while (last >= 0 && !isMarked(profile.samples[last])) last--;
	const ms = new Map<string, number>();
	for (let index = Math.max(0, first); first >= 0 && index <= last; index++) {
		const component = resolve(profile.samples[index]);
		// A sample's delta is the time since the previous one: it is charged to this sample.
		ms.set(component, (ms.get(component) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
	}
	return ms;
}

/** CPU ms of a run, idle left out. */
function busyMs(byComponent: Map<string, number>): number {
	return [...byComponent]
		.filter(([component]) => component !== '(idle)')
		.reduce((sum, [, ms]) => sum + ms, 0);
}

/** The profile of n8n's main process: the one with the most samples in the folder. */
function mainProfile(folder: string): CpuProfile {
	const profiles = readdirSync(folder)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as CpuProfile);
	if (profiles.length === 0) throw new Error(`no CPU profile written in ${folder}`);
	return profiles.sort((a, b) => b.samples.length - a.samples.length)[0];
}

function workflow(id: string, folder: string, gini: Urls, variant: Variant, rounds: number) {
	const branches = Array.from({ length: rounds }, (_, index) =>
		variantNode(variant, index + 1, gini, (index + 1) * 100),
	);
	return readFilesWorkflow(id, folder, branches);
}

export async function measureProfile(config: BenchConfig): Promise<PhaseResult> {
	const files = Math.min(config.throughputUploads, 200);
	const rounds = config.quick ? 1 : 4;
	const repeats = config.quick ? 1 : 3;
	const work = mkdtempSync(path.join(tmpdir(), 'gini-bench-profile-'));
	const log = createWriteStream(path.join(work, 'n8n.log'));
	const gini = await startEmulatorProcess(1000);
	const stops: Array<() => Promise<void>> = [() => gini.stop()];
	try {
		const { n8n, folder } = await prepareRealN8n(work, files, log);
		const credentialsPath = path.join(work, 'credentials.json');
		writeFileSync(credentialsPath, JSON.stringify(credentials(gini)));
		await n8n.cliOrThrow(['import:credentials', `--input=${credentialsPath}`]);

		for (const variant of PROFILED) {
			const id = `GiniBenchProfile${variant}`;
			const workflowPath = path.join(work, `${id}.json`);
			writeFileSync(workflowPath, JSON.stringify(workflow(id, folder, gini, variant, rounds)));
			await n8n.cliOrThrow(['import:workflow', `--input=${workflowPath}`]);
		}
		// Each variant several times, in alternating order; the run with the median CPU counts (a profile's samples
		// are timed by the wall clock, so another process taking a core inflates one run).
		const runs = new Map<Variant, Array<Map<string, number>>>(PROFILED.map((v) => [v, []]));
		for (let repeat = 0; repeat < repeats; repeat++) {
			for (const variant of repeat % 2 === 0 ? PROFILED : [...PROFILED].reverse()) {
				const id = `GiniBenchProfile${variant}`;
				const profiles = path.join(work, `profile-${variant}-${repeat}`);
				await profiledExecute(n8n, id, profiles);
				runs.get(variant)!.push(cpuByComponent(mainProfile(profiles), MARKERS[variant] as Marker));
			}
		}
		const cpu = new Map<string, Map<string, number>>();
		for (const [variant, measured] of runs) {
			const sorted = [...measured].sort((a, b) => busyMs(a) - busyMs(b));
			cpu.set(variant, sorted[Math.floor(sorted.length / 2)]);
		}

		// The Gini node against a Gini 50 ms away: how much of its time n8n's process is busy (the credential is
		// imported again with that emulator's URL).
		const remote = await startEmulator({ processingMs: 1000, faults: { latencyMs: 50 } });
		stops.push(() => remote.stop());
		writeFileSync(credentialsPath, JSON.stringify(credentials(remote)));
		await n8n.cliOrThrow(['import:credentials', `--input=${credentialsPath}`]);
		const remoteId = 'GiniBenchProfileRemote50';
		const remotePath = path.join(work, `${remoteId}.json`);
		writeFileSync(
			remotePath,
			JSON.stringify(workflow(remoteId, folder, remote, 'giniC10', rounds)),
		);
		await n8n.cliOrThrow(['import:workflow', `--input=${remotePath}`]);
		const remoteProfiles = path.join(work, 'profile-remote50');
		await profiledExecute(n8n, remoteId, remoteProfiles);
		const remoteCpu = cpuByComponent(mainProfile(remoteProfiles), GINI_MARKER);
		return report(cpu, files * rounds, repeats, remoteCpu);
	} finally {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
		log.end();
		if (!process.env.GINI_BENCH_KEEP) rmSync(work, { recursive: true, force: true });
	}
}

/** `n8n execute` of a workflow under V8's profiler, the profiles written to `folder`; fails when the run failed. */
async function profiledExecute(n8n: N8n, id: string, folder: string): Promise<void> {
	const profiled = n8n.withEnv({
		NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${folder} --cpu-prof-interval=${INTERVAL_US}`,
	});
	const run = (await profiled.execute(id, 10 * 60_000)) as unknown as {
		data: { resultData: { error?: { message?: string } } };
	};
	if (run.data.resultData.error)
		throw new Error(`n8n execute ${id}: ${run.data.resultData.error.message ?? 'failed'}`);
}

/** What the component is, for the table. */
function describe(component: string): string {
	if (component === 'n8n-nodes-gini-pay') return 'this package';
	if (component === 'n8n-nodes-base') return "n8n's built-in nodes";
	if (component === 'n8n-core') return 'n8n-core (request helpers, binary data, execution)';
	if (component === 'n8n') return 'n8n (CLI, database services)';
	return component;
}

function report(
	cpu: Map<string, Map<string, number>>,
	uploads: number,
	repeats: number,
	remote: Map<string, number>,
): PhaseResult {
	const perUpload = new Map<Variant, Map<string, number>>();
	for (const variant of PROFILED) {
		const measured = cpu.get(variant) ?? new Map<string, number>();
		perUpload.set(
			variant,
			new Map([...measured].map(([component, ms]) => [component, ms / uploads])),
		);
	}
	const section = `CPU per upload in real n8n 2.41.1 (n8n execute under --cpu-prof), Gini on loopback, Concurrency 10 / batches of 10, ${uploads} uploads per variant, median of ${repeats} runs`;
	const busy = (variant: Variant) => busyMs(perUpload.get(variant) ?? new Map<string, number>());
	const cell = (variant: Variant, value: number) => `${LABELS[variant]} ${value.toFixed(3)}`;
	const figures: Figure[] = [
		{
			section,
			name: 'All components (idle excluded)',
			value: `${PROFILED.map((variant) => cell(variant, busy(variant))).join(' · ')} ms`,
			note: "n8n's main process, from the node's first sample to its last, per upload",
		},
	];
	const jwtCost = busy('giniJwtC10') / busy('giniC10');
	figures.push({
		section,
		name: 'JWT ÷ Basic, CPU per upload',
		value: jwtCost.toFixed(2),
		goal: atMost(round(jwtCost), 1.1),
		note: "n8n's process only: the emulator's signature checks run in its own process",
	});
	const requestPath = (variant: Variant) =>
		REQUEST_PATH.reduce((sum, component) => sum + (perUpload.get(variant)?.get(component) ?? 0), 0);
	figures.push({
		section,
		name: "n8n's request path, share of the Gini node's CPU",
		value: `${((100 * requestPath('giniC10')) / busy('giniC10')).toFixed(0)} % (${requestPath('giniC10').toFixed(3)} ms)`,
		note: REQUEST_PATH.join(', '),
	});
	figures.push({
		section,
		name: 'Gini node ÷ HTTP Request node, CPU per upload',
		value: (busy('giniC10') / busy('httpC10')).toFixed(2),
	});
	// The components that cost any variant at least 0.02 ms an upload, largest first (by the Basic variant).
	const components = new Set<string>();
	for (const net of perUpload.values())
		for (const [component, ms] of net)
			if (ms >= 0.02 && component !== '(idle)') components.add(component);
	const ordered = [...components].sort(
		(a, b) => (perUpload.get('giniC10')?.get(b) ?? 0) - (perUpload.get('giniC10')?.get(a) ?? 0),
	);
	for (const component of ordered) {
		figures.push({
			section,
			name: describe(component),
			value: `${PROFILED.map((variant) => cell(variant, perUpload.get(variant)?.get(component) ?? 0)).join(' · ')} ms`,
		});
	}
	const remoteSection = `CPU per upload in real n8n 2.41.1 (n8n execute under --cpu-prof), Gini answering after 50 ms, Concurrency 10, ${uploads} uploads`;
	const remoteBusy = busyMs(remote);
	const remoteWindow = remoteBusy + (remote.get('(idle)') ?? 0);
	figures.push(
		{
			section: remoteSection,
			name: 'Gini node, Basic: CPU per upload',
			value: `${(remoteBusy / uploads).toFixed(3)} ms`,
			note: "n8n's main process, from the node's first sample to its last",
		},
		{
			section: remoteSection,
			name: "Gini node, Basic: the node's time per upload, one of 10 in flight",
			value: `${((10 * remoteWindow) / uploads).toFixed(1)} ms`,
			note: `n8n's process busy ${((100 * remoteBusy) / remoteWindow).toFixed(0)} % of it`,
		},
	);
	return {
		figures,
		data: {
			uploads,
			remote50: Object.fromEntries(remote),
			cpuMsPerUpload: Object.fromEntries(
				[...perUpload].map(([variant, net]) => [variant, Object.fromEntries(net)]),
			),
		},
		chart: [],
	};
}
