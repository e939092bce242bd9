/**
 * The node against n8n's own HTTP Request node, both in a real n8n 2.41.1 (`n8n execute`, scripts/real-n8n/install.sh),
 * binaries on disk (filesystem mode), against the emulator at 0 and 50 ms latency, and both against Node's fetch in
 * this process. One workflow per latency holds every variant as a branch after one Read Files node, repeated in
 * alternating rounds; each variant's figure is the execution time n8n records for its node (run data
 * `executionTime`), so n8n's start-up and the file reading are not counted.
 *
 * Variants: the Gini node uploading with Concurrency 10 and no waiting, the Gini node with every setting at its
 * default (whatever Concurrency and waiting default to), the Gini node with the JWT credential (Concurrency 10, no
 * waiting), the HTTP Request node POSTing the same files in batches of 10 1 ms apart (it has no concurrency setting;
 * this is its nearest), and the
 * HTTP Request node at its default (all items at once).
 */
import {
	createWriteStream,
	mkdirSync,
	mkdtempSync,
	rmSync,
	writeFileSync,
	type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { DEMO_CLIENTS, startEmulator, type Emulator } from '../../test/emulator/index.cts';
import { loadFixture } from '../../test/fixtures/invoices.cts';
import { goodInvoices } from '../../test/integration/gini.cts';
import { CREDENTIAL_IDS, CREDENTIAL_TYPES } from '../real-n8n/fixtures.cts';
import { N8n, ensureInstall, freePort, n8nEnvironment } from '../real-n8n/n8n.cts';
import { buildAndInstallPackage } from '../real-n8n/package.cts';
import type { BenchConfig } from './config.cts';
import { atLeast, round, type Figure, type PhaseResult } from './figures.cts';
import { REPO_ROOT, startEmulatorProcess } from './processes.cts';

const USER = 'bench-real-n8n-user';
const GINI_JSON = 'application/vnd.gini.v1+json';
const { clientId, clientSecret } = DEMO_CLIENTS.derived;
const BASIC = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;

export type Variant = 'giniC10' | 'giniDefault' | 'giniJwtC10' | 'httpC10' | 'httpDefault';
const VARIANTS: Variant[] = ['giniC10', 'httpC10', 'giniJwtC10', 'httpDefault', 'giniDefault'];
const LABELS: Record<Variant, string> = {
	giniC10: 'Gini node, Concurrency 10, no waiting',
	giniDefault: 'Gini node, all defaults',
	giniJwtC10: 'Gini node, JWT, Concurrency 10, no waiting',
	httpC10: 'HTTP Request node, batches of 10, 1 ms apart',
	httpDefault: 'HTTP Request node, defaults (all items at once)',
};

export interface Urls {
	payApiUrl: string;
	userCenterUrl: string;
}

export function credentials(gini: Urls) {
	return [
		{
			id: CREDENTIAL_IDS.basic,
			name: 'Gini bench (Basic)',
			type: CREDENTIAL_TYPES.basic,
			data: { payApiUrl: gini.payApiUrl, clientId, clientSecret, userIdentifier: USER },
		},
		{
			id: CREDENTIAL_IDS.jwt,
			name: 'Gini bench (JWT)',
			type: CREDENTIAL_TYPES.jwt,
			data: {
				payApiUrl: gini.payApiUrl,
				jwtSource: 'sign',
				privateKey: DEMO_CLIENTS.jwt.privateKeyPem,
				algorithm: DEMO_CLIENTS.jwt.algorithm,
				keyId: DEMO_CLIENTS.jwt.keyId,
				issuer: DEMO_CLIENTS.jwt.jwt?.issuer ?? '',
				audience: '',
				lifetimeSeconds: 300,
				clientId: DEMO_CLIENTS.jwt.clientId,
				clientSecret: '',
				userIdentifier: USER,
				userIdentifierClaim: 'x-user-identifier',
				clientIdClaim: 'x-client-id',
				clientCredentialClaim: 'x-client-secret',
			},
		},
	];
}

export function variantNode(variant: Variant, round: number, gini: Urls, y: number) {
	const name = `${variant} ${round}`;
	const position = [600, y];
	if (variant.startsWith('gini')) {
		const jwt = variant === 'giniJwtC10';
		const mode = jwt ? 'jwt' : 'basic';
		const parameters: Record<string, unknown> = {
			authentication: mode,
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data',
		};
		if (variant !== 'giniDefault') {
			parameters.requestOptions = { concurrency: 10 };
			parameters.waitForExtractions = false;
		}
		return {
			id: `node-${variant}-${round}`,
			name,
			type: 'n8n-nodes-gini-pay.giniPay',
			typeVersion: 1,
			position,
			parameters,
			credentials: {
				[CREDENTIAL_TYPES[mode]]: { id: CREDENTIAL_IDS[mode], name: `Gini bench (${mode})` },
			},
		};
	}
	return {
		id: `node-${variant}-${round}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${gini.payApiUrl}/documents`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: BASIC },
					{ name: 'X-User-Identifier', value: USER },
					{ name: 'Accept', value: GINI_JSON },
				],
			},
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: 'data',
			options:
				// HTTP Request has no concurrency setting; batching acts only with an interval above 0, and then waits that
				// long between batches of 10 without waiting for their answers (HttpRequestV3.node.ts).
				variant === 'httpC10' ? { batching: { batch: { batchSize: 10, batchInterval: 1 } } } : {},
		},
	};
}

