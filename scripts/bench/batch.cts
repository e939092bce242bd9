/**
 * "Batch to payment data" (bench/README.md): distinct invoices through the node at every default (Upload, waiting for
 * the payment data) in n8n's engine, against the best a client can do: fetch, POST at concurrency 10, then each
 * document polled every second as Gini's SDKs do (docs/gini-api.md §6.2), all documents waiting together, then its
 * extractions read. Gini is the emulator in its own process, answering every request `LATENCY_MS` late, with
 * `processingMs` of processing per document. Rounds alternate node and client. Every output item is checked for its
 * own invoice's IBAN and amount, for both. GETs per document and the most requests in flight at once come from the
 * emulator's counters. Then larger batches for the node alone: time, peak RSS, most requests in flight.
 * Each node run is a fresh child process (batchChild.cts), so its RSS is its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

import { DEMO_CLIENTS } from '../../test/emulator/index.cts';
import {
	DEFAULT_CONCURRENCY,
	WAITING_CAP_FACTOR,
} from '../../nodes/GiniPay/actions/requestOptions';
import type { BenchConfig } from './config.cts';
import { atLeast, atMost, mib, round, type Figure, type PhaseResult } from './figures.cts';
import type { BatchJob, BatchOutcome } from './batchChild.cts';
import { batchInvoices, carries, type BatchInvoice } from './batchInvoices.cts';
import { exited, spawnScript, startEmulatorProcess, type EmulatorProcess } from './processes.cts';

/** Gini "50 ms away": every answer of the emulator comes this much later. */
export const LATENCY_MS = 50;
/** The best client's upload concurrency and poll interval (Gini's SDKs: one look a second). */
const CLIENT_CONCURRENCY = 10;
const CLIENT_POLL_MS = 1000;
const GINI_JSON = 'application/vnd.gini.v1+json';

async function runNode(
	gini: EmulatorProcess,
	job: Omit<BatchJob, 'urls' | 'role'>,
): Promise<BatchOutcome> {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'gini-pay-bench-batch-'));
	try {
		let result: BatchOutcome | undefined;
		for (const role of ['generate', 'measure'] as const) {
			const child = spawnScript(
				'scripts/bench/batchChild.cts',
				[
					JSON.stringify({
						...job,
						role,
						urls: { payApiUrl: gini.payApiUrl, userCenterUrl: gini.userCenterUrl },
					}),
				],
				role === 'measure' ? ['--expose-gc'] : [],
				{ N8N_USER_FOLDER: userFolder },
			);
			createInterface({ input: child.stdout! }).on('line', (line) => {
				if (line.startsWith('RESULT '))
					result = JSON.parse(line.slice('RESULT '.length)) as BatchOutcome;
			});
			const code = await exited(child);
			if (code !== 0) throw new Error(`the batch ${role} child exited with ${code}`);
		}
		if (!result) throw new Error('the batch child exited without a result');
		return result;
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}

function headers(user: string): Record<string, string> {
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	return {
		Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
		'X-User-Identifier': user,
		Accept: GINI_JSON,
	};
}

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
	const body = (await response.json()) as Record<string, unknown>;
	if (!response.ok) throw new Error(`best client: ${what} answered ${response.status}`);
	return body;
}

/**
 * The best client: POSTs at CLIENT_CONCURRENCY; each created document is polled on its own (GET, and one second after
 * each PENDING answer the next), all at once; then its extractions. Returns the seconds and how many results did not
 * carry their invoice's IBAN and amount.
 */
async function runClient(
	gini: EmulatorProcess,
	invoices: BatchInvoice[],
	user: string,
): Promise<{ seconds: number; wrong: number }> {
	const auth = headers(user);
	const started = performance.now();
	const polls: Array<Promise<boolean>> = [];
	const poll = async (location: string, invoice: BatchInvoice): Promise<boolean> => {
		for (;;) {
			const document = await json(await fetch(location, { headers: auth }), 'GET document');
			if (document.progress !== 'PENDING') break;
			await delay(CLIENT_POLL_MS);
		}
		const body = await json(
			await fetch(`${location}/extractions`, { headers: auth }),
			'GET extractions',
		);
		const extractions = (body.extractions ?? {}) as Record<string, { value?: string }>;
		const amount = String(extractions.amountToPay?.value ?? '').split(':')[0];
		return carries({ iban: extractions.iban?.value, amount }, invoice);
	};
	let next = 0;
	const worker = async () => {
		while (next < invoices.length) {
			const invoice = invoices[next++];
			const created = await fetch(
				`${gini.payApiUrl}/documents?filename=${encodeURIComponent(invoice.fileName)}`,
				{
					method: 'POST',
					headers: { ...auth, 'Content-Type': 'application/pdf' },
					body: invoice.bytes,
				},
			);
			await created.arrayBuffer();
			const location = created.headers.get('location');
			if (created.status !== 201 || !location) {
				throw new Error(`best client: POST answered ${created.status}`);
			}
			polls.push(poll(location, invoice));
		}
	};
	await Promise.all(Array.from({ length: CLIENT_CONCURRENCY }, worker));
	const checked = await Promise.all(polls);
	return {
		seconds: (performance.now() - started) / 1000,
		wrong: checked.filter((ok) => !ok).length,
	};
}

