/**
 * Wait for Extractions with a slow Gini (bench/README.md): documents that take `processingMs` to process, uploaded with
 * Wait for Extractions. Delay = when the node returned − when the document completed (its creationDate plus the
 * processing time: the emulator completes a document exactly then, test/emulator/README.md "Processing").
 * GETs per document come from the emulator's counters. The node's run waiter looks at each document one interval
 * (1 s) after each answer (shared/waiter.ts), as Gini's SDKs poll every second (docs/gini-api.md §6.2).
 */
import { startEmulator } from '../../test/emulator/index.cts';
import { invoiceItems, resetTokenCache, basicCredential } from '../../test/integration/gini.cts';
import { POLL_INTERVAL_MS } from '../../nodes/GiniPay/shared/waiter';
import type { BenchConfig } from './config.cts';
import { atMost, round, type Figure, type PhaseResult } from './figures.cts';
import { runAll, uploadParameters } from './nodeRuns.cts';

/** GETs Gini's SDKs would send: one per second until done, and one more that sees the result. */
function sdkGets(processingMs: number): number {
	return Math.ceil(processingMs / 1000) + 1;
}

export async function measureWaiting(config: BenchConfig): Promise<PhaseResult> {
	const gini = await startEmulator({ processingMs: config.processingMs });
	try {
		resetTokenCache();
		const items = await invoiceItems(config.waitDocuments);
		gini.resetCounters();
		const output = await runAll({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: 'bench-waiting-user' }),
			parameters: uploadParameters(config.concurrency, {
				waitForExtractions: true,
				// Raw output: the item then carries Gini's document, whose creationDate dates the completion.
				simplify: false,
				timeout: Math.ceil(config.processingMs / 1000) + 120,
			}),
			items,
		});
		const returnedAt = Date.now();
		const delays = output.map((json) => {
			const document = json.document as { creationDate: number; progress: string };
			if (document.progress === 'PENDING') throw new Error('the node returned a PENDING document');
			return (returnedAt - (document.creationDate + config.processingMs)) / 1000;
		});
		const routes = gini.counters().requests.byRoute;
		const documentGets = (routes['GET /documents/{id}'] ?? 0) / items.length;
		const extractionGets = (routes['GET /documents/{id}/extractions'] ?? 0) / items.length;
		const maxDelay = Math.max(...delays);
		const meanDelay = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
		// The run's waiter looks once an interval after each answer: a document is picked up within one interval, plus
		// the look's and the extractions read's answers.
		const pollCap = (1.5 * POLL_INTERVAL_MS) / 1000;
		const sdk = sdkGets(config.processingMs);
		const section = `Wait for Extractions: ${items.length} documents, ${config.processingMs / 1000} s processing, concurrency ${config.concurrency}`;
		const figures: Figure[] = [
			{
				section,
				name: 'Delay after completion, worst document',
				value: `${maxDelay.toFixed(2)} s`,
				goal: {
					...atMost(round(maxDelay), pollCap),
					text: `≤ ${pollCap} s (one poll interval and the answers)`,
				},
				note: `mean ${meanDelay.toFixed(2)} s; node return time − (creationDate + processing time)`,
			},
			{
				section,
				name: 'GET /documents/{id} per document',
				value: documentGets.toFixed(1),
				goal: { ...atMost(documentGets, sdk), text: `≤ ${sdk} (SDKs poll every 1 s)` },
				note: `plus ${extractionGets.toFixed(1)} GET …/extractions per document`,
			},
		];
		return {
			figures,
			data: {
				documents: items.length,
				processingMs: config.processingMs,
				delaysSeconds: delays.map((delay) => round(delay, 3)),
				maxDelaySeconds: round(maxDelay, 3),
				meanDelaySeconds: round(meanDelay, 3),
				documentGetsPerDocument: documentGets,
				extractionGetsPerDocument: extractionGets,
				sdkGetsPerDocument: sdk,
				requestsByRoute: routes,
			},
			chart: [
				{
					title: 'Wait for Extractions, measured ÷ bound (at most 1)',
					bars: [
						{
							label: `delay ÷ ${pollCap} s`,
							value: maxDelay / pollCap,
							pass: round(maxDelay) <= pollCap,
						},
						{ label: 'GETs ÷ SDK GETs', value: documentGets / sdk, pass: documentGets <= sdk },
					],
					goal: { value: 1, label: 'bound' },
				},
			],
		};
	} finally {
		await gini.stop();
	}
}
