// Helpers for the emulator's own tests: start/stop, auth headers, JWT signing, polling.
import { DEMO_CLIENTS } from './demoClients.cts';
import { startEmulator } from './emulator.cts';
import { loadJose } from './jose.cts';
import type { ClientConfig, Emulator, EmulatorOptions } from './types.cts';

export const PAY_JSON = 'application/vnd.gini.v1+json';

/** A parsed JSON answer: the assertions read it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, read loosely by the assertions
export type Json = any;

export const { derived: DERIVED, jwt: JWT_CLIENT, anonymous: ANONYMOUS } = DEMO_CLIENTS;

/** A short plain-text invoice; what the analysis makes of it is checked against the analysis. */
export const TEXT_INVOICE = Buffer.from(
	[
		'Rechnung Nr. RE-2024-0815',
		'Fahrrad Rückenwind GmbH, Hauptstraße 1, 80331 München',
		'Betrag: 24,99 EUR',
		'IBAN: DE02 1203 0000 0000 2020 51',
		'BIC: BYLADEM1001',
		'Verwendungszweck: RE-2024-0815',
	].join('\n'),
	'utf8',
);

export function basic(client: Pick<ClientConfig, 'clientId' | 'clientSecret'>): string {
	return `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
}

/** Headers of the documented trusted-backend call (docs/gini-api.md §2.1). */
export function derivedHeaders(
	identifier = 'user_hash_123',
	client = DERIVED,
): Record<string, string> {
	return { Accept: PAY_JSON, Authorization: basic(client), 'X-User-Identifier': identifier };
}

export function bearer(token: string, scheme = 'BEARER'): Record<string, string> {
	return { Accept: PAY_JSON, Authorization: `${scheme} ${token}` };
}

/** Signs a JWT with the demo key (or another key), with the demo client's default claims. */
export async function signJwt(
	claims: Record<string, unknown> = {},
	options: {
		key?: unknown;
		alg?: string;
		kid?: string;
		issuer?: string;
		expiresIn?: string | number;
	} = {},
): Promise<string> {
	const jose = loadJose();
	const alg = options.alg ?? 'RS256';
	const key = options.key ?? (await jose.importPKCS8(JWT_CLIENT.privateKeyPem, alg));
	const jwt = new jose.SignJWT({
		'x-user-identifier': 'user1',
		'x-client-id': JWT_CLIENT.clientId,
		typ: 'Bearer',
		...claims,
	})
		.setProtectedHeader({ alg, typ: 'JWT', kid: options.kid ?? JWT_CLIENT.keyId })
		.setIssuer(options.issuer ?? JWT_CLIENT.jwt!.issuer)
		.setIssuedAt();
	if (options.expiresIn !== 'none') jwt.setExpirationTime(options.expiresIn ?? '5m');
	return jwt.sign(key as Parameters<typeof jwt.sign>[0]);
}

/** Starts an emulator for one test file and stops it afterwards. */
export function useEmulator(options: EmulatorOptions = {}): () => Emulator {
	let emulator: Emulator | undefined;
	beforeAll(async () => {
		emulator = await startEmulator({ processingMs: 0, ...options });
	});
	afterAll(async () => {
		await emulator?.stop();
	});
	return () => {
		if (!emulator) throw new Error('emulator not started');
		return emulator;
	};
}

export async function json(response: Response): Promise<Json> {
	const text = await response.text();
	return text === '' ? undefined : JSON.parse(text);
}

export async function upload(
	emulator: Emulator,
	body: Buffer | string,
	headers: Record<string, string> = derivedHeaders(),
	query = '',
): Promise<Response> {
	return fetch(`${emulator.payApiUrl}/documents${query}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/octet-stream', ...headers },
		body,
	});
}

/** Polls a document until it leaves PENDING; the deadline only guards against a hang. */
export async function waitForProcessing(
	url: string,
	headers: Record<string, string> = derivedHeaders(),
): Promise<Json> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const document = await json(await fetch(url, { headers }));
		if (document.progress !== 'PENDING' || Date.now() > deadline) return document;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
