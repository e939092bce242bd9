import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import type { Emulator } from '../emulator/index.cts';
import { testCredential } from '../harness/index.cts';
import {
	basicCredential,
	jwtCredential,
	runGini,
	userCenterCredential,
	type Mode,
	useGini,
} from './gini.cts';

const gini = useGini();

describe('credential tests authenticate for real against the configured URLs', () => {
	it('Basic: passes with the right secret and fails with a wrong one', async () => {
		expect(await testCredential(new GiniPayBasicApi(), basicCredential(gini))).toMatchObject({
			status: 'OK',
		});
		expect(gini.counters().requests.byRoute['GET /documents']).toBe(1);
		const wrong = await testCredential(
			new GiniPayBasicApi(),
			basicCredential(gini, { clientSecret: 'nope-nope' }),
		);
		expect(wrong.status).toBe('Error');
		expect(wrong.message).not.toContain('nope-nope');
	});

	it('JWT: passes with the demo key and fails with the wrong issuer', async () => {
		expect(await testCredential(new GiniPayJwtApi(), jwtCredential(gini))).toMatchObject({
			status: 'OK',
		});
		const wrong = await testCredential(
			new GiniPayJwtApi(),
			jwtCredential(gini, { issuer: 'https://someone-else.example' }),
		);
		expect(wrong.status).toBe('Error');
	});

	it('User Center: passes with the right client and fails with a wrong secret', async () => {
		expect(await testCredential(new GiniUserCenterApi(), userCenterCredential(gini))).toMatchObject(
			{ status: 'OK' },
		);
		expect(gini.counters().tokenGrants.client_credentials).toBe(1);
		const wrong = await testCredential(
			new GiniUserCenterApi(),
			userCenterCredential(gini, { clientSecret: 'nope-nope' }),
		);
		expect(wrong.status).toBe('Error');
	});

	it('refuses a non-https URL before sending the secret', async () => {
		const result = await testCredential(
			new GiniPayBasicApi(),
			basicCredential(gini, { payApiUrl: 'http://pay-api.gini.net' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('https');
	});
});

describe('credential tests refuse what the node refuses at run time', () => {
	const TYPES = { basic: GiniPayBasicApi, jwt: GiniPayJwtApi, userCenter: GiniUserCenterApi };
	const CREDENTIALS = {
		basic: basicCredential,
		jwt: jwtCredential,
		userCenter: userCenterCredential,
	};
	const cases: Array<[string, Mode, (gini: Emulator) => Record<string, string>]> = [
		[
			'Basic: a query in the Pay API base URL',
			'basic',
			(g) => ({ payApiUrl: `${g.payApiUrl}?tenant=1` }),
		],
		[
			'Basic: a fragment in the Pay API base URL',
			'basic',
			(g) => ({ payApiUrl: `${g.payApiUrl}#x` }),
		],
		[
			'Basic: user name and password in the Pay API base URL',
			'basic',
			(g) => ({ payApiUrl: g.payApiUrl.replace('//', '//me:pw@') }),
		],
		[
			'Basic: CR/LF in the default user identifier',
			'basic',
			() => ({ userIdentifier: 'user\r\nX-Injected: 1' }),
		],
		['Basic: a non-ASCII default user identifier', 'basic', () => ({ userIdentifier: 'müller' })],
		[
			'Basic: a tab in the default user identifier',
			'basic',
			() => ({ userIdentifier: 'user\tname' }),
		],
		[
			'Basic: a default user identifier over 255 characters',
			'basic',
			() => ({ userIdentifier: 'u'.repeat(256) }),
		],
		['JWT: a query in the Pay API base URL', 'jwt', (g) => ({ payApiUrl: `${g.payApiUrl}/?a=b` })],
		[
			'JWT: CR/LF in the default user identifier',
			'jwt',
			() => ({ userIdentifier: 'user\r\nX-Injected: 1' }),
		],
		['JWT: no issuer', 'jwt', () => ({ issuer: '' })],
		[
			'User Center: a fragment in the User Center base URL',
			'userCenter',
			(g) => ({ userCenterUrl: `${g.userCenterUrl}#top` }),
		],
		[
			'User Center: a query in the Pay API base URL',
			'userCenter',
			(g) => ({ payApiUrl: `${g.payApiUrl}?x=1` }),
		],
		[
			'User Center: a plain-http Pay API base URL',
			'userCenter',
			() => ({ payApiUrl: 'http://pay-api.gini.net' }),
		],
	];

	it.each(cases)('%s', async (_name, mode, change) => {
		const data = CREDENTIALS[mode](gini, change(gini));
		const tested = await testCredential(new TYPES[mode](), data);
		expect(gini.counters().requests.total).toBe(0);
		const run = await runGini({
			mode,
			credential: data,
			parameters: { resource: 'document', operation: 'getAll', returnAll: false, limit: 1 },
		});
		expect(run.error?.message).toBeTruthy();
		expect(gini.counters().requests.total).toBe(0);
		expect(tested.status).toBe('Error');
		expect(tested.message).toContain(run.error?.message);
	});
});