interface Sample {
	seconds: number;
	documentGetsPerDocument: number;
	mostInFlight: number;
	wrong: number;
	peakRssMiB?: number;
	baselineRssMiB?: number;
	peakHeapUsedMiB?: number;
	baselineHeapUsedMiB?: number;
	liveHeapAfterMiB?: number;
}

async function counted<
	T extends {
		seconds: number;
		wrong: number;
		peakRss?: number;
		baselineRss?: number;
		peakHeapUsed?: number;
		baselineHeapUsed?: number;
		liveHeapAfter?: number;
	},
>(gini: EmulatorProcess, documents: number, work: () => Promise<T>): Promise<Sample> {
	await gini.resetCounters();
	const outcome = await work();
	const counters = await gini.counters();
	return {
		seconds: round(outcome.seconds, 2),
		documentGetsPerDocument: round(
			(counters.requests.byRoute['GET /documents/{id}'] ?? 0) / documents,
			2,
		),
		mostInFlight: counters.inFlight.peak,
		wrong: outcome.wrong,
		peakRssMiB: outcome.peakRss === undefined ? undefined : round(mib(outcome.peakRss), 1),
		baselineRssMiB:
			outcome.baselineRss === undefined ? undefined : round(mib(outcome.baselineRss), 1),
		peakHeapUsedMiB:
			outcome.peakHeapUsed === undefined ? undefined : round(mib(outcome.peakHeapUsed), 1),
		baselineHeapUsedMiB:
			outcome.baselineHeapUsed === undefined ? undefined : round(mib(outcome.baselineHeapUsed), 1),
		liveHeapAfterMiB:
			outcome.liveHeapAfter === undefined ? undefined : round(mib(outcome.liveHeapAfter), 1),
	};
}

function mean(samples: Sample[], pick: (sample: Sample) => number): number {
	return samples.reduce((sum, sample) => sum + pick(sample), 0) / samples.length;
}

