import { holdsExpression } from '../../nodes/GiniPay/shared/credentialExpressions';

describe('holdsExpression', () => {
	it.each([
		[{ clientId: 'a', clientSecret: 'b', payApiUrl: 'https://pay-api.gini.net' }, false],
		[{ clientId: 'a', lifetimeSeconds: 300, nested: { list: ['x', 1, null] } }, false],
		[{ secret: 'a=b', other: 'x {{ y }}' }, false],
		[{ userIdentifier: '={{ $json.user }}' }, true],
		[{ secret: '=plain' }, true],
		[{ json: '{"a":"={{ $json.b }}"}' }, true],
		[{ nested: { list: [{ deep: '={{ 1 }}' }] } }, true],
	])('%j → %s', (data, expected) => {
		expect(holdsExpression(data)).toBe(expected);
	});
});
