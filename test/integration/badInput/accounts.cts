/** Bad payment requests, users and identities. */
import { outputJson, runGini } from '../gini.cts';
import {
	ANONYMOUS,
	byJson,
	jsonItems,
	pdfItem,
	upload,
	withBadItem,
	type BadInputCase,
} from './kit.cts';

let unique = 0;

export const payments: BadInputCase[] = [
	{
		name: 'malformed payment request ID',
		parameters: { resource: 'paymentRequest', operation: 'get', paymentRequestId: byJson('id') },
		items: ({ paymentRequestId }) => jsonItems({ id: paymentRequestId }, { id: 'not an id' }),
		error: 'operation',
		message: 'The payment request ID is empty or malformed',
	},
	{
		name: 'unknown payment request',
		parameters: { resource: 'paymentRequest', operation: 'get', paymentRequestId: byJson('id') },
		items: ({ paymentRequestId }) =>
			jsonItems({ id: paymentRequestId }, { id: 'f00dfeed-0000-4000-8000-000000000000' }),
		error: 'api',
		message: 'answered 404',
	},
	{
		name: 'resolving with a negative amount',
		parameters: {
			resource: 'paymentRequest',
			operation: 'resolve',
			paymentRequestId: byJson('id'),
			iban: 'DE89370400440532013000',
			amount: byJson('amount'),
			purpose: 'RE-1',
		},
		items: (f) => [
			{ json: { id: f.openPaymentRequest(), amount: 12.34 } },
			{ json: { id: f.openPaymentRequest(), amount: -1 } },
			{ json: { id: f.openPaymentRequest(), amount: 12.34 } },
		],
		error: 'operation',
		message: 'The amount must be a number of at least 0',
	},
	{
		name: 'resolving with a currency that is not an ISO code',
		parameters: {
			resource: 'paymentRequest',
			operation: 'resolve',
			paymentRequestId: byJson('id'),
			iban: 'DE89370400440532013000',
			amount: 12.34,
			purpose: 'RE-1',
			additionalFields: { currency: byJson('currency') },
		},
		items: (f) => [
			{ json: { id: f.openPaymentRequest(), currency: 'EUR' } },
			{ json: { id: f.openPaymentRequest(), currency: 'euro' } },
			{ json: { id: f.openPaymentRequest(), currency: 'EUR' } },
		],
		error: 'operation',
		message: 'The currency must be an ISO 4217 code such as EUR',
	},
	{
		name: 'the payment of an unknown payment request',
		parameters: { resource: 'payment', operation: 'get', paymentRequestId: byJson('id') },
		items: async (f) => {
			const paid = f.openPaymentRequest();
			const resolved = await runGini({
				mode: 'basic',
				credential: f.credential.basic(),
				parameters: {
					resource: 'paymentRequest',
					operation: 'resolve',
					paymentRequestId: paid,
					iban: 'DE89370400440532013000',
					amount: 12.34,
					purpose: 'RE-1',
				},
			});
			outputJson(resolved);
			return jsonItems({ id: paid }, { id: 'f00dfeed-0000-4000-8000-000000000001' });
		},
		error: 'api',
		message: 'Reading the payment failed: the Gini Pay API answered 404',
	},
];

