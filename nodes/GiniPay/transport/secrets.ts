import { quote } from '../shared/redact';
import type { GiniSession } from './types';

/**
 * The secrets one session sent or may send: the credential's secrets (credentialSettings.ts: its secret fields and
 * the Basic header value built from them), and whatever the transport learnt while serving the item (user passwords,
 * tokens, JWTs). Kept beside the session, not in it, so that it never reaches the item's output or a log line.
 */
const learnt = new WeakMap<GiniSession, Set<string>>();

function learntBy(session: GiniSession): Set<string> {
	let set = learnt.get(session);
	if (!set) learnt.set(session, (set = new Set()));
	return set;
}

/**
 * Adds values the session sent or will send (a password the node was given or made, a token) to the ones redacted
 * from answers.
 */
export function rememberSecrets(session: GiniSession, ...values: unknown[]): void {
	const set = learntBy(session);
	for (const value of values) {
		if (typeof value === 'string' && value) set.add(value.replace(/^(basic|bearer)\s+/i, ''));
	}
}

/**
 * Lets `copy` (the same item's session under other terms, such as a shared token acquisition's) remember into the
 * secrets of `session`, so that an error built for the item redacts what the copy sent.
 */
export function shareSecrets(session: GiniSession, copy: GiniSession): void {
	learnt.set(copy, learntBy(session));
}

export function secretsOf(session: GiniSession): string[] {
	return [...session.settings.secrets, ...(learnt.get(session) ?? [])];
}

/** Text from an answer, fit for an error message of this session: redacted and bounded. */
export function quoteAnswer(session: GiniSession, text: string, max?: number): string {
	return quote(text, secretsOf(session), max);
}
