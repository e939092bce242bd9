import { effectiveRequestUrl, normalizeBaseUrl } from '../../nodes/GiniPay/shared/urls';

describe('normalizeBaseUrl', () => {
	it('accepts https and strips trailing slashes', () => {
		expect(normalizeBaseUrl('https://pay-api.gini.net/', 'Pay API base URL')).toBe(
			'https://pay-api.gini.net',
		);
		expect(normalizeBaseUrl(' https://example.test/gini// ', 'x')).toBe(
			'https://example.test/gini',
		);
	});

	it.each(['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:9000'])(
		'accepts plain http on loopback: %s',
		(url) => {
			expect(normalizeBaseUrl(url, 'x')).toBe(url);
		},
	);

	it.each([
		['http://pay-api.gini.net', 'must use https'],
		['http://10.0.0.5', 'must use https'],
		['ftp://pay-api.gini.net', 'must use https'],
		['not a url', 'not a valid URL'],
		['', 'is empty'],
		['https://user:pw@pay-api.gini.net', 'user name or password'],
		['https://pay-api.gini.net?x=1', 'query'],
	])('refuses %s', (url, message) => {
		expect(() => normalizeBaseUrl(url, 'Pay API base URL')).toThrow(message);
	});
});

describe('effectiveRequestUrl', () => {
	it.each([
		['https://pay-api.gini.net/documents', undefined, 'https://pay-api.gini.net/documents'],
		['/documents', 'http://127.0.0.1:1234', 'http://127.0.0.1:1234/documents'],
		['documents', 'https://gw.example.test/gini/', 'https://gw.example.test/gini/documents'],
		['', 'https://gw.example.test/gini', 'https://gw.example.test/gini'],
		// An absolute URL wins over baseURL, as in axios; joining the strings would hide the real host.
		['https://elsewhere.example/x', 'https://pay-api.gini.net', 'https://elsewhere.example/x'],
		['HTTP://elsewhere.example/x', 'https://pay-api.gini.net', 'http://elsewhere.example/x'],
		// Not absolute for axios, so appended to the base: the request stays on the base's host.
		[
			' https://elsewhere.example/x',
			'https://pay-api.gini.net',
			'https://pay-api.gini.net/%20https://elsewhere.example/x',
		],
	])('%j on %j goes to %s', (url, baseURL, expected) => {
		expect(effectiveRequestUrl(url, baseURL)?.href).toBe(expected);
	});

	it.each([
		['/documents', undefined],
		['//elsewhere.example/x', 'https://pay-api.gini.net'],
		['', undefined],
	])('%j on %j is no URL axios could send to', (url, baseURL) => {
		expect(effectiveRequestUrl(url, baseURL)).toBeUndefined();
	});
});
