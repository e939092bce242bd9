// In-memory state of one emulator: clients, users, documents and payment requests.
import { createHash, randomUUID } from 'node:crypto';

import type { Analysis, ExtractionResult, GiniExtraction } from './analysis/index.cts';
import type { ClientConfig } from './types.cts';

export interface DerivedUser {
	kind: 'derived';
	key: string;
	id: string;
	clientId: string;
	identifier: string;
}

export interface AnonymousUser {
	kind: 'anonymous';
	key: string;
	id: string;
	email: string;
	passwordHash: string;
	/** The client whose client token created the user. */
	createdBy: string;
}

export type User = DerivedUser | AnonymousUser;

/** Corrections sent as feedback (docs/gini-api.md §4.6); they override the analysis on later reads. */
export interface Feedback {
	extractions: Map<string, GiniExtraction>;
	removed: Set<string>;
	compound: Map<string, Array<Record<string, GiniExtraction>>>;
}

export interface StoredDocument {
	id: string;
	owner: string;
	clientId: string;
	name: string;
	mediaType: string;
	kind: 'single' | 'partial' | 'composite';
	bytes: Buffer;
	sha256: string;
	creationDate: number;
	/** creationDate + processingMs at upload time. */
	readyAt: number;
	metadata: Record<string, string>;
	docType?: string;
	/** For files; composites combine their partials' analyses. */
	analysis?: Analysis;
	/** Payment data a client parsed from a QR code (partial+qr+json, docs/gini-api.md §4.1.1). */
	qrPaymentData?: Record<string, string>;
	partials?: Array<{ id: string; rotationDelta: number }>;
	/** Composites that reference this partial. */
	parents: Set<string>;
	feedback: Feedback;
	extractionCache?: ExtractionResult;
}

export interface PaymentRecord {
	paidAt: string;
	recipient: string;
	iban: string;
	bic?: string;
	amount: string;
	purpose: string;
}

export interface PaymentRequest {
	id: string;
	recipient: string;
	iban: string;
	bic?: string;
	amount: string;
	purpose: string;
	status: 'open' | 'paid' | 'invalid';
	createdAt: string;
	payment?: PaymentRecord;
}

export function sha256(bytes: Buffer | string): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Timestamps in Gini's zone-less ISO form, e.g. "2020-12-07T15:50:23" (docs/gini-api.md §1.5). */
export function isoWithoutZone(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19);
}

export class Store {
	readonly clients = new Map<string, ClientConfig>();
	readonly users = new Map<string, User>();
	private readonly emails = new Map<string, AnonymousUser>();
	private readonly usersById = new Map<string, User>();
	readonly documents = new Map<string, StoredDocument>();
	readonly paymentRequests = new Map<string, PaymentRequest>();
	private lastCreationDate = 0;
	/** How far Gini's clock is ahead of this machine's (negative: behind); see Emulator.setClockOffset. */
	clockOffsetMs = 0;

	constructor(private readonly onUserCreated: () => void) {}

	addClient(client: ClientConfig): void {
		this.clients.set(client.clientId, client);
	}

	/** Derived users are created on first use and are unique per client and identifier (§2). */
	derivedUser(clientId: string, identifier: string): DerivedUser {
		const key = `derived:${clientId}:${identifier}`;
		const existing = this.users.get(key);
		if (existing) return existing as DerivedUser;
		const user: DerivedUser = { kind: 'derived', key, id: randomUUID(), clientId, identifier };
		this.addUser(user);
		return user;
	}

	findUserByEmail(email: string): AnonymousUser | undefined {
		return this.emails.get(email.toLowerCase());
	}

	findUserById(id: string): User | undefined {
		return this.usersById.get(id);
	}

	createAnonymousUser(email: string, password: string, createdBy: string): AnonymousUser {
		const id = randomUUID();
		const user: AnonymousUser = {
			kind: 'anonymous',
			key: `anonymous:${id}`,
			id,
			email,
			passwordHash: sha256(password),
			createdBy,
		};
		this.emails.set(email.toLowerCase(), user);
		this.addUser(user);
		return user;
	}

	private addUser(user: User): void {
		this.users.set(user.key, user);
		this.usersById.set(user.id, user);
		this.onUserCreated();
	}

	/** Gini's clock: what creation dates and the `Date` header say. */
	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	/**
	 * By default creation dates are unique and increasing (bumped by a millisecond on a tie). Gini documents no
	 * such thing: with `stepMs` (ListingOptions.creationDateStepMs) a date is the clock rounded down to it, and
	 * documents created within one step share it, as a client paging by the `next` cursor must expect.
	 */
	nextCreationDate(stepMs?: number): number {
		if (stepMs !== undefined && stepMs > 0) return Math.floor(this.now() / stepMs) * stepMs;
		this.lastCreationDate = Math.max(this.now(), this.lastCreationDate + 1);
		return this.lastCreationDate;
	}

	/** A document of this owner, or undefined (another user's document looks absent: §4.3). */
	ownedDocument(owner: string, id: string): StoredDocument | undefined {
		const document = this.documents.get(id);
		return document && document.owner === owner ? document : undefined;
	}
}
