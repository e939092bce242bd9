import {
	DOCUMENT_LINK,
	PAYMENT_REQUEST_LINK,
	USER_LINK,
	idOrLinkedId,
	linkedId,
	rebaseLink,
	rebasePageLink,
} from '../../nodes/GiniPay/shared/links';

const ID = '626626a0-749f-11e2-bfd6-000000000000';
const GATEWAY = 'https://gateway.example/gini';

describe('rebaseLink: documents', () => {
	it.each([
		['Gini host, gateway base with a prefix', `https://pay-api.gini.net/documents/${ID}`, GATEWAY],
		[
			'gateway link, plain base',
			`https://gateway.example/gini/documents/${ID}`,
			'https://pay-api.gini.net',
		],
		[
			'another loopback port',
			`http://127.0.0.1:4999/documents/${ID}`,
			'http://127.0.0.1:5000/base/v1',
		],
		['same host', `https://pay-api.gini.net/documents/${ID}`, 'https://pay-api.gini.net'],
		['trailing slash', `https://pay-api.gini.net/documents/${ID}/`, GATEWAY],
		['query and fragment', `https://pay-api.gini.net/documents/${ID}?x=1&y=%2F#frag`, GATEWAY],
		['fragment only', `https://pay-api.gini.net/documents/${ID}#/extractions`, GATEWAY],
		[
			'percent-encoded id',
			`https://pay-api.gini.net/documents/${ID.replace(/-/g, '%2D')}`,
			GATEWAY,
		],
		['prefix on the link side', `https://pay-api.gini.net/v1/api/documents/${ID}`, GATEWAY],
		['relative, absolute path', `/documents/${ID}`, GATEWAY],
		['relative, no leading slash', `documents/${ID}`, GATEWAY],
		['upper-case scheme and host', `HTTPS://PAY-API.GINI.NET/documents/${ID}`, GATEWAY],
		['user info in the link (dropped)', `https://user:pw@evil.example/documents/${ID}`, GATEWAY],
		['dot segments', `https://pay-api.gini.net/x/../documents/${ID}`, GATEWAY],
		['surrounding spaces', `  https://pay-api.gini.net/documents/${ID}  `, GATEWAY],
	])('%s', (_name, link, base) => {
		expect(rebaseLink(link, base, DOCUMENT_LINK)).toBe(`${base}/documents/${ID}`);
	});

	it('never keeps the link host: a foreign host is rebased onto the configured one', () => {
		const url = rebaseLink(`https://attacker.example:8443/documents/${ID}`, GATEWAY, DOCUMENT_LINK);
		expect(new URL(url ?? '').origin).toBe('https://gateway.example');
	});

	it.each([
		['a sub-resource', `https://pay-api.gini.net/documents/${ID}/extractions`],
		['a deeper sub-resource', `https://pay-api.gini.net/documents/${ID}/pages/1/large`],
		['the collection', 'https://pay-api.gini.net/documents'],
		['the collection with a slash', 'https://pay-api.gini.net/documents/'],
		['another collection', `https://pay-api.gini.net/paymentRequests/${ID}`],
		['an empty segment', `https://pay-api.gini.net/documents//${ID}`],
		['two trailing slashes', `https://pay-api.gini.net/documents/${ID}//`],
		['an encoded slash in the id', `https://pay-api.gini.net/documents/${ID}%2Fextractions`],
		['an encoded dot-dot', 'https://pay-api.gini.net/documents/%2E%2E'],
		['a malformed escape', 'https://pay-api.gini.net/documents/%E0%A4%A'],
		['characters outside ids', 'https://pay-api.gini.net/documents/abc_def'],
		['an id that is too long', `https://pay-api.gini.net/documents/${'a'.repeat(101)}`],
		['the id in the query only', `https://pay-api.gini.net/?documents/${ID}`],
		['the id in the fragment only', `https://pay-api.gini.net/#/documents/${ID}`],
		['another scheme', `ftp://pay-api.gini.net/documents/${ID}`],
		['a javascript: URL', `javascript:/documents/${ID}`],
		['a bare id (not a link)', ID],
		['empty', ''],
		['blank', '   '],
		['a collection named like the prefix', `https://pay-api.gini.net/xdocuments/${ID}`],
	])('refuses %s', (_name, link) => {
		expect(rebaseLink(link, GATEWAY, DOCUMENT_LINK)).toBeUndefined();
	});
});

