// The User Center (docs/gini-api.md §3) and the 4-step anonymous flow, replayed as the docs' curl calls.
import {
	ANONYMOUS,
	DERIVED,
	PAY_JSON,
	basic,
	bearer,
	derivedHeaders,
	json,
	useEmulator,
} from './testkit.cts';

const emulator = useEmulator();
const JSON_ACCEPT = { Accept: 'application/json' };

async function clientToken(method: 'GET' | 'POST' = 'GET'): Promise<string> {
	const response = await fetch(
		`${emulator().userCenterUrl}/oauth/token?grant_type=client_credentials`,
		{
			method,
			headers: { ...JSON_ACCEPT, Authorization: basic(ANONYMOUS) },
		},
	);
	expect(response.status).toBe(200);
	return (await json(response)).access_token;
}

async function createUser(token: string, body: unknown): Promise<Response> {
	return fetch(`${emulator().userCenterUrl}/api/users`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...JSON_ACCEPT,
			Authorization: `BEARER ${token}`,
		},
		body: JSON.stringify(body),
	});
}

async function tokenRequest(query: string, form: Record<string, string>, auth = basic(ANONYMOUS)) {
	return fetch(`${emulator().userCenterUrl}/oauth/token${query}`, {
		method: 'POST',
		headers: {
			...JSON_ACCEPT,
			'Content-Type': 'application/x-www-form-urlencoded',
			...(auth ? { Authorization: auth } : {}),
		},
		body: new URLSearchParams(form).toString(),
	});
}

let counter = 0;
function freshEmail(): string {
	return `user-${++counter}-${Date.now()}@app.example.org`;
}

test('the 4-step anonymous flow: client token, user, password login, Pay API, refresh', async () => {
	// 1. Client token, as the docs send it: GET with the grant in the query.
	const response = await fetch(
		`${emulator().userCenterUrl}/oauth/token?grant_type=client_credentials`,
		{ headers: { ...JSON_ACCEPT, Authorization: basic(ANONYMOUS) } },
	);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toBe('application/json');
	const client = await json(response);
	expect(client).toEqual({
		access_token: expect.any(String),
		token_type: 'bearer',
		expires_in: 43199,
		scope: 'read',
	});
	// 2. Create the user: 201, absolute Location, empty body.
	const email = freshEmail();
	const created = await createUser(client.access_token, { email, password: 'geheim' });
	expect(created.status).toBe(201);
	const location = created.headers.get('location')!;
	expect(location).toMatch(new RegExp(`^${emulator().userCenterUrl}/api/users/[0-9a-f-]{36}$`));
	expect(await created.text()).toBe('');
	// 3. Log in on behalf of the user.
	const login = await tokenRequest('?grant_type=password', { username: email, password: 'geheim' });
	expect(login.status).toBe(200);
	const user = await json(login);
	expect(user).toMatchObject({
		token_type: 'bearer',
		expires_in: 43199,
		refresh_token: expect.any(String),
	});
	// 4. Call the Pay API with the user token.
	const documents = await fetch(`${emulator().payApiUrl}/documents`, {
		headers: bearer(user.access_token),
	});
	expect(documents.status).toBe(200);
	// Refresh: grant_type in the form body (§3.3).
	const refreshed = await tokenRequest('', {
		grant_type: 'refresh_token',
		refresh_token: user.refresh_token,
	});
	expect(refreshed.status).toBe(200);
	const next = await json(refreshed);
	expect(next.access_token).not.toBe(user.access_token);
	const again = await fetch(`${emulator().payApiUrl}/documents`, {
		headers: bearer(next.access_token),
	});
	expect(again.status).toBe(200);
	// The user can be read back with the client token.
	const read = await fetch(location, {
		headers: { ...JSON_ACCEPT, Authorization: `Bearer ${client.access_token}` },
	});
	expect(await json(read)).toEqual({ id: location.split('/').pop(), email });
	const userKey = `anonymous:${location.split('/').pop()}`;
	const counters = emulator().counters();
	expect(counters.tokenGrants.byUser[userKey]).toBe(2);
	// Two Pay API calls plus the password and refresh grants, which act for the user too.
	expect(counters.requests.byUser[userKey]).toBe(4);
});

test('client_credentials works with POST (Android) and with form-field client credentials', async () => {
	expect(await clientToken('POST')).toEqual(expect.any(String));
	const viaForm = await tokenRequest(
		'',
		{
			grant_type: 'client_credentials',
			client_id: ANONYMOUS.clientId,
			client_secret: ANONYMOUS.clientSecret,
		},
		'',
	);
	expect(viaForm.status).toBe(200);
});

test('bad client credentials are 401 invalid_client', async () => {
	const response = await tokenRequest(
		'?grant_type=client_credentials',
		{},
		basic({ ...ANONYMOUS, clientSecret: 'x' }),
	);
	expect(response.status).toBe(401);
	expect(await json(response)).toMatchObject({ error: 'invalid_client' });
	const missing = await tokenRequest('?grant_type=client_credentials', {}, '');
	expect(missing.status).toBe(401);
});