export const users: BadInputCase[] = [
	{
		name: 'creating a user in Basic mode',
		parameters: { resource: 'user', operation: 'create', email: byJson('email') },
		items: () => jsonItems({ email: 'x@app.example.org' }, { email: 'y@app.example.org' }),
		error: 'operation',
		message: 'Creating users needs the Gini User Center credential',
		failing: [0, 1, 2],
	},
	{
		name: 'invalid e-mail for a new user',
		mode: 'userCenter',
		parameters: { resource: 'user', operation: 'create', email: byJson('email') },
		items: () => [
			{ json: { email: `new-${++unique}@app.example.org` } },
			{ json: { email: 'not-an-email' } },
			{ json: { email: `new-${++unique}@app.example.org` } },
		],
		error: 'operation',
		message: '"not-an-email" is not a valid e-mail address',
	},
	{
		name: 'short password for a new user',
		mode: 'userCenter',
		parameters: {
			resource: 'user',
			operation: 'create',
			email: byJson('email'),
			password: byJson('password'),
		},
		items: () => [
			{ json: { email: `new-${++unique}@app.example.org`, password: 'long-enough' } },
			{ json: { email: `new-${++unique}@app.example.org`, password: '12345' } },
			{ json: { email: `new-${++unique}@app.example.org`, password: 'long-enough' } },
		],
		error: 'operation',
		message: "'Password' must have at least 6 characters",
	},
	{
		name: 'e-mail of an existing user',
		mode: 'userCenter',
		parameters: { resource: 'user', operation: 'create', email: byJson('email') },
		items: () => [
			{ json: { email: `new-${++unique}@app.example.org` } },
			{ json: { email: ANONYMOUS.email.toUpperCase() } },
			{ json: { email: `new-${++unique}@app.example.org` } },
		],
		error: 'api',
		message: 'Creating the user failed: the Gini User Center answered 400',
	},
	{
		name: 'malformed user ID',
		mode: 'userCenter',
		parameters: { resource: 'user', operation: 'get', userId: byJson('id') },
		items: (f) => jsonItems({ id: f.userId }, { id: 'a/b?c' }),
		error: 'operation',
		message: 'The user ID is empty or malformed',
	},
	{
		name: 'unknown user ID',
		mode: 'userCenter',
		parameters: { resource: 'user', operation: 'get', userId: byJson('id') },
		items: (f) => jsonItems({ id: f.userId }, { id: '0f0f0f0f-0000-4000-8000-000000000000' }),
		error: 'api',
		message: 'Reading the user failed: the Gini User Center answered 404',
	},
	{
		name: 'reading a user in JWT mode',
		mode: 'jwt',
		parameters: { resource: 'user', operation: 'get', userId: byJson('id') },
		items: (f) => jsonItems({ id: f.userId }, { id: f.userId }),
		error: 'operation',
		message: 'Reading users needs the Gini User Center credential',
		failing: [0, 1, 2],
	},
];

export const identities: BadInputCase[] = [
	{
		name: 'user identifier that is not ASCII',
		parameters: { ...upload, userIdentifier: byJson('user') },
		items: async () =>
			await withBadItem(await pdfItem('jurgen', { user: 'Jürgen' }), { user: 'juergen' }),
		error: 'operation',
		message: 'The user identifier must be printable ASCII (at most 255 characters)',
	},
	{
		name: 'user identifier of 256 characters',
		parameters: { ...upload, userIdentifier: byJson('user') },
		items: async () =>
			await withBadItem(await pdfItem('long-user', { user: 'u'.repeat(256) }), { user: 'short' }),
		error: 'operation',
		message: 'The user identifier must be printable ASCII (at most 255 characters)',
	},
	{
		name: 'empty user identifier and no default in the credential',
		credential: (f) => f.credential.basic({ userIdentifier: '' }),
		parameters: { ...upload, userIdentifier: byJson('user') },
		items: async () =>
			await withBadItem(await pdfItem('nobody', { user: '' }), { user: 'someone' }),
		error: 'operation',
		message: 'No user identifier',
	},
	{
		name: 'anonymous user given without a password',
		mode: 'userCenter',
		parameters: {
			resource: 'session',
			operation: 'login',
			userEmail: byJson('email'),
			userPassword: byJson('password'),
		},
		items: () => jsonItems(ANONYMOUS, { email: 'someone@app.example.org', password: '' }),
		error: 'operation',
		message: 'No user password for this item',
	},
	{
		name: 'wrong password of an anonymous user',
		mode: 'userCenter',
		parameters: {
			resource: 'session',
			operation: 'login',
			userEmail: byJson('email'),
			userPassword: byJson('password'),
		},
		items: () => jsonItems(ANONYMOUS, { email: ANONYMOUS.email, password: 'wrong-password' }),
		error: 'api',
		message: `The User Center refused the e-mail or password of the user ${ANONYMOUS.email}`,
	},
	{
		name: 'static JWT with a user identifier per item',
		mode: 'jwt',
		credential: (f) => f.credential.jwt({ jwtSource: 'static', staticToken: f.staticJwt }),
		parameters: { resource: 'session', operation: 'login', userIdentifier: byJson('user') },
		// Every item: a per-item user that comes out empty fails too (userSelection.test.cts), it never means "the JWT's".
		items: () => jsonItems({ user: 'someone' }, { user: 'someone-else' }),
		error: 'operation',
		message: 'A token issued elsewhere names its user itself',
		failing: [0, 1, 2],
	},
];
