// `npm run emulator` (test/emulator/cli.cts): one JSON line for scripts, then a summary line.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import { DEMO_CLIENTS } from './demoClients.cts';

const ROOT = path.resolve(__dirname, '..', '..');

/** Resolves with the first two stdout lines, or rejects with whatever the CLI printed on error. */
function firstLines(child: ChildProcess): Promise<string[]> {
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const lines = out.split('\n');
			if (lines.length > 2) resolve(lines.slice(0, 2));
		});
		child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${err}`)));
	});
}

test('the CLI prints its JSON line, serves requests, and stops on SIGTERM', async () => {
	const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
	const child = spawn(
		process.execPath,
		[
			tsx,
			'test/emulator/cli.cts',
			'--processing-ms',
			'0',
			'--ttl=60',
			'--public-base-url=https://pay-api.gini.net/',
			'--public-user-center-url',
			'http://127.0.0.1:9/uc',
			'--listing',
			'legacy',
			'--order=oldestFirst',
			'--partials',
			'unlinked',
		],
		{
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	// Listen for the exit now: if the CLI dies early, the `finally` below must not wait forever.
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		const [jsonLine, summary] = await firstLines(child);
		const info = JSON.parse(jsonLine);
		expect(info.payApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(info.userCenterUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(info.clients.derived.clientId).toBe(DEMO_CLIENTS.derived.clientId);
		expect(info.clients.anonymous.clientId).toBe(DEMO_CLIENTS.anonymous.clientId);
		expect(info.clients.jwt).toMatchObject({
			clientId: DEMO_CLIENTS.jwt.clientId,
			keyId: DEMO_CLIENTS.jwt.keyId,
			issuer: 'https://idp.example.test',
			privateKeyPemPath: expect.stringMatching(/keys\/demo-jwt-TEST-ONLY\.private\.pem$/),
		});
		expect(info.publicBaseUrl).toBe('https://pay-api.gini.net');
		expect(info.publicUserCenterUrl).toBe('http://127.0.0.1:9/uc');
		expect(summary).toContain(info.payApiUrl);
		expect(info.listing).toEqual({
			profile: 'legacy',
			order: 'oldestFirst',
			partialsListed: true,
			partialsLinkComposites: false,
		});
		const { clientId, clientSecret } = info.clients.anonymous;
		const token = await fetch(`${info.userCenterUrl}/oauth/token?grant_type=client_credentials`, {
			headers: {
				Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
			},
		});
		expect(((await token.json()) as { expires_in: number }).expires_in).toBe(60);
	} finally {
		if (child.exitCode === null) child.kill('SIGTERM');
		expect(await exited).toBe(0);
	}
}, 20_000);
