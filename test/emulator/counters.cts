// Request, grant and fault counters, read by tests and benchmarks to prove what a client really sent.
import type { Counters } from './types.cts';

export type GrantType = 'login' | 'client_credentials' | 'password' | 'refresh_token';
export type FaultKind = keyof Counters['faults'];

function emptyCounters(): Counters {
	return {
		requests: { total: 0, byRoute: {}, byClient: {}, byUser: {} },
		tokenGrants: {
			total: 0,
			login: 0,
			client_credentials: 0,
			password: 0,
			refresh_token: 0,
			byClient: {},
			byUser: {},
		},
		documentsCreated: 0,
		usersCreated: 0,
		faults: { '503': 0, '429': 0, reset: 0, resetAfterCommit: 0, revocations: 0 },
		inFlight: { now: 0, peak: 0 },
	};
}

function bump(map: Record<string, number>, key: string): void {
	map[key] = (map[key] ?? 0) + 1;
}

export class CounterSet {
	private data = emptyCounters();
	/** Requests being handled now; kept across resets, which only restart the peak. */
	private handling = 0;

	/** A request (admin routes aside) arrived; `ended` is called when its answer is sent or its socket closes. */
	started(): void {
		this.handling++;
		this.data.inFlight.now = this.handling;
		this.data.inFlight.peak = Math.max(this.data.inFlight.peak, this.handling);
	}

	ended(): void {
		this.handling--;
		this.data.inFlight.now = this.handling;
	}

	/** Every request except admin routes, faulted ones included: they reached the server. */
	request(routeKey: string): void {
		this.data.requests.total++;
		bump(this.data.requests.byRoute, routeKey);
	}

	/** Called once a request's caller is known (after successful authentication). */
	caller(clientId: string | undefined, userKey: string | undefined): void {
		if (clientId) bump(this.data.requests.byClient, clientId);
		if (userKey) bump(this.data.requests.byUser, userKey);
	}

	grant(type: GrantType, clientId: string, userKey?: string): void {
		const grants = this.data.tokenGrants;
		grants.total++;
		grants[type]++;
		bump(grants.byClient, clientId);
		if (userKey) bump(grants.byUser, userKey);
	}

	documentCreated(): void {
		this.data.documentsCreated++;
	}

	userCreated(): void {
		this.data.usersCreated++;
	}

	fault(kind: FaultKind): void {
		this.data.faults[kind]++;
	}

	/** A deep copy, so callers can keep snapshots and compare them. */
	snapshot(): Counters {
		return structuredClone(this.data);
	}

	reset(): void {
		this.data = emptyCounters();
		this.data.inFlight = { now: this.handling, peak: this.handling };
	}
}
