import {
	NOT_CREATED_STATUSES,
	createOutcome,
	hasLocation,
	namedDocumentId,
	namesDocument,
} from '../../nodes/GiniPay/shared/createOutcome';

const ID = '0a1b2c3d-0000-4000-8000-000000000001';
const answer = (statusCode: number, headers: Record<string, string> = {}, body?: unknown) => ({
	statusCode,
	headers,
	body,
});

describe('createOutcome', () => {
	it('a 2xx that names the document is created, one that names nothing is ambiguous', () => {
		const located = answer(201, { Location: `https://pay-api.gini.net/documents/${ID}` });
		expect(createOutcome(located, namesDocument)).toBe('created');
		expect(createOutcome(answer(201, {}, { id: ID }), namesDocument)).toBe('created');
		expect(createOutcome(answer(200, {}, { id: ID }), namesDocument)).toBe('created');
		expect(createOutcome(answer(201), namesDocument)).toBe('ambiguous');
		expect(createOutcome(answer(201, { location: 'https://gw.example/ok' }), namesDocument)).toBe(
			'ambiguous',
		);
		expect(createOutcome(answer(204), namesDocument)).toBe('ambiguous');
	});

	it('only the documented refusals prove nothing was created', () => {
		for (const status of [400, 401, 403, 404, 413, 415, 429, 503])
			expect(createOutcome(answer(status), namesDocument)).toBe('notCreated');
		for (const status of [301, 303, 408, 409, 422, 500, 502, 504, 599])
			expect(createOutcome(answer(status), namesDocument)).toBe('ambiguous');
		expect(NOT_CREATED_STATUSES.has(500)).toBe(false);
	});

	it('names a document by its Location first, then by the id in the body', () => {
		const other = '0a1b2c3d-0000-4000-8000-000000000002';
		expect(
			namedDocumentId(
				answer(201, { location: `https://x.example/gini/documents/${ID}` }, { id: other }),
			),
		).toBe(ID);
		expect(
			namedDocumentId(answer(201, { location: 'https://x.example/elsewhere' }, { id: other })),
		).toBe(other);
		expect(
			namedDocumentId(answer(201, {}, { id: `https://pay-api.gini.net/documents/${other}` })),
		).toBe(other);
		expect(namedDocumentId(answer(201, {}, { id: '../../etc' }))).toBeUndefined();
		expect(namedDocumentId(answer(201, {}, ['not', 'an', 'object']))).toBeUndefined();
		expect(namedDocumentId(answer(201, {}, `{"id":"${ID}"}`))).toBeUndefined();
	});

	it('hasLocation: any non-empty Location, in any case', () => {
		expect(hasLocation(answer(201, { LOCATION: 'https://uc.example/api/users/1' }))).toBe(true);
		expect(hasLocation(answer(201, { location: '  ' }))).toBe(false);
		expect(hasLocation(answer(201))).toBe(false);
	});
});
