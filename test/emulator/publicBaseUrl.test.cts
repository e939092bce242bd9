// The `publicBaseUrl` option: Gini behind a gateway names its own host in `Location` and `_links`.
import { ANONYMOUS, basic, derivedHeaders, json, upload, useEmulator } from './testkit.cts';

const GINI = 'https://pay-api.gini.net';
const USER_CENTER = 'https://user.gini.net/';
const emulator = useEmulator({ publicBaseUrl: `${GINI}/`, publicUserCenterUrl: USER_CENTER });
const ID = /[0-9a-f-]{36}/.source;

/** The same resource on the listener: the emulator serves by path, whatever host its links name. */
function local(link: string): string {
	return `${emulator().payApiUrl}${new URL(link).pathname}`;
}

test('the links name the public base (trailing slash dropped), the listener serves them by path', async () => {
	expect(emulator().publicBaseUrl).toBe(GINI);
	expect(emulator().publicUserCenterUrl).toBe('https://user.gini.net');
	const headers = derivedHeaders('gateway');
	const created = await upload(emulator(), 'Seite 1', {
		...headers,
		'Content-Type': 'application/vnd.gini.v1.partial+json',
	});
	expect(created.status).toBe(201);
	const partial = created.headers.get('location')!;
	expect(partial).toMatch(new RegExp(`^${GINI}/documents/${ID}$`));
	const composite = await upload(
		emulator(),
		JSON.stringify({ partialDocuments: [{ document: partial, rotationDelta: 0 }] }),
		{ ...headers, 'Content-Type': 'application/vnd.gini.v1.composite+json' },
	);
	expect(composite.status).toBe(201);
	const document = await json(await fetch(local(composite.headers.get('location')!), { headers }));
	expect(document._links.document).toMatch(new RegExp(`^${GINI}/documents/${ID}$`));
	expect(document._links.extractions).toBe(`${document._links.document}/extractions`);
	expect(document.partialDocuments).toEqual([{ document: partial, rotationDelta: 0 }]);
	const page = await json(await fetch(local(partial), { headers }));
	expect(page.compositeDocuments).toEqual([{ document: document._links.document }]);
});

test('user creation answers with a Location on the public User Center base', async () => {
	const token = await json(
		await fetch(`${emulator().userCenterUrl}/oauth/token?grant_type=client_credentials`, {
			headers: { Authorization: basic(ANONYMOUS) },
		}),
	);
	const response = await fetch(`${emulator().userCenterUrl}/api/users`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ email: 'gateway@app.example.org', password: 'secret-123' }),
	});
	expect(response.status).toBe(201);
	expect(response.headers.get('location')).toMatch(
		new RegExp(`^https://user\\.gini\\.net/api/users/${ID}$`),
	);
});