test('unknown or missing grant types are 400; derived clients may not use anonymous grants', async () => {
	const unknown = await tokenRequest('?grant_type=implicit', {});
	expect(unknown.status).toBe(400);
	expect(await json(unknown)).toMatchObject({ error: 'unsupported_grant_type' });
	expect((await tokenRequest('', {})).status).toBe(400);
	const derived = await tokenRequest('?grant_type=client_credentials', {}, basic(DERIVED));
	expect(derived.status).toBe(400);
	expect(await json(derived)).toMatchObject({ error: 'unauthorized_client' });
});

test('wrong user credentials are 400 invalid_grant with a description', async () => {
	const email = freshEmail();
	await createUser(await clientToken(), { email, password: 'geheim' });
	for (const form of [
		{ username: email, password: 'falsch' },
		{ username: 'nobody@app.example.org', password: 'geheim' },
	]) {
		const response = await tokenRequest('?grant_type=password', form);
		expect(response.status).toBe(400);
		expect(await json(response)).toEqual({
			error: 'invalid_grant',
			error_description: expect.any(String),
		});
	}
});

test('a refresh token is bound to its client', async () => {
	const login = await fetch(`${emulator().payApiUrl}/login`, {
		method: 'POST',
		headers: derivedHeaders('rt'),
	});
	const { refresh_token: refreshToken } = await json(login);
	// The /login refresh token works at the User Center with the same client (§9 gap, accepted).
	const own = await tokenRequest(
		'',
		{ grant_type: 'refresh_token', refresh_token: refreshToken },
		basic(DERIVED),
	);
	expect(own.status).toBe(200);
	const foreign = await tokenRequest('', {
		grant_type: 'refresh_token',
		refresh_token: refreshToken,
	});
	expect(foreign.status).toBe(400);
	expect(await json(foreign)).toMatchObject({ error: 'invalid_grant' });
});

test.each([
	['a missing password', { email: 'a@app.example.org' }],
	['a missing email', { password: 'geheim' }],
	['an invalid email', { email: 'not-an-email', password: 'geheim' }],
	['a password under 6 characters', { email: 'short@app.example.org', password: '12345' }],
])('creating a user with %s is 400', async (_name, body) => {
	const response = await createUser(await clientToken(), body);
	expect(response.status).toBe(400);
	expect(await json(response)).toMatchObject({
		error: expect.any(String),
		error_description: expect.any(String),
	});
});

test('an e-mail already taken is 400, not 409', async () => {
	const token = await clientToken();
	const email = freshEmail();
	expect((await createUser(token, { email, password: 'geheim' })).status).toBe(201);
	expect(
		(await createUser(token, { email: email.toUpperCase(), password: 'geheim2' })).status,
	).toBe(400);
});

test('user routes need a valid client token: none, a user token or a bad one is 401', async () => {
	const body = { email: freshEmail(), password: 'geheim' };
	const none = await fetch(`${emulator().userCenterUrl}/api/users`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(none.status).toBe(401);
	const login = await fetch(`${emulator().payApiUrl}/login`, {
		method: 'POST',
		headers: derivedHeaders('uc'),
	});
	expect((await createUser((await json(login)).access_token, body)).status).toBe(401);
	expect((await createUser('garbage', body)).status).toBe(401);
	const unknownUser = await fetch(
		`${emulator().userCenterUrl}/api/users/00000000-0000-0000-0000-000000000000`,
		{
			headers: { Authorization: `Bearer ${await clientToken()}` },
		},
	);
	expect(unknownUser.status).toBe(404);
});

test('check_token names the user id of a user token (legacy, §3.7)', async () => {
	const token = await clientToken();
	const email = freshEmail();
	const created = await createUser(token, { email, password: 'geheim' });
	const userId = created.headers.get('location')!.split('/').pop();
	const login = await json(
		await tokenRequest('?grant_type=password', { username: email, password: 'geheim' }),
	);
	const info = await fetch(
		`${emulator().userCenterUrl}/oauth/check_token?token=${login.access_token}`,
	);
	expect(info.status).toBe(200);
	expect(await json(info)).toMatchObject({ user_name: userId, client_id: ANONYMOUS.clientId });
	const bad = await fetch(`${emulator().userCenterUrl}/oauth/check_token?token=nope`);
	expect(bad.status).toBe(400);
});

test('a user token from the password grant is rejected by user routes but opens the Pay API', async () => {
	const email = freshEmail();
	await createUser(await clientToken(), { email, password: 'geheim' });
	const user = await json(
		await tokenRequest('?grant_type=password', { username: email, password: 'geheim' }),
	);
	const pay = await fetch(`${emulator().payApiUrl}/documents`, {
		headers: { Accept: PAY_JSON, Authorization: `Bearer ${user.access_token}` },
	});
	expect(pay.status).toBe(200);
});
