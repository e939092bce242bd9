/** Header helpers that work on the plain header objects n8n passes around (names in any case). */

export type HeaderBag = Record<string, unknown>;

export function findHeader(headers: HeaderBag | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === wanted && value !== undefined && value !== null && value !== '') {
			return Array.isArray(value) ? String(value[0]) : String(value);
		}
	}
	return undefined;
}

export function withoutHeader<T extends HeaderBag>(headers: T | undefined, name: string): T {
	const wanted = name.toLowerCase();
	return Object.fromEntries(
		Object.entries(headers ?? {}).filter(([key]) => key.toLowerCase() !== wanted),
	) as T;
}

export function basicAuthorization(clientId: string, clientSecret: string): string {
	return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}

export const INVALID_USER_IDENTIFIER =
	'The user identifier must be printable ASCII (at most 255 characters)';

/** Gini's user identifiers travel in an HTTP header: printable ASCII only (docs/gini-api.md §4.1 on header values). */
export function isValidUserIdentifier(identifier: string): boolean {
	return /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(identifier) && identifier.length <= 255;
}
