/**
 * Base-URL rules. Gini is HTTPS only (gini-api.md §1.1, seed 003 "Security"); plain HTTP is allowed for loopback
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
	if (!text) throw new UnsafeUrlError(`The ${label} is empty. Set it in the credential.`);
	if (!URL.canParse(text)) throw new UnsafeUrlError(`The ${label} "${text}" is not a valid URL.`);
	const url = new URL(text);
	if (url.username || url.password) {
		throw new UnsafeUrlError(`The ${label} must not contain a user name or password.`);
	}
	if (url.search || url.hash) {
		throw new UnsafeUrlError(`The ${label} must not contain a query or fragment.`);
	}
	const secure = url.protocol === 'https:';
	const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
	if (!secure && !loopbackHttp) {
		throw new UnsafeUrlError(
			`The ${label} "${url.origin}" must use https (plain http is accepted only for localhost). ` +
				'Nothing was sent to it.',
		);
	}
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Checks the URL a request is about to be sent to (absolute `url`, or `baseURL` + relative `url`). */
export function assertSafeRequestUrl(url: string, baseURL?: string): void {
	const target = baseURL ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : url;
	if (!URL.canParse(target)) throw new UnsafeUrlError('Refusing to send credentials to an invalid URL.');
	normalizeBaseUrl(new URL(target).origin, 'request URL');
}
