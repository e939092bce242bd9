import { MAX_QUOTE_CHARS, quote, redact } from '../../nodes/GiniPay/shared/redact';

describe('redact', () => {
	it('replaces known secrets in every wire form', () => {
		const secret = 'p@ss word&=/x';
		const text = `raw ${secret} url ${encodeURIComponent(secret)} form ${new URLSearchParams({ a: secret }).toString()} json ${JSON.stringify(secret)}`;
		const clean = redact(text, [secret]);
		expect(clean).not.toContain(secret);
		expect(clean).not.toContain(encodeURIComponent(secret));
		expect(clean).not.toContain('p%40ss+word');
	});

	it.each([
		['Authorization: Basic ZGVtbzpzZWNyZXQ=', 'ZGVtbzpzZWNyZXQ='],
		['authorization=BEARER abc.def-123456', 'abc.def-123456'],
		[
			'X-JWT-Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
			'eyJhbGciOiJFUzI1NiJ9',
		],
		['seen eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln here', 'eyJzdWIiOiIxIn0'],
		['username=a%40b.example&password=hunter22&grant_type=password', 'hunter22'],
		['username=a%40b.example&password=hunter22', 'a%40b.example'],
		['{"access_token":"tok-123456","token_type":"bearer"}', 'tok-123456'],
		['{"refresh_token" : "ref\\"123456"}', '123456'],
		['client_secret=s3cr3t-value&client_id=x', 's3cr3t-value'],
		['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----', 'MIIEvQIBADANBg'],
		['-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBg (cut', 'MIIEvQIBADANBg'],
	])('replaces what looks like a credential: %s', (text, secret) => {
		expect(redact(text)).not.toContain(secret);
	});

	it('keeps ordinary text, request IDs and short values', () => {
		const text =
			'Document 626626a0-749f-11e2-bfd6-000000000000 not found (requestId 8896f9dc-260d)';
		expect(redact(text, ['abc'])).toBe(text);
	});
});

describe('quote', () => {
	it('bounds the text and collapses whitespace', () => {
		const text = `a\n\n  b ${'x'.repeat(10_000)}`;
		const quoted = quote(text);
		expect(quoted.length).toBe(MAX_QUOTE_CHARS);
		expect(quoted.startsWith('a b x')).toBe(true);
		expect(quoted.endsWith('…')).toBe(true);
	});

	it('leaves no part of a secret that straddles the cut', () => {
		const secret = 'straddling-secret-value-0123456789';
		const text = `${'y'.repeat(MAX_QUOTE_CHARS - 10)}${secret}${'z'.repeat(100)}`;
		expect(quote(text, [secret])).not.toMatch(/straddl/);
	});

	it('reads only the start of a 20 MB answer: what follows a bounded window changes nothing', () => {
		const start = 'Bearer x '.repeat(1_000);
		const huge = `${start}${'Bearer x '.repeat(2_500_000)}`;
		const other = `${start}${'\u0000 different tail '.repeat(1_000_000)}`;
		expect(quote(huge).length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
		// The same output whatever comes after the window: the rest is never scanned, so the cost does not grow.
		expect(quote(huge)).toBe(quote(start));
		expect(quote(other)).toBe(quote(start));
	});
});
