/**
 * What an upload whose answer was lost may have left at Gini. Gini's answers carry nothing that ties a stored
 * document to the request that created it: the document shows no metadata headers, its id is Gini's, and the name
 * is the user's (Gini's "Get document" page lists the fields; README.md, "Security", says what follows). So nothing
 * found afterwards can be proven to be this upload's: these functions only tell whether anything that could be is
 * there, judged on Gini's own clock.
 */

/** Gini's clock minus this machine's, as a range: `Date` has whole seconds, and the answer took time to arrive. */
export interface ClockOffset {
	lowMs: number;
	highMs: number;
}

/**
 * Used when Gini's answer has no `Date` header (every HTTP server with a clock must send one, RFC 9110 §6.6.1):
 * this machine's clock, trusted to within five minutes.
 */
const UNKNOWN_CLOCK: ClockOffset = { lowMs: -300_000, highMs: 300_000 };

/**
 * The offset of Gini's clock from the `Date` header of an answer to a request sent at `sentAt` and received at
 * `receivedAt` (this machine's clock). Gini stamped the answer between the two, at a time in [Date, Date + 1 s).
 */
export function giniClockOffset(
	dateHeader: string | undefined,
	sentAt: number,
	receivedAt: number,
): ClockOffset {
	const date = dateHeader ? Date.parse(dateHeader) : Number.NaN;
	if (!Number.isFinite(date)) return UNKNOWN_CLOCK;
	return { lowMs: date - receivedAt, highMs: date + 1000 - sentAt };
}

/** Creation dates (Gini's clock, ms) a document created by the attempt can have. */
export interface CreationWindow {
	from: number;
	to: number;
}

/** Slack on both sides for Gini's own rounding of creation dates. */
const WINDOW_SLACK_MS = 500;

/** The window from the attempt's start to the lookup's answer, both on this machine's clock, moved to Gini's. */
export function creationWindow(
	attemptStartedAt: number,
	lookedAt: number,
	offset: ClockOffset,
): CreationWindow {
	return {
		from: attemptStartedAt + offset.lowMs - WINDOW_SLACK_MS,
		to: lookedAt + offset.highMs + WINDOW_SLACK_MS,
	};
}

export interface ListedDocument {
	id?: unknown;
	name?: unknown;
	creationDate?: unknown;
}

/**
 * The listed documents that may be the lost upload's: its name, created inside the window, and not a document
 * this process already knows to be another upload's. A document whose creation date is not a number may be
 * anything, so it counts when the name matches.
 */
export function lostUploadCandidates<T extends ListedDocument>(
	documents: T[],
	fileName: string,
	window: CreationWindow,
	isKnown: (id: string) => boolean,
): T[] {
	return documents.filter((document) => {
		if (typeof document.id !== 'string' || document.name !== fileName || isKnown(document.id))
			return false;
		const created = Number(document.creationDate);
		if (!Number.isFinite(created)) return true;
		return created >= window.from && created <= window.to;
	});
}

interface Sending {
	done: boolean;
}

/**
 * The uploads of this process and the documents Gini named in answer to them. An upload is "sending" until it has
 * Gini's answer or knows the answer is lost; a lookup after a lost answer waits for the others of the same user
 * and name to stop sending, so that a document Gini created for one of them, whose answer is still on its way, is
 * not taken for a candidate. Documents Gini named in a 201 are known: they are never a lost upload's.
 */
export class UploadRegistry {
	private readonly sending = new Map<string, Set<Sending>>();
	private readonly known = new Set<string>();

	constructor(private readonly maxKnown = 10_000) {}

	/** Marks an upload as sending; returns the handle to mark it otherwise. */
	begin(scope: string): UploadTicket {
		const entry: Sending = { done: false };
		const start = () => {
			entry.done = false;
			const set = this.sending.get(scope) ?? new Set<Sending>();
			set.add(entry);
			this.sending.set(scope, set);
		};
		start();
		return {
			stopSending: () => {
				entry.done = true;
				const set = this.sending.get(scope);
				set?.delete(entry);
				if (set?.size === 0) this.sending.delete(scope);
			},
			sendAgain: start,
			othersSending: () =>
				[...(this.sending.get(scope) ?? [])].filter((other) => other !== entry && !other.done)
					.length,
		};
	}

	/** Remembers a document Gini named as the answer to an upload. */
	know(id: string): void {
		this.known.delete(id);
		this.known.add(id);
		if (this.known.size > this.maxKnown)
			this.known.delete(this.known.values().next().value as string);
	}

	isKnown(id: string): boolean {
		return this.known.has(id);
	}
}

export interface UploadTicket {
	/** The upload has its answer, or knows it is lost, or gave up. */
	stopSending(): void;
	/** The upload is sent again. */
	sendAgain(): void;
	/** How many other uploads of the same scope are still sending. */
	othersSending(): number;
}

export const sharedUploadRegistry = new UploadRegistry();
