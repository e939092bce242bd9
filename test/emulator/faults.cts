// Fault injection: latency, 503/429, connection resets before and after the effect, token revocation.
// Every in-scope request draws the same number of random values, so a seed replays the same faults.
import type { FaultOptions } from './types.cts';

/** mulberry32: tiny, fast and good enough to make fault sequences reproducible. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type FaultDecision =
	| { action: 'none' }
	| { action: 'reset' }
	| { action: 'status'; status: 503 | 429; retryAfter?: number }
	| { action: 'resetAfterCommit' };

export interface FaultPlan {
	latencyMs: number;
	/** Revoke every live access token before handling. */
	revokeFirst: boolean;
	decision: FaultDecision;
}

const NO_FAULT: FaultPlan = { latencyMs: 0, revokeFirst: false, decision: { action: 'none' } };

export class FaultInjector {
	private options: FaultOptions;
	private readonly random: () => number;
	private inScopeCount = 0;

	constructor(options: FaultOptions | undefined, seed: number) {
		this.options = { ...options };
		this.random = seededRandom(seed);
	}

	set(options: FaultOptions): void {
		this.options = { ...options };
		this.inScopeCount = 0;
	}

	private inScope(routeKey: string, payApi: boolean): boolean {
		const routes = this.options.routes;
		return routes ? routes.includes(routeKey) : payApi;
	}

	plan(routeKey: string, payApi: boolean): FaultPlan {
		if (!this.inScope(routeKey, payApi)) return NO_FAULT;
		const o = this.options;
		this.inScopeCount++;
		const every = o.revokeTokensEveryNRequests ?? 0;
		const revokeFirst = every > 0 && this.inScopeCount % every === 0;
		// Draw all four values every time: the sequence depends only on the seed and request order.
		const [reset, unavailable, tooMany, afterCommit] = [
			this.random(),
			this.random(),
			this.random(),
			this.random(),
		];
		let decision: FaultDecision = { action: 'none' };
		if (reset < (o.shareReset ?? 0)) decision = { action: 'reset' };
		else if (unavailable < (o.share503 ?? 0)) {
			decision = { action: 'status', status: 503, retryAfter: o.retryAfterSeconds };
		} else if (tooMany < (o.share429 ?? 0)) {
			decision = { action: 'status', status: 429, retryAfter: o.retryAfterSeconds ?? 1 };
		} else if (afterCommit < (o.shareResetAfterCommit ?? 0)) {
			decision = { action: 'resetAfterCommit' };
		}
		return { latencyMs: o.latencyMs ?? 0, revokeFirst, decision };
	}
}
