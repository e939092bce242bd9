import {
	answerProblem,
	bodyKind,
	bodyText,
	isGoneAfterLostDelete,
	type Answer,
	type AnswerShape,
} from '../../nodes/GiniPay/shared/answers';

const json = (body: unknown, statusCode = 200, headers: Record<string, string> = {}): Answer => ({
	statusCode,
	headers: { 'content-type': 'application/vnd.gini.v1+json', ...headers },
	body,
});
const text = (body: string, type: string, statusCode = 200): Answer => ({
	statusCode,
	headers: { 'Content-Type': type },
	body,
	text: true,
});

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

describe('bodyKind', () => {
	it.each<[Answer, string]>([
		[json(undefined, 204), 'no body'],
		[json(''), 'no body'],
		[json(null), 'JSON null'],
		[json([1]), 'a JSON array'],
		[json(42), 'a JSON number'],
		[json(true), 'a JSON boolean'],
		[{ ...json('x'), text: true }, 'a JSON string or invalid JSON'],
		[{ statusCode: 200, headers: {}, body: 'x' }, 'a JSON string'],
		[text('<html></html>', 'text/html; charset=utf-8'), 'an HTML page (text/html)'],
		[text('hello', 'text/plain'), 'a body of type text/plain that is not JSON'],
		[json({ id: 'a' }), 'a JSON object'],
	])('%j is %s', (answer, kind) => {
		expect(bodyKind(answer)).toBe(kind);
	});
});

describe('answerProblem', () => {
	const document = { id: 'd-1', name: 'a.pdf', progress: 'COMPLETED', creationDate: 1 };
	it.each<[AnswerShape, Answer]>([
		['document', json(document)],
		['documentList', json({ documents: [document], totalCount: 1 })],
		['documentList', json({ documents: [] })],
		['extractions', json({ extractions: {}, candidates: {} })],
		['extractions', json({ extractions: { iban: { value: 'DE…' } } })],
		['user', json({ id: 'u-1', email: 'a@b.c' })],
		['paymentRequest', json({ iban: 'DE02', amount: '1.00:EUR', status: 'open' })],
		['paymentRequest', json({ iban: 'DE02', amount: '1.00:EUR', status: 'paid' }, 201)],
		['payment', json({ iban: 'DE02', amount: '1.00:EUR', paidAt: '2020-12-07T15:50:23' })],
		['token', json({ access_token: 't', token_type: 'bearer', expires_in: 3599 })],
		['token', json({ access_token: 't', expires_in: '3599', refresh_token: 'r' }, 201)],
		['created', json(undefined, 201, { Location: 'https://pay-api.gini.net/documents/d-1' })],
		['created', json(document, 201, { location: 'https://pay-api.gini.net/documents/d-1' })],
		['done', json(undefined, 204)],
		['done', json({ anything: true }, 200)],
		[
			'pageList',
			json([{ pageNumber: 1, images: { medium: 'https://x/documents/d/pages/1/medium' } }]),
		],
		['pageList', json([])],
		['pageImage', { statusCode: 200, headers: { 'content-type': 'image/jpeg' }, body: JPEG }],
		['pageImage', { statusCode: 200, headers: {}, body: JPEG }],
		[
			'pageImage',
			{ statusCode: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: JPEG },
		],
	])('%s fits %j', (shape, answer) => {
		expect(answerProblem(shape, answer)).toBeUndefined();
	});

	it.each<[AnswerShape, Answer, string]>([
		['document', json(undefined, 204), 'no body'],
		['document', json(document, 201), 'a JSON object'],
		['document', json(undefined, 302, { location: '/x' }), 'no body'],
		['document', json({ name: 'x' }), 'an object whose "id" is missing'],
		['document', json({ id: 7 }), 'an object whose "id" is not a string'],
		['document', json({ id: 'd', progress: 3 }), 'an object whose "progress" is not a string'],
		['documentList', json({ documents: {} }), '"documents" is not a list of documents with IDs'],
		['documentList', json({ documents: [null] }), '"documents" is not'],
		['documentList', json({ documents: [], totalCount: 'many' }), '"totalCount" is not a number'],
		['extractions', json({ candidates: {} }), '"extractions" is missing'],
		['extractions', json({ extractions: [] }), '"extractions" is not an object'],
		['extractions', text('<html/>', 'text/html'), 'an HTML page (text/html)'],
		['user', json({ email: 'a@b.c' }), '"id" is missing'],
		['paymentRequest', json({}), '"iban" is missing'],
		['payment', json(null), 'JSON null'],
		['token', json({ token_type: 'bearer' }), '"access_token" is missing'],
		['token', json({ access_token: '' }), '"access_token" is not a string'],
		['token', json({ access_token: 't', expires_in: 'soon' }), '"expires_in" is not a number'],
		['created', json(undefined, 201), 'no Location header'],
		['created', json(undefined, 200, { location: '/x' }), 'no body'],
		['done', json(undefined, 302, { location: '/x' }), 'no body'],
		['done', json(undefined, 304), 'no body'],
		['pageList', json({ pages: [] }), 'a JSON object'],
		['pageList', json([{ pageNumber: 1 }]), 'entry 1 is no page'],
		['pageList', json([{ pageNumber: 'one', images: {} }]), 'entry 1 is no page'],
		['pageList', json([{ pageNumber: 1, images: {} }, null]), 'entry 2 is no page'],
		['pageList', json([{ pageNumber: 1, images: { medium: 7 } }]), 'entry 1 is no page'],
		['pageImage', json({ message: 'x' }), 'a JSON object'],
		['pageImage', { statusCode: 204, headers: {}, body: Buffer.alloc(0) }, 'no body'],
		[
			'pageImage',
			{ statusCode: 200, headers: { 'content-type': 'image/jpeg' }, body: Buffer.alloc(0) },
			'no body',
		],
		[
			'pageImage',
			{ statusCode: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<html>') },
			'a body of type text/html',
		],
	])('%s does not fit %j: %s', (shape, answer, problem) => {
		expect(answerProblem(shape, answer)).toContain(problem);
	});
});

describe('bodyText', () => {
	it('bounds every body form', () => {
		expect(bodyText('x'.repeat(10_000)).length).toBe(4_096);
		expect(bodyText(Buffer.from('abc'))).toBe('abc');
		expect(bodyText({ a: 1 })).toBe('{"a":1}');
		expect(bodyText(null)).toBe('null');
		expect(bodyText(undefined)).toBe('');
	});
});

describe('isGoneAfterLostDelete', () => {
	it('only a 404 to a DELETE repeated after a lost answer', () => {
		expect(
			isGoneAfterLostDelete('deleted', { ...json(undefined, 404), afterLostAnswer: true }),
		).toBe(true);
		expect(isGoneAfterLostDelete('deleted', json(undefined, 404))).toBe(false);
		expect(isGoneAfterLostDelete('done', { ...json(undefined, 404), afterLostAnswer: true })).toBe(
			false,
		);
		expect(
			isGoneAfterLostDelete('deleted', { ...json(undefined, 409), afterLostAnswer: true }),
		).toBe(false);
	});
});
