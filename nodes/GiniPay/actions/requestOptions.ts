import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry';

/**
 * Items in flight when the user sets nothing. An upload waits on Gini for most of its time (n8n's HTTP Request node
 * sends all items at once), so one at a time leaves a batch at a small fraction of the speed it could have; 10 fills
 * that wait while the 429/503 handling (Retry-After, shared/retry.ts) protects Gini (bench/README.md).
 */
export const DEFAULT_CONCURRENCY = 10;

export const requestOptionsDescription: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items (uploads) the node sends to Gini at the same time; the output keeps the input order. An uploaded document waits for its payment data without holding a place, and all requests of the run together stay under twice this number, uploads first. When Gini answers 429 (too many requests) or 503, each request waits as long as Gini asks and tries again. Set 1 to send the items one after another.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 4,
			description:
				'How often to repeat a request that Gini answered with 429 or 503 (waiting as long as Gini asks), or that failed on the network. Uploads are repeated only when Gini surely did not create the document.',
		},
		{
			displayName: 'Stream Uploads',
			name: 'streamUploads',
			type: 'boolean',
			default: true,
			description:
				'Whether to stream files that n8n keeps on disk, in S3 or in the database to Gini instead of loading them into memory first. Files already in memory are sent as they are.',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 60,
			description: 'How long to wait for each answer from Gini',
		},
	],
};

interface RequestOptions {
	concurrency?: number;
	maxRetries?: number;
	requestTimeout?: number;
}

function read(ctx: IExecuteFunctions, itemIndex: number): RequestOptions {
	return ctx.getNodeParameter('requestOptions', itemIndex, {}) as RequestOptions;
}

/** Items in flight at once; the same for the whole node run. */
export function concurrencyOf(ctx: IExecuteFunctions): number {
	const concurrency = read(ctx, 0).concurrency ?? DEFAULT_CONCURRENCY;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50) {
		throw new NodeOperationError(
			ctx.getNode(),
			"'Concurrency' must be a whole number from 1 to 50",
			{
				itemIndex: 0,
			},
		);
	}
	return concurrency;
}

/** The cap on a run's requests in flight, in multiples of Concurrency (see `waitingCap`). */
export const WAITING_CAP_FACTOR = 3;

/**
 * The cap on a run's requests to Gini in flight at once, uploads and the waiter's looks and reads together: three
 * times Concurrency. Concurrency itself bounds the uploads (the item loop's workers), which go first; the rest serves
 * the documents already uploaded (a look and a read of the payment data each), so their payment data is read while
 * the next files are sent. Measured (bench "batch to payment data", 200 invoices, 1 s processing): at twice
 * Concurrency the reads queued behind the cap from the first finished document on.
 */
export function waitingCap(ctx: IExecuteFunctions): number {
	return WAITING_CAP_FACTOR * concurrencyOf(ctx);
}

export function retryPolicyOf(ctx: IExecuteFunctions, itemIndex: number): RetryPolicy {
	const options = read(ctx, itemIndex);
	const maxRetries = options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
	const timeout = options.requestTimeout ?? DEFAULT_RETRY_POLICY.timeoutMs / 1000;
	if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) {
		throw new NodeOperationError(
			ctx.getNode(),
			"'Max Retries' must be a whole number from 0 to 10",
			{
				itemIndex,
			},
		);
	}
	if (!(timeout > 0) || timeout > 600) {
		throw new NodeOperationError(
			ctx.getNode(),
			"'Request Timeout (Seconds)' must be more than 0 and at most 600",
			{
				itemIndex,
			},
		);
	}
	// At least 1 ms: n8n's HTTP client reads a timeout of 0 as "no timeout", so 0.0001 s would wait for ever.
	return { maxRetries, timeoutMs: Math.max(1, Math.round(timeout * 1000)) };
}
