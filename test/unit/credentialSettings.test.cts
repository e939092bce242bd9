// Credential data is read in one place, into typed settings per credential type (transport/credentialSettings.ts).
import { credentialSettings } from '../../nodes/GiniPay/transport/credentialSettings';

const PAY = 'https://pay-api.gini.net/';

describe('credentialSettings', () => {
	it('reads a Basic credential, trimmed, with the base URL normalised', () => {
		const settings = credentialSettings('basic', {
			payApiUrl: ` ${PAY} `,
			clientId: ' client ',
			clientSecret: ' secret ',
			userIdentifier: ' user-1 ',
		});
		expect(settings).toEqual({
			mode: 'basic',
			payApiUrl: 'https://pay-api.gini.net',
			clientId: 'client',
			// A secret is used as typed.
			clientSecret: ' secret ',
			userIdentifier: 'user-1',
			// The Basic header value as sent: the client ID trimmed, the secret as typed.
			secrets: [' secret ', Buffer.from('client: secret ').toString('base64'), 'client: secret '],
		});
	});

	it('reads a User Center credential with both base URLs and the default user', () => {
		const settings = credentialSettings('userCenter', {
			payApiUrl: PAY,
			userCenterUrl: 'https://user.gini.net',
			clientId: 'client',
			clientSecret: 'secret',
			userEmail: ' a@example.org ',
			userPassword: ' pass ',
		});
		expect(settings).toEqual(
			expect.objectContaining({
				mode: 'userCenter',
				userCenterUrl: 'https://user.gini.net',
				userEmail: 'a@example.org',
				userPassword: ' pass ',
			}),
		);
		expect(settings.secrets).toEqual(expect.arrayContaining(['secret', ' pass ']));
	});

	it("fills a JWT credential's defaults and strips a Bearer prefix from a static token", () => {
		const settings = credentialSettings('jwt', {
			payApiUrl: PAY,
			jwtSource: 'static',
			staticToken: ' Bearer abc.def.ghi ',
		});
		expect(settings).toEqual(
			expect.objectContaining({
				mode: 'jwt',
				jwtSource: 'static',
				staticToken: 'abc.def.ghi',
				algorithm: 'RS256',
				lifetimeSeconds: 300,
				userIdentifierClaim: 'x-user-identifier',
				clientIdClaim: 'x-client-id',
				clientCredentialClaim: 'x-client-secret',
			}),
		);
		expect(settings.secrets).toContain(' Bearer abc.def.ghi ');
	});

	it('reads a credential object once per mode', () => {
		const data = { payApiUrl: PAY, clientId: 'client', clientSecret: 'secret' };
		expect(credentialSettings('basic', data)).toBe(credentialSettings('basic', data));
		expect(credentialSettings('jwt', data)).not.toBe(credentialSettings('basic', data));
	});

	it('refuses an unsafe or empty base URL', () => {
		const data = { payApiUrl: 'http://pay-api.gini.net', clientId: 'client' };
		expect(() => credentialSettings('basic', data)).toThrow(/must use https/);
		const missing = { payApiUrl: PAY, userCenterUrl: '' };
		expect(() => credentialSettings('userCenter', missing)).toThrow(
			/'User Center Base URL' is empty/,
		);
	});
});
