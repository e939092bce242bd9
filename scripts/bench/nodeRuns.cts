/** Runs of the Gini Pay node in n8n's engine (test/integration/gini.cts) as the benchmark needs them. */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../test/emulator/index.cts';
import {
	outputJson,
	runGini,
	type Mode,
	type RunGiniOptions,
} from '../../test/integration/gini.cts';

/** The credential builders read only the URLs of an emulator, so one in a child process serves as well. */
export type EmulatorUrls = Pick<Emulator, 'payApiUrl' | 'userCenterUrl'>;

export function asEmulator(urls: EmulatorUrls): Emulator {
	return urls as Emulator;
}

export function uploadParameters(
	concurrency: number,
	extra: INodeParameters = {},
): INodeParameters {
	const { requestOptions, ...rest } = extra;
	return {
		resource: 'document',
		operation: 'upload',
		binaryPropertyName: 'data',
		// Measured without waiting for Gini's processing, and read back so that node and fetch both POST and GET.
		waitForExtractions: false,
		options: { readBack: true },
		...rest,
		requestOptions: { concurrency, ...(requestOptions as IDataObject | undefined) },
	};
}

/**
 * One execution; fails unless every item came out as a document. A benchmark of runs that lost items would
 * measure the wrong thing, so a lost or failed item stops the phase.
 */
export async function runAll(
	options: RunGiniOptions & { items: INodeExecutionData[] },
): Promise<IDataObject[]> {
	const output = outputJson(await runGini(options));
	const failed = output.filter((json) => json.error !== undefined);
	if (output.length !== options.items.length || failed.length > 0) {
		const first = failed[0]?.error ?? 'missing items';
		throw new Error(
			`${options.items.length} items in, ${output.length} out, ${failed.length} failed (${String(first)})`,
		);
	}
	return output;
}

export type { Mode };