describe('linkedId and idOrLinkedId', () => {
	it('gives the decoded id', () => {
		expect(linkedId(`https://x.example/documents/${ID.toUpperCase()}`, DOCUMENT_LINK)).toBe(
			ID.toUpperCase(),
		);
	});

	it('takes an id as given, or the id of a link', () => {
		expect(idOrLinkedId(` ${ID} `, DOCUMENT_LINK)).toBe(ID);
		expect(idOrLinkedId(`https://pay-api.gini.net/documents/${ID}`, DOCUMENT_LINK)).toBe(ID);
		expect(idOrLinkedId('not an id', DOCUMENT_LINK)).toBeUndefined();
		expect(
			idOrLinkedId(`https://pay-api.gini.net/documents/${ID}/layout`, DOCUMENT_LINK),
		).toBeUndefined();
	});
});

describe('rebaseLink: payment requests', () => {
	it.each([
		`https://pay-api.gini.net/paymentRequests/${ID}`,
		`https://pay-api.gini.net/paymentRequests/${ID}/payment`,
		`https://pay-api.gini.net/paymentRequests/${ID}/payment/`,
		`https://gateway.example/gini/paymentRequests/${ID}?a=b`,
	])('rebases %s on the payment request', (link) => {
		expect(rebaseLink(link, GATEWAY, PAYMENT_REQUEST_LINK)).toBe(
			`${GATEWAY}/paymentRequests/${ID}`,
		);
	});

	it.each([
		`https://pay-api.gini.net/paymentRequests/${ID}/other`,
		`https://pay-api.gini.net/paymentRequests/${ID}/payment/payment`,
		'https://pay-api.gini.net/paymentRequests/payment',
		`https://pay-api.gini.net/documents/${ID}`,
	])('refuses %s', (link) => {
		expect(rebaseLink(link, GATEWAY, PAYMENT_REQUEST_LINK)).toBeUndefined();
	});
});

describe('rebaseLink: users', () => {
	it('rebases a User Center Location on the configured User Center base', () => {
		expect(
			rebaseLink(
				`https://user.gini.net/api/users/${ID}`,
				'https://uc-gateway.example/uc',
				USER_LINK,
			),
		).toBe(`https://uc-gateway.example/uc/api/users/${ID}`);
	});

	it.each([
		`https://user.gini.net/users/${ID}`,
		`https://user.gini.net/api/users/${ID}/password`,
		`https://user.gini.net/other/users/${ID}`,
	])('refuses %s', (link) => {
		expect(rebaseLink(link, 'https://user.gini.net', USER_LINK)).toBeUndefined();
	});
});

describe('rebasePageLink: the pages list and page images of one document', () => {
	const document = { id: ID, url: `${GATEWAY}/documents/${ID}` };

	it.each([
		['the pages list', `https://pay-api.gini.net/documents/${ID}/pages`, 'pages'],
		['a medium image', `https://pay-api.gini.net/documents/${ID}/pages/1/medium`, 'pages/1/medium'],
		[
			'a legacy size',
			`https://pay-api.gini.net/documents/${ID}/pages/10/1280x1810`,
			'pages/10/1280x1810',
		],
		[
			'a gateway prefix',
			`https://gateway.example/gini/documents/${ID}/pages/2/large`,
			'pages/2/large',
		],
		['a foreign host', `https://attacker.example/documents/${ID}/pages/1/large`, 'pages/1/large'],
		['a relative link', `/documents/${ID}/pages/3/medium?x=1`, 'pages/3/medium'],
	])('%s', (_name, link, tail) => {
		expect(rebasePageLink(link, document)).toBe(`${document.url}/${tail}`);
	});

	it.each([
		[
			'another document',
			`https://pay-api.gini.net/documents/${ID.replace('626', '727')}/pages/1/medium`,
		],
		['the document itself', `https://pay-api.gini.net/documents/${ID}`],
		['another sub-resource', `https://pay-api.gini.net/documents/${ID}/extractions`],
		['page 0', `https://pay-api.gini.net/documents/${ID}/pages/0/medium`],
		['a page that is no number', `https://pay-api.gini.net/documents/${ID}/pages/one/medium`],
		['a size with other characters', `https://pay-api.gini.net/documents/${ID}/pages/1/me_dium`],
		['an encoded slash', `https://pay-api.gini.net/documents/${ID}/pages/1/me%2Fdium`],
		['a deeper path', `https://pay-api.gini.net/documents/${ID}/pages/1/medium/x`],
		['a page without a size', `https://pay-api.gini.net/documents/${ID}/pages/1`],
		['another collection', `https://pay-api.gini.net/paymentRequests/${ID}/pages/1/medium`],
		['another scheme', `ftp://pay-api.gini.net/documents/${ID}/pages/1/medium`],
		['empty', ''],
	])('refuses %s', (_name, link) => {
		expect(rebasePageLink(link, document)).toBeUndefined();
	});
});
