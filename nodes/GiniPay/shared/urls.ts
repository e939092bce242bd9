/**
 * Base-URL rules. Gini is HTTPS only (docs/gini-api.md §1.1); plain HTTP is allowed for loopback
 * hosts only, so that the local emulator works while a typo such as `http://pay-api.gini.net` never carries a
 * client secret over the network in clear text.
 */

export class UnsafeUrlError extends Error {}

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Validates a configured base URL and returns it without a trailing slash. */
export function normalizeBaseUrl(raw: unknown, label: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) throw new UnsafeUrlError(`'${label}' is empty. Set it in the credential.`);
	if (!URL.canParse(text)) throw new UnsafeUrlError(`'${label}' "${text}" is not a valid URL.`);
	const url = new URL(text);
	if (url.username || url.password) {
		throw new UnsafeUrlError(`'${label}' must not contain a user name or password.`);
	}
	if (url.search || url.hash) {
		throw new UnsafeUrlError(`'${label}' must not contain a query or fragment.`);
	}
	const secure = url.protocol === 'https:';
	const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
	if (!secure && !loopbackHttp) {
		throw new UnsafeUrlError(
			`'${label}' "${url.origin}" must use https (plain http is accepted only for localhost). ` +
				'Nothing was sent to it.',
		);
	}
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** axios 1.x `isAbsoluteURL` (lib/helpers/isAbsoluteURL.js): a scheme followed by `//`, or a leading `//`. */
const AXIOS_ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/**
 * The URL a request goes to, resolved as axios resolves it (lib/core/buildFullPath.js, lib/helpers/combineURLs.js):
 * an absolute `url` wins over `baseURL`, a relative one is appended to it. Undefined when that is no valid URL, which
 * axios refuses too.
 */
export function effectiveRequestUrl(url: string, baseURL?: string): URL | undefined {
	let full = url;
	if (baseURL && !AXIOS_ABSOLUTE_URL.test(url)) {
		full = url ? `${baseURL.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}` : baseURL;
	}
	return URL.canParse(full) ? new URL(full) : undefined;
}
