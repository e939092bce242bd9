/**
 * Text taken from an answer (Gini's error message, or the body of a proxy that echoes the request it got) goes
 * into error messages, which n8n shows, logs and stores with the execution. Before it does, every value that may
 * be a secret is replaced and the text is bounded. Pure: no n8n imports.
 */

/** Longest quote of an answer's text in an error message. */
export const MAX_QUOTE_CHARS = 300;

/** Shorter known values are not replaced: they would garble ordinary words and cannot be secrets worth the name. */
const MIN_SECRET_CHARS = 6;

const REDACTED = '[redacted]';

/** Field names whose values are secrets, in forms, queries, JSON and header lines. */
const SECRET_NAME = String.raw`[\w.-]*(?:password|passwd|secret|token|assertion|jwt|authorization|cookie|private[_-]?key|api[_-]?key)[\w.-]*`;

const PATTERNS: Array<[RegExp, string]> = [
	// PEM private keys, also when cut off.
	[/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
	// Authorization header values: "Basic <base64>", "Bearer <token>" (any case, RFC 9110 §11.1).
	[/\b(basic|bearer)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]{4,}/gi, `$1 ${REDACTED}`],
	// JWTs (RFC 7519: base64url header, starting with '{"' = "eyJ").
	[/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, REDACTED],
	// JSON members: "password": "...", "access_token": "...".
	[new RegExp(String.raw`("${SECRET_NAME}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), `$1"${REDACTED}"`],
	// Form and query fields (username and e-mail too: a form value names the account it unlocks).
	[new RegExp(String.raw`\b(${SECRET_NAME}|username|email)=[^&\s"'<>;,]*`, 'gi'), `$1=${REDACTED}`],
	// Header lines as a proxy echoes them: "Authorization: ...", "X-JWT-Authorization: ...".
	[new RegExp(String.raw`\b(${SECRET_NAME})(\s*:\s*)(?!\s*")[^\r\n;,"]*`, 'gi'), `$1$2${REDACTED}`],
];

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret takes on the wire: as is, URL-encoded (forms, queries) and JSON-escaped. */
function variants(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
	forms.add(new URLSearchParams({ x: secret }).toString().slice(2));
	return [...forms].filter((form) => form.length >= MIN_SECRET_CHARS);
}

/** Replaces the known secrets (every wire form of them) and whatever looks like a credential. */
export function redact(text: string, secrets: Iterable<string> = []): string {
	let result = text;
	const known = [...new Set([...secrets].flatMap(variants))].sort((a, b) => b.length - a.length);
	for (const secret of known) {
		result = result.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
	}
	for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
	return result;
}

/**
 * A short, redacted quote of an answer's text for an error message: whitespace collapsed, at most `max`
 * characters. Only a window of the text is examined, so a huge answer costs no more than a small one; the window is
 * redacted before it is cut, so a secret at the cut cannot survive in part.
 */
export function quote(text: string, secrets: Iterable<string> = [], max = MAX_QUOTE_CHARS): string {
	const list = [...secrets];
	const longest = list.reduce(
		(length, secret) => Math.max(length, encodeURIComponent(secret).length),
		0,
	);
	const window = text.slice(0, max * 4 + longest * 2 + 2_048);
	const clean = redact(window, list).replace(/\s+/g, ' ').trim();
	return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
