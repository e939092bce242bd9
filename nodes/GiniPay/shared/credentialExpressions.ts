/**
 * Whether stored credential data holds an n8n expression anywhere. n8n resolves a credential's expressions for each
 * item (a value starting with `=`, e.g. `={{ $json.apiKey }}`; in JSON fields also leaves of the form `"={{ … }}"`),
 * so the decrypted credential of one item may differ from the next item's only when this is true.
 *
 * Conservative on purpose: a value that merely looks like an expression also counts, which only costs the reads the
 * node would make anyway.
 */
export function holdsExpression(value: unknown, depth = 0): boolean {
	if (typeof value === 'string') return value.startsWith('=') || value.includes('={{');
	if (depth > 20) return true;
	if (Array.isArray(value)) return value.some((entry) => holdsExpression(entry, depth + 1));
	if (value !== null && typeof value === 'object') {
		return Object.values(value as Record<string, unknown>).some((entry) =>
			holdsExpression(entry, depth + 1),
		);
	}
	return false;
}
