// What every route handler receives: the emulator's state and the request being served.
import type { IncomingMessage } from 'node:http';

import type { CounterSet } from './counters.cts';
import type { FaultInjector } from './faults.cts';
import type { Reply } from './http.cts';
import type { JwtVerifier } from './jwt.cts';
import type { Store, User } from './store.cts';
import type { TokenStore } from './tokens.cts';
import type { ListingOptions } from './types.cts';
import type { FeedbackMethods, Fidelity } from './types.cts';

export interface EmulatorState {
	store: Store;
	tokens: TokenStore;
	counters: CounterSet;
	faults: FaultInjector;
	jwt: JwtVerifier;
	processingMs: number;
	/** GET /documents behaviour, every option resolved (listing.cts). */
	listing: Required<Omit<ListingOptions, 'maxLimit' | 'maxListRequests' | 'creationDateStepMs'>> &
		Pick<ListingOptions, 'maxLimit' | 'maxListRequests' | 'creationDateStepMs'>;
	/** GET /documents requests so far, for ListingOptions.maxListRequests. */
	listRequests: number;
	fidelity: Fidelity;
	feedbackMethods: FeedbackMethods;
	payApiUrl: string;
	userCenterUrl: string;
	/** Where the links the Pay API writes point (EmulatorOptions.publicBaseUrl); the listener's URL by default. */
	publicPayApiUrl: string;
	/** Where the User Center's `Location` points (EmulatorOptions.publicUserCenterUrl). */
	publicUserCenterUrl: string;
}

/** The authenticated caller of a Pay API request. */
export interface Principal {
	user: User;
	/** The client whose credentials (or token) the caller used. */
	clientId: string;
}

export interface RequestContext {
	req: IncomingMessage;
	url: URL;
	params: Record<string, string>;
	requestId: string;
	/** Template form, e.g. 'GET /documents/{id}'. */
	routeKey: string;
	state: EmulatorState;
	/** Set by the Pay API listener before protected handlers run. */
	principal?: Principal;
	/** The client (and user) a User Center request acted for, for the counters. */
	caller?: { clientId?: string; userKey?: string };
}

export type Handler = (ctx: RequestContext) => Promise<Reply>;

export interface Route {
	method: string;
	/** Path template with `{name}` segments. */
	template: string;
	handler: Handler;
	/** Pay API routes that need an authenticated user (all but /login). */
	authenticated?: boolean;
}

/** The principal of an authenticated route; the router guarantees it is set. */
export function principalOf(ctx: RequestContext): Principal {
	if (!ctx.principal) throw new Error(`route ${ctx.routeKey} ran without authentication`);
	return ctx.principal;
}
