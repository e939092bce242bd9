/**
 * Throughput of the node in n8n's engine ÷ throughput of a raw client (Node's fetch) sending the same uploads at
 * the same concurrency (bench/README.md, goal ≥ 0.8). Both act for the same derived user with Basic + X-User-Identifier
 * (docs/gini-api.md §2.1) and both do what an upload is: POST /documents, then GET of the Location (§4.1, §4.3).
 * The emulator runs in its own process, like Gini, so its work does not share this process's event loop.
 */
import { request } from 'node:http';

import { DEMO_CLIENTS, startEmulator } from '../../test/emulator/index.cts';
import { loadFixture } from '../../test/fixtures/invoices.cts';
import { binaryItem } from '../../test/harness/index.cts';
import { basicCredential, goodInvoices } from '../../test/integration/gini.cts';
import type { BenchConfig } from './config.cts';
import { atLeast, round, type PhaseResult } from './figures.cts';
import { asEmulator, runAll, uploadParameters, type EmulatorUrls } from './nodeRuns.cts';
import { startEmulatorProcess } from './processes.cts';

const USER = 'bench-throughput-user';
const GINI_JSON = 'application/vnd.gini.v1+json';

interface Upload {
	bytes: Buffer;
	fileName: string;
	mediaType: string;
}

function uploads(count: number): Upload[] {
	const pdfs = goodInvoices().filter((sample) => sample.mediaType === 'application/pdf');
	return Array.from({ length: count }, (_, index) => {
		const sample = pdfs[index % pdfs.length];
		return { bytes: loadFixture(sample.file), fileName: sample.file, mediaType: sample.mediaType };
	});
}

async function expectOk(response: Response, what: string): Promise<unknown> {
	const body = await response.json();
	if (!response.ok) throw new Error(`raw client: ${what} answered ${response.status}`);
	return body;
}

const { clientId, clientSecret } = DEMO_CLIENTS.derived;
const AUTH = {
	Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
	'X-User-Identifier': USER,
	Accept: GINI_JSON,
};

/** One upload as the raw client sends it: POST, then GET of the Location. */
type RawUpload = (gini: EmulatorUrls, upload: Upload) => Promise<void>;

function uploadUrl(gini: EmulatorUrls, upload: Upload): string {
	return `${gini.payApiUrl}/documents?filename=${encodeURIComponent(upload.fileName)}`;
}

/** Node's fetch, which keeps connections open and reuses them (undici's default). */
const fetchUpload: RawUpload = async (gini, upload) => {
	const created = await fetch(uploadUrl(gini, upload), {
		method: 'POST',
		headers: { ...AUTH, 'Content-Type': upload.mediaType },
		body: upload.bytes,
	});
	await expectOk(created, 'POST /documents');
	const location = created.headers.get('location');
	if (!location) throw new Error('raw client: no Location header');
	await expectOk(await fetch(location, { headers: AUTH }), 'GET /documents/{id}');
};

