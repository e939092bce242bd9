/**
 * The trigger's position as n8n keeps it: in the workflow's static data, which n8n persists as JSON.
 * In memory the id maps are Maps, so any string is an id ("constructor", "__proto__", ...); stored,
 * they are lists of [id, creationDate] entries, which JSON keeps for any id as well. Version 1 kept
 * plain objects keyed by id; it is still read, so an active workflow keeps its position when the
 * package is updated. No n8n imports.
 */
import type { Pass, TriggerState } from './pollState';

/** What the static data holds since version 2. */
export interface StoredStateV2 {
	version: 2;
	account: string;
	floor: number;
	known: Array<[string, number]>;
	pending: Array<[string, number]>;
	/** Pending ids that failed to read: [id, polls]. Absent before it was added. */
	failures?: Array<[string, number]>;
	/** Handled ids without a usable creationDate. Absent before it was added. */
	undated?: string[];
	/**
	 * A listing that takes more than one poll, under way. Absent when none is (and before it was
	 * added). `limit` is absent when the pass left nothing behind.
	 */
	pass?: Omit<Pass, 'limit'> & { limit?: number };
}

/** What version 1 of the node stored (ids as object keys). */
interface StoredStateV1 {
	version: 1;
	account: string;
	floor: number;
	known: Record<string, number>;
	pending: Record<string, number>;
}

function isDate(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** Entries of a version 1 id map: its own keys only, so no inherited name is ever read as an id. */
function entriesOfRecord(value: unknown): Array<[string, number]> | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const entries = Object.entries(value as Record<string, unknown>);
	return entries.every(([, date]) => isDate(date))
		? (entries as Array<[string, number]>)
		: undefined;
}

/** A stored pass, when it is one; undefined when it is damaged (the listing then starts over). */
function passOf(value: unknown): Pass | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const { order, resumeAt, newest, limit, offset } = value as Partial<Record<keyof Pass, unknown>>;
	if (order !== 'newestFirst' && order !== 'oldestFirst') return undefined;
	if (!isDate(resumeAt) || !isDate(newest)) return undefined;
	if (limit !== undefined && !isDate(limit)) return undefined;
	const pass: Pass = { order, resumeAt, newest, limit: limit ?? Number.POSITIVE_INFINITY };
	if (offset === undefined) return pass;
	return Number.isSafeInteger(offset) && (offset as number) >= 0
		? { ...pass, offset: offset as number }
		: undefined;
}

function entriesOfList(value: unknown): Array<[string, number]> | undefined {
	if (!Array.isArray(value)) return undefined;
	const valid = value.every(
		(entry: unknown) =>
			Array.isArray(entry) && typeof entry[0] === 'string' && isDate(entry[1] as unknown),
	);
	return valid ? (value as Array<[string, number]>).map(([id, date]) => [id, date]) : undefined;
}

/**
 * The stored position, when it is one and belongs to `account`; undefined means "first activation".
 * A damaged or foreign position is dropped rather than trusted: starting afresh may skip documents,
 * never repeat them.
 */
export function readState(raw: unknown, account: string): TriggerState | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const stored = raw as Partial<StoredStateV1> | Partial<StoredStateV2>;
	if (stored.account !== account || !isDate(stored.floor)) return undefined;
	const read =
		stored.version === 1 ? entriesOfRecord : stored.version === 2 ? entriesOfList : () => undefined;
	const known = read(stored.known);
	const pending = read(stored.pending);
	const failures = 'failures' in stored ? entriesOfList(stored.failures) : [];
	const undated = 'undated' in stored ? stored.undated : [];
	const validUndated = Array.isArray(undated) && undated.every((id) => typeof id === 'string');
	if (!known || !pending || !failures || !validUndated) return undefined;
	const state: TriggerState = {
		account,
		floor: stored.floor,
		known: new Map(known),
		pending: new Map(pending),
		failures: new Map(failures),
		undated: new Set(undated),
	};
	// A damaged pass only costs a listing from the start: the floor has not moved past anything.
	const pass = 'pass' in stored ? passOf(stored.pass) : undefined;
	if (pass) state.pass = pass;
	return state;
}

function storedPass(pass: Pass): NonNullable<StoredStateV2['pass']> {
	const { order, resumeAt, newest, limit, offset } = pass;
	return {
		order,
		resumeAt,
		newest,
		...(Number.isFinite(limit) ? { limit } : {}),
		...(offset === undefined ? {} : { offset }),
	};
}

/** The position as plain JSON for the static data. */
export function storedState(state: TriggerState): StoredStateV2 {
	return {
		version: 2,
		account: state.account,
		floor: state.floor,
		known: [...state.known],
		pending: [...state.pending],
		failures: [...state.failures],
		undated: [...state.undated],
		...(state.pass ? { pass: storedPass(state.pass) } : {}),
	};
}
