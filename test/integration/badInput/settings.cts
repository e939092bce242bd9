/** Bad request options and credentials (the latter fail every item). */
import {
	byJson,
	jwtWith,
	pdfItem,
	pemOfWrongType,
	upload,
	withBadItem,
	type BadInputCase,
} from './kit.cts';

export const requestOptions: BadInputCase[] = [
	{
		name: 'Max Retries of 11',
		parameters: { ...upload, requestOptions: { maxRetries: byJson('retries') } },
		items: async () => await withBadItem(await pdfItem('retries', { retries: 11 }), { retries: 2 }),
		error: 'operation',
		message: "'Max Retries' must be a whole number from 0 to 10",
	},
	{
		name: 'negative Request Timeout',
		parameters: { ...upload, requestOptions: { requestTimeout: byJson('timeout') } },
		items: async () =>
			await withBadItem(await pdfItem('timeout', { timeout: -1 }), { timeout: 30 }),
		error: 'operation',
		message: "'Request Timeout (Seconds)' must be more than 0 and at most 600",
	},
	{
		name: 'Concurrency of 0 (one setting for the node: every item fails)',
		parameters: { ...upload, requestOptions: { concurrency: 0 } },
		items: async () => await withBadItem(await pdfItem('concurrency')),
		error: 'operation',
		message: "'Concurrency' must be a whole number from 1 to 50",
		failing: [0, 1, 2],
	},
];

const all = [0, 1, 2];
export const credentials: BadInputCase[] = [
	{
		name: 'malformed PEM',
		mode: 'jwt',
		credential: (f) =>
			f.credential.jwt({
				privateKey: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----',
			}),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('pem')),
		error: 'operation',
		message: /private key/i,
		failing: all,
	},
	{
		name: 'wrong key type for the algorithm',
		mode: 'jwt',
		credential: (f) => f.credential.jwt({ privateKey: pemOfWrongType(), algorithm: 'RS256' }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('k')),
		error: 'operation',
		message: /RS256/,
		failing: all,
	},
	{
		name: 'JWT credential without issuer',
		mode: 'jwt',
		credential: (f) => f.credential.jwt({ issuer: '' }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('i')),
		error: 'operation',
		message: "The JWT credential has no 'Issuer'.",
		failing: all,
	},
	{
		name: 'expired static JWT',
		mode: 'jwt',
		credential: (f) =>
			f.credential.jwt({ jwtSource: 'static', staticToken: jwtWith({ exp: 1_600_000_000 }) }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('e')),
		error: 'operation',
		message: "The credential's 'Token (JWT)' expired at 2020-09-13T12:26:40.000Z",
		failing: all,
	},
	{
		name: 'static JWT that is not a JWT',
		mode: 'jwt',
		credential: (f) => f.credential.jwt({ jwtSource: 'static', staticToken: 'not-a-jwt' }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('n')),
		error: 'operation',
		message: 'The token is not a JWT',
		failing: all,
	},
	{
		name: 'wrong client secret (Basic)',
		credential: (f) => f.credential.basic({ clientSecret: 'wrong-secret' }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('s')),
		error: 'api',
		message: 'answered 401',
		failing: all,
	},
	{
		name: 'wrong client secret (User Center)',
		mode: 'userCenter',
		credential: (f) => f.credential.userCenter({ clientSecret: 'wrong-secret' }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('u')),
		error: 'api',
		message: 'Logging in the anonymous user failed: the Gini User Center answered 401',
		failing: all,
	},
	{
		name: 'non-https URL that is not loopback',
		credential: (f) => f.credential.basic({ payApiUrl: 'http://pay-api.gini.net' }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('h')),
		error: 'operation',
		message: 'must use https',
		failing: all,
	},
	{
		name: 'base URL with a query',
		credential: (f) => f.credential.basic({ payApiUrl: `${f.gini.payApiUrl}?x=1` }),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('q')),
		error: 'operation',
		message: 'must not contain a query or fragment',
		failing: all,
	},
	{
		name: 'base URL with a user name',
		mode: 'userCenter',
		credential: (f) =>
			f.credential.userCenter({
				userCenterUrl: f.gini.userCenterUrl.replace('http://', 'http://me:pw@'),
			}),
		parameters: upload,
		items: async () => await withBadItem(await pdfItem('p')),
		error: 'operation',
		message: 'must not contain a user name or password',
		failing: all,
	},
];