export async function measureBatch(config: BenchConfig): Promise<PhaseResult> {
	const figures: Figure[] = [];
	const data: Record<string, unknown> = {
		latencyMs: LATENCY_MS,
		documents: config.batchDocuments,
		rounds: config.batchRounds,
	};
	const bars = [];
	const wrongs: string[] = [];
	for (const processingMs of config.batchProcessingMs) {
		const gini = await startEmulatorProcess(processingMs, LATENCY_MS);
		try {
			const node: Sample[] = [];
			const client: Sample[] = [];
			const count = config.batchDocuments;
			const nodeRound = async (round: number) =>
				node.push(
					await counted(gini, count, async () => {
						const tag = `node-${processingMs}-${round}`;
						return await runNode(gini, { count, tag, userIdentifier: `bench-batch-${tag}` });
					}),
				);
			const clientRound = async (round: number) => {
				const tag = `client-${processingMs}-${round}`;
				const invoices = await batchInvoices(tag, count);
				client.push(
					await counted(
						gini,
						count,
						async () => await runClient(gini, invoices, `bench-batch-${tag}`),
					),
				);
			};
			// Alternating rounds spread the machine's noise over both.
			for (let round = 0; round < config.batchRounds; round++) {
				if (round % 2 === 0) {
					await nodeRound(round);
					await clientRound(round);
				} else {
					await clientRound(round);
					await nodeRound(round);
				}
			}
			for (const [who, samples] of [
				['node', node],
				['best client', client],
			] as const) {
				const wrong = samples.reduce((sum, sample) => sum + sample.wrong, 0);
				if (wrong > 0)
					wrongs.push(
						`${who}, ${processingMs} ms: ${wrong} items without their own IBAN and amount`,
					);
			}
			const nodeSeconds = mean(node, (s) => s.seconds);
			const clientSeconds = mean(client, (s) => s.seconds);
			const ratio = clientSeconds / nodeSeconds;
			const nodeGets = mean(node, (s) => s.documentGetsPerDocument);
			const clientGets = mean(client, (s) => s.documentGetsPerDocument);
			const section = `Batch to payment data: ${count} invoices, ${processingMs / 1000} s processing, Gini ${LATENCY_MS} ms away`;
			figures.push(
				{
					section,
					name: 'Node, every default',
					value: `${nodeSeconds.toFixed(1)} s`,
					note: `rounds ${node.map((s) => s.seconds.toFixed(1)).join(', ')} s; most requests in flight ${Math.max(...node.map((s) => s.mostInFlight))}; peak RSS ${Math.max(...node.map((s) => s.peakRssMiB ?? 0)).toFixed(0)} MiB`,
				},
				{
					section,
					name: `Best client (fetch: POST at ${CLIENT_CONCURRENCY}, each polled every ${CLIENT_POLL_MS / 1000} s)`,
					value: `${clientSeconds.toFixed(1)} s`,
					note: `rounds ${client.map((s) => s.seconds.toFixed(1)).join(', ')} s; most requests in flight ${Math.max(...client.map((s) => s.mostInFlight))}`,
				},
				{
					section,
					name: 'Best client ÷ node (time)',
					value: ratio.toFixed(2),
					goal: atLeast(round(ratio), 0.9),
				},
				{
					section,
					name: 'GET /documents/{id} per document: node / best client',
					value: `${nodeGets.toFixed(1)} / ${clientGets.toFixed(1)}`,
					goal: {
						...atMost(round(nodeGets, 1), round(clientGets + 1, 1)),
						text: '≤ best client + 1',
					},
				},
			);
			bars.push({
				label: `${processingMs / 1000} s: client ÷ node`,
				value: ratio,
				pass: round(ratio) >= 0.9,
			});
			data[`processing${processingMs}`] = {
				node,
				client,
				ratio: round(ratio, 3),
				nodeGets,
				clientGets,
			};
		} finally {
			await gini.stop();
		}
	}
	const large: Record<string, Sample> = {};
	if (config.batchLarge.length > 0) {
		const gini = await startEmulatorProcess(1000, LATENCY_MS);
		try {
			for (const count of config.batchLarge) {
				const tag = `large-${count}`;
				large[count] = await counted(
					gini,
					count,
					async () => await runNode(gini, { count, tag, userIdentifier: `bench-batch-${tag}` }),
				);
				if (large[count].wrong > 0)
					wrongs.push(`node, ${count} invoices: ${large[count].wrong} wrong items`);
			}
		} finally {
			await gini.stop();
		}
		const section = `Batch to payment data, node alone: 1 s processing, Gini ${LATENCY_MS} ms away`;
		for (const [count, sample] of Object.entries(large)) {
			figures.push({
				section,
				name: `${count} invoices`,
				value: `${sample.seconds.toFixed(1)} s`,
				goal: {
					// The run's cap: a multiple of Concurrency, uploads first (actions/requestOptions.ts waitingCap).
					...atMost(sample.mostInFlight, WAITING_CAP_FACTOR * DEFAULT_CONCURRENCY),
					text: `most in flight ${sample.mostInFlight} ≤ ${WAITING_CAP_FACTOR * DEFAULT_CONCURRENCY}`,
				},
				note: `peak RSS ${sample.peakRssMiB} MiB (from ${sample.baselineRssMiB}); V8 heap in use: ${sample.baselineHeapUsedMiB} MiB before, peak ${sample.peakHeapUsedMiB}, ${sample.liveHeapAfterMiB} after a full collection with the output held; ${sample.documentGetsPerDocument} GET /documents/{id} per document`,
			});
		}
		const counts = Object.keys(large).map(Number);
		const smallest = Math.min(...counts);
		const largest = Math.max(...counts);
		if (counts.length > 1) {
			const rss = (large[largest].peakRssMiB ?? 0) / (large[smallest].peakRssMiB ?? 1);
			const live = (large[largest].liveHeapAfterMiB ?? 0) / (large[smallest].liveHeapAfterMiB ?? 1);
			figures.push(
				{
					section,
					name: `Peak RSS, ${largest} ÷ ${smallest} invoices`,
					value: rss.toFixed(2),
					goal: atMost(round(rss), 1.5),
					note: 'V8 lets the heap grow to several times its live size between full collections on a long, allocation-heavy run (n8n’s request path allocates about 0.4 MB per invoice); see the live heap',
				},
				{
					section,
					name: `Live heap after the run, ${largest} ÷ ${smallest} invoices`,
					value: live.toFixed(2),
					note: 'what the run still holds after a full collection, the output items included: flat means no file or document is kept',
				},
			);
		}
		data.large = large;
	}
	for (const wrong of wrongs) {
		figures.push({
			section: 'Batch to payment data: output check',
			name: 'items with another invoice’s data or an error',
			value: wrong,
			goal: { text: 'none', pass: false },
		});
	}
	return {
		figures,
		data,
		chart:
			bars.length > 0
				? [
						{
							title: 'Batch to payment data, best client ÷ node (at least 0.9)',
							bars,
							goal: { value: 0.9, label: 'goal' },
						},
					]
				: [],
	};
}
