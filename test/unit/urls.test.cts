import { assertSafeRequestUrl, normalizeBaseUrl } from '../../nodes/GiniPay/shared/urls';

describe('normalizeBaseUrl', () => {
	it('accepts https and strips trailing slashes', () => {
		expect(normalizeBaseUrl('https://pay-api.gini.net/', 'Pay API base URL')).toBe('https://pay-api.gini.net');
		expect(normalizeBaseUrl(' https://example.test/gini// ', 'x')).toBe('https://example.test/gini');
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

describe('assertSafeRequestUrl', () => {
	it('checks absolute URLs and baseURL + path', () => {
		expect(() => assertSafeRequestUrl('https://pay-api.gini.net/documents')).not.toThrow();
		expect(() => assertSafeRequestUrl('/documents', 'http://127.0.0.1:1234')).not.toThrow();
		expect(() => assertSafeRequestUrl('/documents', 'http://pay-api.gini.net')).toThrow('https');
	});
});
