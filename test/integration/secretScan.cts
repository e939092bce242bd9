/**
 * Evidence for secretLeaks.test.cts: everything a user or an operator could see of a run (the error with its message,
 * description and cause, every log line, the run data n8n stores with every output item, credential test results),
 * and every token the node held, recorded as the shared token cache stores it.
 */
import type { IRun } from 'n8n-workflow';

import { sharedTokenCache } from '../../nodes/GiniPay/shared/tokenCache';
import { formatLogs, type WorkflowRunResult } from '../harness/index.cts';

export interface Evidence {
	/** What the evidence comes from, shown when a secret is found in it. */
	label: string;
	text: string;
}

/** JSON of anything, errors with their own properties, message, stack and cause; circular references cut. */
export function render(value: unknown): string {
	// formatLogs already renders errors, causes and buffers that way.
	return formatLogs([{ level: 'evidence', message: '', meta: value }]);
}

/** Output fields that may hold a secret on purpose (Login's token, Create User's generated password). */
export type AllowedFields = string[];

function withoutAllowed(run: IRun, node: string, allowed: AllowedFields): IRun {
	if (allowed.length === 0) return run;
	const copy = structuredClone(run);
	for (const nodeRun of copy.data.resultData.runData[node] ?? []) {
		for (const output of nodeRun.data?.main ?? []) {
			for (const item of output ?? []) {
				const json = item.json;
				for (const field of allowed) delete json[field];
			}
		}
	}
	return copy;
}

export class EvidenceLocker {
	readonly evidence: Evidence[] = [];

	/** Every access, refresh and signed token the node cached, in any run. */
	readonly tokens = new Set<string>();

	private restore?: () => void;

	/** Records each token as the shared cache stores it (its `onStore` hook). */
	watchTokenCache(): void {
		this.restore = sharedTokenCache.onStore((token) => {
			this.tokens.add(token.accessToken);
			if (token.refreshToken) this.tokens.add(token.refreshToken);
		});
	}

	stopWatching(): void {
		this.restore?.();
	}

	/** A workflow run: its error, its logs and its run data, minus the fields allowed to hold a secret. */
	run(label: string, result: WorkflowRunResult, allowed: AllowedFields = []): WorkflowRunResult {
		const error = result.error as (Error & { description?: string }) | undefined;
		if (error) {
			this.add(
				`${label}: error message and description`,
				`${error.message}\n${error.description ?? ''}`,
			);
			this.add(`${label}: error`, render(error));
		}
		this.add(`${label}: logs`, formatLogs(result.logs));
		this.add(`${label}: run data`, render(withoutAllowed(result.run, 'Gini Pay', allowed).data));
		return result;
	}

	add(label: string, text: string): void {
		this.evidence.push({ label, text });
	}

	/** Where each secret shows up in the evidence from index `since` on: `[evidence label, secret name]`. */
	findings(secrets: Record<string, string[]>, since = 0): Array<[string, string]> {
		const found: Array<[string, string]> = [];
		for (const { label, text } of this.evidence.slice(since)) {
			for (const [name, values] of Object.entries(secrets)) {
				if (values.some((value) => value.length > 0 && text.includes(value)))
					found.push([label, name]);
			}
		}
		return found;
	}
}
