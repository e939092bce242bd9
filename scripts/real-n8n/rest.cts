/**
 * The editor's REST API of a running n8n, as the browser uses it: the instance owner is set up on first use
 * (`POST /rest/owner/setup`, allowed without login while no owner exists), and the session cookie it returns
 * authenticates later calls.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const OWNER = {
	email: 'owner@example.test',
	firstName: 'Gini',
	lastName: 'E2E',
	// n8n asks for 8+ characters with a digit and an upper-case letter; a local test instance only.
	password: 'E2e-owner-password-1',
};

export class RestClient {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	async setupOwner(): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok) {
			// Already set up (a second call): log in instead.
			await this.login();
			return;
		}
		this.cookie = sessionCookie(response);
	}

	async login(): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok) throw new Error(`login: HTTP ${response.status} ${await response.text()}`);
		this.cookie = sessionCookie(response);
	}

	get authCookie(): string {
		return this.cookie;
	}

	async get<T>(route: string): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${route}`, {
			headers: { Cookie: this.cookie, Accept: 'application/json', 'browser-id': 'gini-e2e' },
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok)
			throw new Error(
				`GET /rest${route}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`,
			);
		const body = (await response.json()) as { data?: T };
		return (body.data ?? body) as T;
	}
}

function sessionCookie(response: Response): string {
	const cookies = response.headers.getSetCookie();
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	if (!auth) throw new Error('n8n sent no session cookie');
	return auth.split(';')[0];
}

/** Execution data is stored in `flatted` form; n8n ships the library, so it is loaded from the n8n install. */
export function unflatten(installDir: string, text: string): unknown {
	const requireFromN8n = createRequire(
		path.join(installDir, 'node_modules', 'n8n', 'package.json'),
	);
	const flatted = requireFromN8n('flatted') as { parse(text: string): unknown };
	return flatted.parse(text);
}