/** A node of a workflow as n8n imports it: only its name matters here. */
type BranchNode = { name: string } & Record<string, unknown>;

/**
 * A manual workflow in which a Read Files node (the PDFs of `folder`, binaries on disk) feeds every node of `branches`
 * from its one output; n8n runs them one after another in their canvas order (top first).
 */
export function readFilesWorkflow(id: string, folder: string, branches: BranchNode[]) {
	return {
		id,
		name: id,
		active: false,
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'read',
				name: 'Read',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [300, 0],
				parameters: { operation: 'read', fileSelector: `${folder}/*.pdf`, options: {} },
			},
			...branches,
		],
		connections: {
			Start: { main: [[{ node: 'Read', type: 'main', index: 0 }]] },
			Read: { main: [branches.map(({ name }) => ({ node: name, type: 'main', index: 0 }))] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function workflow(id: string, folder: string, gini: Urls, rounds: number) {
	const branches: BranchNode[] = [];
	let y = 0;
	// Not measured: the first uploads of a process warm up its code and connections.
	for (const variant of ['giniC10', 'giniJwtC10', 'httpC10'] as Variant[]) {
		branches.push({
			...variantNode(variant, 0, gini, (y += 100)),
			name: `warm-up ${variant}`,
			id: `warm-up-${variant}`,
		});
	}
	for (let r = 1; r <= rounds; r++) {
		// Alternate the order from round to round, so that no variant always runs first.
		const order = r % 2 === 1 ? VARIANTS : [...VARIANTS].reverse();
		for (const variant of order) branches.push(variantNode(variant, r, gini, (y += 100)));
	}
	return readFilesWorkflow(id, folder, branches);
}

/** fetch, `concurrency` workers: POST of the bytes, then (withRead) GET of the Location, as the node does. */
async function fetchRate(
	gini: Urls,
	files: Buffer[],
	concurrency: number,
	withRead: boolean,
): Promise<number> {
	const headers = { Authorization: BASIC, 'X-User-Identifier': USER, Accept: GINI_JSON };
	let next = 0;
	const worker = async () => {
		while (next < files.length) {
			const bytes = files[next++];
			const created = await fetch(`${gini.payApiUrl}/documents`, {
				method: 'POST',
				headers: { ...headers, 'Content-Type': 'application/pdf' },
				body: bytes,
			});
			await created.arrayBuffer();
			if (created.status !== 201) throw new Error(`fetch: POST answered ${created.status}`);
			if (withRead) {
				const read = await fetch(created.headers.get('location') ?? '', { headers });
				await read.arrayBuffer();
				if (!read.ok) throw new Error(`fetch: GET answered ${read.status}`);
			}
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	return files.length / ((performance.now() - started) / 1000);
}

interface Measured {
	latencyMs: number;
	/** uploads/s per variant, from the summed execution times of its rounds. */
	rates: Record<Variant, number>;
	fetchC10: number;
	fetchC10PostOnly: number;
	fetchAllAtOnce: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

export interface RealN8nSetup {
	n8n: N8n;
	/** The folder of the PDFs the workflows read. */
	folder: string;
	bytes: Buffer[];
}

/**
 * n8n 2.41.1 installed (cached), the packed package in a fresh user folder, `files` sample PDFs on disk, and an `N8n`
 * to run the CLI with.
 */
export async function prepareRealN8n(
	work: string,
	files: number,
	log: WriteStream,
): Promise<RealN8nSetup> {
	const install = await ensureInstall(REPO_ROOT, log);
	const userFolder = path.join(work, 'user');
	await buildAndInstallPackage(REPO_ROOT, userFolder, path.join(work, 'pack'), log);
	const filesFolder = path.join(work, 'files');
	const folder = path.join(filesFolder, 'pdfs');
	mkdirSync(folder, { recursive: true });
	const pdfs = goodInvoices().filter((sample) => sample.mediaType === 'application/pdf');
	const bytes = Array.from({ length: files }, (_, index) =>
		loadFixture(pdfs[index % pdfs.length].file),
	);
	bytes.forEach((content, index) =>
		writeFileSync(path.join(folder, `invoice-${String(index).padStart(4, '0')}.pdf`), content),
	);
	const n8n = new N8n(
		install,
		n8nEnvironment(install, { userFolder, filesFolder, port: await freePort() }),
		log,
	);
	return { n8n, folder, bytes };
}

export async function measureRealN8n(config: BenchConfig): Promise<PhaseResult> {
	const files = Math.min(config.throughputUploads, 200);
	const rounds = config.quick ? 1 : 2;
	const work = mkdtempSync(path.join(tmpdir(), 'gini-bench-n8n-'));
	const log = createWriteStream(path.join(work, 'n8n.log'));
	const stops: Array<() => Promise<void>> = [];
	try {
		const { n8n, folder, bytes } = await prepareRealN8n(work, files, log);

		const loopback = await startEmulatorProcess(1000);
		stops.push(() => loopback.stop());
		const remote: Emulator = await startEmulator({ processingMs: 1000, faults: { latencyMs: 50 } });
		stops.push(() => remote.stop());
		const ginis: Array<{ latencyMs: number; urls: Urls; id: string }> = [
			{ latencyMs: 0, urls: loopback, id: 'GiniBenchLoopback' },
			{ latencyMs: 50, urls: remote, id: 'GiniBenchRemote50' },
		];
		// One credential per type: each latency's workflow is imported with its emulator's URL just before it runs.
		const measured: Measured[] = [];
		for (const gini of ginis) {
			const credentialsPath = path.join(work, `credentials-${gini.id}.json`);
			writeFileSync(credentialsPath, JSON.stringify(credentials(gini.urls)));
			await n8n.cliOrThrow(['import:credentials', `--input=${credentialsPath}`]);
			const workflowPath = path.join(work, `${gini.id}.json`);
			writeFileSync(workflowPath, JSON.stringify(workflow(gini.id, folder, gini.urls, rounds)));
			await n8n.cliOrThrow(['import:workflow', `--input=${workflowPath}`]);

			const fetchBefore = await fetchRate(gini.urls, bytes, 10, true);
			const run = (await n8n.execute(gini.id, 15 * 60_000)) as unknown as {
				status?: string;
				data: {
					resultData: {
						error?: { message?: string };
						runData: Record<
							string,
							Array<{
								executionTime: number;
								data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
							}>
						>;
					};
				};
			};
			const fetchAfter = await fetchRate(gini.urls, bytes, 10, true);
			const fetchPostOnly = await fetchRate(gini.urls, bytes, 10, false);
			const fetchAll = await fetchRate(gini.urls, bytes, files, false);
			if (run.data.resultData.error)
				throw new Error(`n8n execute: ${run.data.resultData.error.message ?? 'failed'}`);
			const rates = {} as Record<Variant, number>;
			for (const variant of VARIANTS) {
				let ms = 0;
				for (let r = 1; r <= rounds; r++) {
					const task = run.data.resultData.runData[`${variant} ${r}`]?.[0];
					const out = task?.data?.main?.[0] ?? [];
					if (!task || out.length !== files || out.some((item) => item.json.error !== undefined)) {
						throw new Error(
							`${variant} ${r}: ${out.length} of ${files} items came out, or some failed`,
						);
					}
					ms += task.executionTime;
				}
				rates[variant] = (files * rounds) / (ms / 1000);
			}
			measured.push({
				latencyMs: gini.latencyMs,
				rates,
				fetchC10: mean([fetchBefore, fetchAfter]),
				fetchC10PostOnly: fetchPostOnly,
				fetchAllAtOnce: fetchAll,
			});
		}
		return report(measured, files, rounds);
	} finally {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
		log.end();
		if (!process.env.GINI_BENCH_KEEP) rmSync(work, { recursive: true, force: true });
	}
}

function report(measured: Measured[], files: number, rounds: number): PhaseResult {
	const figures: Figure[] = [];
	for (const m of measured) {
		const section = `Real n8n 2.41.1 (n8n execute), ${files} PDFs from disk × ${rounds} round(s), Gini ${m.latencyMs === 0 ? 'on loopback' : `answering after ${m.latencyMs} ms`}`;
		for (const variant of VARIANTS) {
			figures.push({
				section,
				name: LABELS[variant],
				value: `${m.rates[variant].toFixed(0)} uploads/s`,
				note: 'node execution time from the run data',
			});
		}
		figures.push({
			section,
			name: 'fetch, concurrency 10, POST + GET',
			value: `${m.fetchC10.toFixed(0)} uploads/s`,
			note: 'before and after the execution, mean',
		});
		figures.push({
			section,
			name: 'fetch, concurrency 10, POST only',
			value: `${m.fetchC10PostOnly.toFixed(0)} uploads/s`,
		});
		figures.push({
			section,
			name: `fetch, all ${files} at once, POST only`,
			value: `${m.fetchAllAtOnce.toFixed(0)} uploads/s`,
		});
		const vsHttp = m.rates.giniC10 / m.rates.httpC10;
		figures.push({
			section,
			name: 'Gini node ÷ HTTP Request node, 10 at a time',
			value: vsHttp.toFixed(2),
			goal: m.latencyMs === 0 ? atLeast(round(vsHttp), 5) : undefined,
			note: 'both POST only: without waiting the Gini node does not read the document back',
		});
		figures.push({
			section,
			name: 'Gini node defaults ÷ HTTP Request node defaults',
			value: (m.rates.giniDefault / m.rates.httpDefault).toFixed(2),
		});
		// Equal work: without waiting (and without Read Back Document) the node only POSTs, like this fetch.
		const vsFetch = m.rates.giniC10 / m.fetchC10PostOnly;
		figures.push({
			section,
			name: 'Gini node ÷ fetch, both 10 at a time, POST only',
			value: vsFetch.toFixed(2),
			goal: m.latencyMs === 50 ? atLeast(round(vsFetch), 0.95) : undefined,
		});
		// The default Concurrency is 10, so "Concurrency 10, no waiting" is the node at its defaults with waiting off;
		// with its defaults as they are it also waits for Gini's processing (1 s here), which fetch does not.
		const defaultsVsFetch = m.rates.giniC10 / m.fetchC10PostOnly;
		figures.push({
			section,
			name: 'Gini node at its default Concurrency, waiting off ÷ fetch at concurrency 10',
			value: defaultsVsFetch.toFixed(2),
			goal: m.latencyMs === 50 ? atLeast(round(defaultsVsFetch), 0.9) : undefined,
			note: 'with every default, the node also waits for Gini’s processing: see "Gini node, all defaults"',
		});
		if (m.latencyMs === 0) {
			const jwtCost = m.rates.giniC10 / m.rates.giniJwtC10;
			figures.push({
				section,
				name: 'JWT ÷ Basic, time per upload on loopback',
				value: jwtCost.toFixed(2),
				note: 'wall time: on 2 cores it includes the emulator checking each JWT’s signature; CPU: see the profile',
			});
		}
	}
	return {
		figures,
		data: { files, rounds, measured },
		chart: [],
	};
}
