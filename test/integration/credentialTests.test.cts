import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { startEmulator, type Emulator } from '../emulator/index.cts';
import { testCredential } from '../harness/index.cts';
import { basicCredential, jwtCredential, resetTokenCache, userCenterCredential } from './gini.cts';

let gini: Emulator;
beforeAll(async () => {
	gini = await startEmulator();
});
afterAll(async () => await gini.stop());
beforeEach(() => {
	resetTokenCache();
	gini.resetCounters();
});

describe('credential tests authenticate for real against the configured URLs', () => {
	it('Basic: passes with the right secret and fails with a wrong one', async () => {
		expect(await testCredential(new GiniPayBasicApi(), basicCredential(gini))).toMatchObject({ status: 'OK' });
		expect(gini.counters().requests.byRoute['GET /documents']).toBe(1);
		const wrong = await testCredential(new GiniPayBasicApi(), basicCredential(gini, { clientSecret: 'nope-nope' }));
		expect(wrong.status).toBe('Error');
		expect(wrong.message).not.toContain('nope-nope');
	});

	it('Basic: works without a default user', async () => {
		expect(await testCredential(new GiniPayBasicApi(), basicCredential(gini, { userIdentifier: '' }))).toMatchObject({ status: 'OK' });
	});

	it('JWT: passes with the demo key and fails with the wrong issuer', async () => {
		expect(await testCredential(new GiniPayJwtApi(), jwtCredential(gini))).toMatchObject({ status: 'OK' });
		const wrong = await testCredential(new GiniPayJwtApi(), jwtCredential(gini, { issuer: 'https://someone-else.example' }));
		expect(wrong.status).toBe('Error');
	});

	it('User Center: passes with the right client and fails with a wrong secret', async () => {
		expect(await testCredential(new GiniUserCenterApi(), userCenterCredential(gini))).toMatchObject({ status: 'OK' });
		expect(gini.counters().tokenGrants.client_credentials).toBe(1);
		const wrong = await testCredential(new GiniUserCenterApi(), userCenterCredential(gini, { clientSecret: 'nope-nope' }));
		expect(wrong.status).toBe('Error');
	});

	it('refuses a non-https URL before sending the secret', async () => {
		const result = await testCredential(new GiniPayBasicApi(), basicCredential(gini, { payApiUrl: 'http://pay-api.gini.net' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('https');
	});
});
