// Public types of the Gini emulator. Other engineers code against these names: keep them stable.

export interface ClientConfig {
	clientId: string;
	clientSecret: string;
	/** A client serves either derived users or anonymous users (docs/gini-api.md §2). */
	kind: 'derived' | 'anonymous';
	/** "If your client is configured": issue a refresh_token on /login and on the password grant. */
	refreshTokens?: boolean;
	/** JWT configuration (only meaningful for derived clients), docs/gini-api.md §2.2 and §7. */
	jwt?: {
		issuer: string;
		/** Public keys as a JWK set; verified with jose createLocalJWKSet. */
		jwks: { keys: object[] };
		/** Claim names; defaults x-user-identifier, x-client-id, x-client-secret. */
		claims?: { userIdentifier?: string; clientId?: string; clientSecret?: string };
	};
}

export interface FaultOptions {
	/** Added to every response in scope. */
	latencyMs?: number;
	/** 0..1 probability per request. */
	share503?: number;
	/** 0..1 probability per request; the answer carries Retry-After. */
	share429?: number;
	/** Retry-After for 429 (and for 503 when set); default 1. */
	retryAfterSeconds?: number;
	/** Destroy the socket BEFORE handling: the request has no effect. */
	shareReset?: number;
	/** Handle the request, then destroy the socket instead of answering: effect happened, answer lost. */
	shareResetAfterCommit?: number;
	/** Every N-th request in scope revokes all live access tokens first. */
	revokeTokensEveryNRequests?: number;
	/**
	 * Limit faults to these route keys (e.g. 'POST /documents'). Default: every Pay API route
	 * except admin. User Center route keys (e.g. 'POST /oauth/token') are in scope only when listed.
	 */
	routes?: string[];
}

/**
 * How GET /documents pages and what it lists (docs/gini-api.md §4.2). Gini's current "list documents" page
 * documents `limit` (default 20) and `next`, "the next creation date (in number form) of the next
 * paginated documents (default 0)", which replaced `offset`; the answer is `{documents}` only, in no
 * stated order. Older pages and the mobile SDKs use `offset`/`limit` and read a `totalCount`.
 */
export type ListingProfileName = 'docs' | 'legacy';

export interface ListingOptions {
	/**
	 * 'docs' (default): `next` only, `offset` ignored, no `totalCount`, at most `maxLimit` per page.
	 * 'legacy': `offset`/`limit`, `next` ignored, `totalCount`, no cap, newest first.
	 */
	profile?: ListingProfileName;
	/**
	 * Order of the list; default newest first. With 'newestFirst', `next` returns documents created
	 * strictly before it; with 'oldestFirst', strictly after it (0 = from the start, either way).
	 */
	order?: 'newestFirst' | 'oldestFirst';
	/** Largest page served; a larger `limit` is cut to it. Default 50 for 'docs', none for 'legacy'. */
	maxLimit?: number;
	/**
	 * Gini documents no uniqueness of creation dates. Unset (the default), they are unique (bumped by 1 ms on a
	 * tie). With a step, a creation date is Gini's clock rounded down to it, so documents created within one step
	 * share a date and a page may end inside such a group.
	 */
	creationDateStepMs?: number;
	/** Whether partial documents (pages of a multi-page upload) appear in the list; default true. */
	partialsListed?: boolean;
	/** Whether partial documents carry `compositeDocuments` (listed and fetched); default true. */
	partialsLinkComposites?: boolean;
	/**
	 * Test guard, not Gini behaviour: after this many GET /documents requests, every further one is
	 * answered 400, so that a client paging without end fails instead of running forever.
	 */
	maxListRequests?: number;
}

/**
 * How closely the emulator keeps to Gini's evidence (docs pages and maintained SDKs) where it had to choose.
 * 'strict' (the default) serves only what the evidence shows; 'lenient' adds the readings without evidence that
 * earlier versions served: every asymmetric JWT algorithm, any `partial+<subtype>`, corrupt files accepted with 201
 * (then progress ERROR), 409 for resolving a payment request that is not open, a `Location` on resolve, and feedback
 * without the documented Content-Type. See README.md, "Fidelity".
 */
export type Fidelity = 'strict' | 'lenient';

/** Which methods feedback accepts (docs/gini-api.md §4.6): the docs say PUT, the maintained SDKs send POST. */
export type FeedbackMethods = 'both' | 'post' | 'put';

