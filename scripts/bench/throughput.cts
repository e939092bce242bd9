/**
 * Throughput of the node in n8n's engine ÷ throughput of a raw client (Node's fetch) sending the same uploads at
 * the same concurrency (issue 5, goal ≥ 0.8). Both act for the same derived user with Basic + X-User-Identifier
 * (gini-api.md §2.1) and both do what an upload is: POST /documents, then GET of the Location (§4.1, §4.3).
 * The emulator runs in its own process, like Gini, so its work does not share this process's event loop.
 */
import { DEMO_CLIENTS } from '../../test/emulator/index.cts';
import { loadFixture } from '../../test/fixtures/invoices.cts';
import { binaryItem } from '../../test/harness/index.cts';
import { basicCredential, goodInvoices } from '../../test/integration/gini.cts';
import type { BenchConfig } from './config.cts';
import { atLeast, round, type PhaseResult } from './figures.cts';
import { asEmulator, runAll, uploadParameters } from './nodeRuns.cts';
import { startEmulatorProcess, type EmulatorProcess } from './processes.cts';

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
	const body = (await response.json()) as unknown;
	if (!response.ok) throw new Error(`raw client: ${what} answered ${response.status}`);
	return body;
}

/** The raw client: `concurrency` workers taking the next upload, as the node's router does. */
async function rawRun(gini: EmulatorProcess, list: Upload[], concurrency: number): Promise<number> {
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	const auth = {
		Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
		'X-User-Identifier': USER,
		Accept: GINI_JSON,
	};
	let next = 0;
	const worker = async () => {
		while (next < list.length) {
			const upload = list[next++];
			const url = `${gini.payApiUrl}/documents?filename=${encodeURIComponent(upload.fileName)}`;
			const created = await fetch(url, {
				method: 'POST',
				headers: { ...auth, 'Content-Type': upload.mediaType },
				body: upload.bytes,
			});
			await expectOk(created, 'POST /documents');
			const location = created.headers.get('location');
			if (!location) throw new Error('raw client: no Location header');
			await expectOk(await fetch(location, { headers: auth }), 'GET /documents/{id}');
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	return (performance.now() - started) / 1000;
}

async function nodeRun(gini: EmulatorProcess, list: Upload[], concurrency: number): Promise<number> {
	// Items are made before the clock starts: the node's work begins where an upstream node hands over files.
	const items = await Promise.all(list.map(async (upload) => await binaryItem(upload.bytes, upload.fileName, upload.mediaType)));
	const started = performance.now();
	await runAll({
		mode: 'basic',
		credential: basicCredential(asEmulator(gini), { userIdentifier: USER }),
		parameters: uploadParameters(concurrency),
		items,
	});
	return (performance.now() - started) / 1000;
}

export async function measureThroughput(config: BenchConfig): Promise<PhaseResult> {
	const gini = await startEmulatorProcess(1000);
	try {
		const warmup = uploads(config.warmupUploads);
		await nodeRun(gini, warmup, config.concurrency);
		await rawRun(gini, warmup, config.concurrency);
		const list = uploads(config.throughputUploads);
		const rounds: Array<{ nodeSeconds: number; rawSeconds: number }> = [];
		// Alternating rounds spread the machine's noise over both clients.
		for (let round = 0; round < config.throughputRounds; round++) {
			const nodeSeconds = await nodeRun(gini, list, config.concurrency);
			const rawSeconds = await rawRun(gini, list, config.concurrency);
			rounds.push({ nodeSeconds, rawSeconds });
		}
		const counters = await gini.counters();
		const total = list.length * rounds.length;
		const nodeRate = total / rounds.reduce((sum, r) => sum + r.nodeSeconds, 0);
		const rawRate = total / rounds.reduce((sum, r) => sum + r.rawSeconds, 0);
		const ratio = nodeRate / rawRate;
		const section = `Throughput: ${list.length} uploads × ${rounds.length} round(s), concurrency ${config.concurrency}, emulator in its own process`;
		const expected = 2 * (warmup.length + total);
		const created = counters.documentsCreated;
		if (created !== expected) throw new Error(`the emulator created ${created} documents, expected ${expected}`);
		return {
			figures: [
				{ section, name: 'Node in the engine', value: `${nodeRate.toFixed(0)} uploads/s` },
				{ section, name: 'Raw client (fetch)', value: `${rawRate.toFixed(0)} uploads/s` },
				{
					section,
					name: 'Node ÷ raw client',
					value: ratio.toFixed(2),
					goal: atLeast(round(ratio), 0.8),
					note: `after a warm-up of ${warmup.length} uploads each; each upload is POST + GET for both`,
				},
			],
			data: {
				uploadsPerRound: list.length,
				warmupUploads: warmup.length,
				concurrency: config.concurrency,
				rounds,
				nodeUploadsPerSecond: round(nodeRate, 1),
				rawUploadsPerSecond: round(rawRate, 1),
				ratio: round(ratio, 3),
				goal: 0.8,
				requestsByRoute: counters.requests.byRoute,
			},
			chart: [
				{
					title: 'Throughput, node ÷ raw fetch (at least 0.8)',
					bars: [{ label: 'node ÷ raw', value: ratio, pass: round(ratio) >= 0.8 }],
					goal: { value: 0.8, label: 'goal' },
				},
			],
		};
	} finally {
		await gini.stop();
	}
}