/** node:http with a new connection per request, as n8n's request helpers make them (a new agent per request). */
function send(url: string, method: string, headers: Record<string, string>, body?: Buffer) {
	return new Promise<{ status: number; location?: string }>((resolve, reject) => {
		const req = request(url, { method, headers, agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

const newConnectionUpload: RawUpload = async (gini, upload) => {
	const created = await send(
		uploadUrl(gini, upload),
		'POST',
		{ ...AUTH, 'Content-Type': upload.mediaType },
		upload.bytes,
	);
	if (created.status !== 201 || !created.location)
		throw new Error(`raw client: POST answered ${created.status}`);
	const read = await send(created.location, 'GET', AUTH);
	if (read.status !== 200) throw new Error(`raw client: GET answered ${read.status}`);
};

/** The raw client: `concurrency` workers taking the next upload, as the node's router does. */
async function rawRun(
	gini: EmulatorUrls,
	list: Upload[],
	concurrency: number,
	send: RawUpload = fetchUpload,
) {
	let next = 0;
	const worker = async () => {
		while (next < list.length) await send(gini, list[next++]);
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	return (performance.now() - started) / 1000;
}

async function nodeRun(gini: EmulatorUrls, list: Upload[], concurrency: number): Promise<number> {
	// Items are made before the clock starts: the node's work begins where an upstream node hands over files.
	const items = await Promise.all(
		list.map(async (upload) => await binaryItem(upload.bytes, upload.fileName, upload.mediaType)),
	);
	const started = performance.now();
	await runAll({
		mode: 'basic',
		credential: basicCredential(asEmulator(gini), { userIdentifier: USER }),
		parameters: uploadParameters(concurrency),
		items,
	});
	return (performance.now() - started) / 1000;
}

interface Round {
	nodeSeconds: number;
	fetchSeconds: number;
	newConnectionSeconds: number;
}

function rate(uploads: number, rounds: Round[], pick: (round: Round) => number): number {
	return (uploads * rounds.length) / rounds.reduce((sum, round) => sum + pick(round), 0);
}

/** Per answer of the emulator in the remote-Gini variant: a short round trip, well under a real upload. */
const REMOTE_LATENCY_MS = 50;

/**
 * The same comparison against an emulator that answers after REMOTE_LATENCY_MS, as a remote Gini would: then
 * both clients wait on the network rather than on their own CPU. In-process, since the emulator is mostly idle.
 */
async function remoteGiniRatio(config: BenchConfig, list: Upload[]) {
	const gini = await startEmulator({ faults: { latencyMs: REMOTE_LATENCY_MS } });
	try {
		const nodeSeconds = await nodeRun(gini, list, config.concurrency);
		const fetchSeconds = await rawRun(gini, list, config.concurrency);
		return {
			latencyMs: REMOTE_LATENCY_MS,
			nodeRate: list.length / nodeSeconds,
			fetchRate: list.length / fetchSeconds,
		};
	} finally {
		await gini.stop();
	}
}

export async function measureThroughput(config: BenchConfig): Promise<PhaseResult> {
	const gini = await startEmulatorProcess(1000);
	try {
		const warmup = uploads(config.warmupUploads);
		await nodeRun(gini, warmup, config.concurrency);
		await rawRun(gini, warmup, config.concurrency);
		await rawRun(gini, warmup, config.concurrency, newConnectionUpload);
		const list = uploads(config.throughputUploads);
		const rounds: Round[] = [];
		// Alternating rounds spread the machine's noise over all clients.
		for (let round = 0; round < config.throughputRounds; round++) {
			rounds.push({
				nodeSeconds: await nodeRun(gini, list, config.concurrency),
				fetchSeconds: await rawRun(gini, list, config.concurrency),
				newConnectionSeconds: await rawRun(gini, list, config.concurrency, newConnectionUpload),
			});
		}
		const counters = await gini.counters();
		const expected = 3 * (warmup.length + list.length * rounds.length);
		if (counters.documentsCreated !== expected) {
			throw new Error(
				`the emulator created ${counters.documentsCreated} documents, expected ${expected}`,
			);
		}
		const nodeRate = rate(list.length, rounds, (r) => r.nodeSeconds);
		const fetchRate = rate(list.length, rounds, (r) => r.fetchSeconds);
		const newConnectionRate = rate(list.length, rounds, (r) => r.newConnectionSeconds);
		const ratio = nodeRate / fetchRate;
		const remote = await remoteGiniRatio(config, list);
		const remoteRatio = remote.nodeRate / remote.fetchRate;
		const section = `Throughput: ${list.length} uploads × ${rounds.length} round(s), concurrency ${config.concurrency}, emulator in its own process`;
		return {
			figures: [
				{ section, name: 'Node in the engine', value: `${nodeRate.toFixed(0)} uploads/s` },
				{ section, name: 'Raw client (fetch)', value: `${fetchRate.toFixed(0)} uploads/s` },
				{
					section,
					name: 'Node ÷ raw client (fetch)',
					value: ratio.toFixed(2),
					goal: atLeast(round(ratio), 0.8),
					note: `after a warm-up of ${warmup.length} uploads each; each upload is POST + GET for both`,
				},
				{
					section,
					name: 'Raw client, new connection per request',
					value: `${newConnectionRate.toFixed(0)} uploads/s`,
					note:
						`node:http with agent: false, as n8n's request helpers connect; ` +
						`node ÷ this client ${(nodeRate / newConnectionRate).toFixed(2)}`,
				},
				{
					section,
					name: `Node ÷ raw client (fetch), Gini answering after ${remote.latencyMs} ms`,
					value: remoteRatio.toFixed(2),
					goal: atLeast(round(remoteRatio), 0.8),
					note:
						`one round, emulator in process with ${remote.latencyMs} ms latency per answer: ` +
						`node ${remote.nodeRate.toFixed(0)}, fetch ${remote.fetchRate.toFixed(0)} uploads/s`,
				},
			],
			data: {
				uploadsPerRound: list.length,
				warmupUploads: warmup.length,
				concurrency: config.concurrency,
				rounds,
				nodeUploadsPerSecond: round(nodeRate, 1),
				fetchUploadsPerSecond: round(fetchRate, 1),
				newConnectionUploadsPerSecond: round(newConnectionRate, 1),
				ratio: round(ratio, 3),
				ratioToNewConnectionClient: round(nodeRate / newConnectionRate, 3),
				remoteGini: { ...remote, ratio: round(remoteRatio, 3) },
				goal: 0.8,
				requestsByRoute: counters.requests.byRoute,
			},
			chart: [
				{
					title: 'Throughput, node ÷ raw client (at least 0.8 against fetch)',
					bars: [
						{ label: 'node ÷ fetch', value: ratio, pass: round(ratio) >= 0.8 },
						{ label: 'node ÷ new-connection client', value: nodeRate / newConnectionRate },
						{
							label: `node ÷ fetch, ${remote.latencyMs} ms Gini`,
							value: remoteRatio,
							pass: round(remoteRatio) >= 0.8,
						},
					],
					goal: { value: 0.8, label: 'goal' },
				},
			],
		};
	} finally {
		await gini.stop();
	}
}