export interface EmulatorOptions {
	/** Default 'strict'. */
	fidelity?: Fidelity;
	/** Default 'both'. 'post' answers PUT with 405, 'put' answers POST with 405. */
	feedbackMethods?: FeedbackMethods;
	/**
	 * Token answers of `/login` and the User Center: `omitExpiresIn` leaves out `expires_in` (Gini's /login example
	 * is cut off before it, docs/gini-api.md §2.3); `jwtAccessTokens` issues JWT-shaped access tokens whose payload
	 * carries `exp` (unsigned: the emulator looks tokens up, it never verifies them).
	 */
	tokenAnswers?: { omitExpiresIn?: boolean; jwtAccessTokens?: boolean };
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default 0 (ephemeral). */
	payApiPort?: number;
	/** Default 0 (ephemeral). */
	userCenterPort?: number;
	/** Default: the three DEMO_CLIENTS. */
	clients?: ClientConfig[];
	/** Default 43199 (docs/gini-api.md §3.1). Fractions are allowed; expires_in is rounded down. */
	tokenTtlSeconds?: number;
	/** How long a new document stays PENDING; default 1000. */
	processingMs?: number;
	/** Default: none. */
	faults?: FaultOptions;
	/** Seeds the fault RNG (deterministic runs). */
	seed?: number;
	/** How GET /documents pages; a profile name or options. Default: 'docs' (Gini's current page). */
	listing?: ListingProfileName | ListingOptions;
	/**
	 * The Pay API base Gini writes into `Location` headers and `_links`, as when a gateway or proxy stands in front
	 * of Gini (the client talks to the gateway; Gini still names its own host), e.g. 'https://pay-api.gini.net' or a
	 * loopback base with a path prefix. Default: the listener's own URL. Requests are still served by path only.
	 */
	publicBaseUrl?: string;
	/** The same for the User Center's `Location` on user creation (e.g. 'https://user.gini.net'). */
	publicUserCenterUrl?: string;
}

export interface StoredDocumentInfo {
	id: string;
	/** User key: `derived:<clientId>:<identifier>` or `anonymous:<userId>`. */
	owner: string;
	name: string;
	mediaType: string;
	kind: 'single' | 'partial' | 'composite';
	sha256: string;
	size: number;
	creationDate: number;
	/** Extras beyond the contract: */
	progress: 'PENDING' | 'COMPLETED' | 'ERROR';
	/** `X-Document-Metadata-<Name>` headers, keyed by lower-case `<name>`. */
	metadata: Record<string, string>;
	docType?: string;
	/** Ids of the partials of a composite, in order. */
	partialDocuments?: string[];
}

export interface Counters {
	requests: {
		total: number;
		byRoute: Record<string, number>;
		byClient: Record<string, number>;
		byUser: Record<string, number>;
	};
	tokenGrants: {
		total: number;
		login: number;
		client_credentials: number;
		password: number;
		refresh_token: number;
		byClient: Record<string, number>;
		byUser: Record<string, number>;
	};
	documentsCreated: number;
	usersCreated: number;
	faults: {
		'503': number;
		'429': number;
		reset: number;
		resetAfterCommit: number;
		revocations: number;
	};
	/** Requests the emulator is handling (arrived, answer not yet sent), now and at most since the last reset. */
	inFlight: { now: number; peak: number };
}

export interface PaymentRequestSeed {
	iban: string;
	amount: string;
	purpose: string;
	recipient: string;
	bic?: string;
	status?: 'open' | 'paid' | 'invalid';
	id?: string;
}

export interface Emulator {
	/** e.g. 'http://127.0.0.1:41234', no trailing slash. */
	payApiUrl: string;
	userCenterUrl: string;
	/** The base of the links the emulator writes (publicBaseUrl, else payApiUrl), no trailing slash. */
	publicBaseUrl: string;
	/** The base of the User Center's `Location` (publicUserCenterUrl, else userCenterUrl). */
	publicUserCenterUrl: string;
	/** Closes both listeners and open sockets. */
	stop(): Promise<void>;
	counters(): Counters;
	resetCounters(): void;
	setFaults(faults: FaultOptions): void;
	/** Switches strict/lenient for the requests that follow (EmulatorOptions.fidelity). */
	setFidelity(fidelity: Fidelity): void;
	/** Switches the feedback methods for the requests that follow (EmulatorOptions.feedbackMethods). */
	setFeedbackMethods(methods: FeedbackMethods): void;
	/** Applies to documents uploaded afterwards. */
	setProcessingMs(ms: number): void;
	/** How GET /documents pages from now on (EmulatorOptions.listing); also restarts the request guard's count. */
	setListing(listing: ListingProfileName | ListingOptions): void;
	/**
	 * Sets Gini's clock this many milliseconds ahead of this machine's (negative: behind): documents created
	 * afterwards get creation dates, and every answer a `Date` header, from that clock. Creation dates stay increasing.
	 */
	setClockOffset(ms: number): void;
	addClient(client: ClientConfig): void;
	/** Revokes every live access token (refresh tokens stay valid). */
	revokeAllTokens(): void;
	/** Revokes one access token (or a refresh token, when given one). */
	revokeToken(accessToken: string): void;
	/** Every stored document, all users. */
	documents(): StoredDocumentInfo[];
	/** Returns the id. */
	seedPaymentRequest(pr: PaymentRequestSeed): string;
}
