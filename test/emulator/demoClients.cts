// The three demo clients every emulator starts with, one per Gini auth setup (docs/gini-api.md §2):
// a derived client (Basic + X-User-Identifier), a derived client with a JWT configuration, and an
// anonymous client (User Center flow). Their secrets are fixed, public, and for local use only.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { ClientConfig } from './types.cts';

/** TEST KEY ONLY: a throw-away RSA key committed so tests and demos can sign JWTs (keys/README.md). */
export const DEMO_JWT_PRIVATE_KEY_PATH = path.join(
	__dirname,
	'keys',
	'demo-jwt-TEST-ONLY.private.pem',
);

export const DEMO_JWT_ISSUER = 'https://idp.example.test';

/** RFC 7638 thumbprint of an RSA public JWK: the usual way identity providers name a key. */
function rsaThumbprint(jwk: { e?: string; n?: string }): string {
	const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
	return createHash('sha256').update(canonical).digest('base64url');
}

const privateKeyPem = readFileSync(DEMO_JWT_PRIVATE_KEY_PATH, 'utf8');
const publicJwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'jwk' });
const keyId = rsaThumbprint(publicJwk);

export const DEMO_CLIENTS: {
	derived: ClientConfig;
	jwt: ClientConfig & { privateKeyPem: string; keyId: string; algorithm: 'RS256' };
	anonymous: ClientConfig;
} = {
	derived: {
		clientId: 'demo-derived-client',
		clientSecret: 'demo-derived-secret',
		kind: 'derived',
		refreshTokens: true,
	},
	jwt: {
		clientId: 'demo-jwt-client',
		clientSecret: 'demo-jwt-secret',
		kind: 'derived',
		refreshTokens: true,
		jwt: {
			issuer: DEMO_JWT_ISSUER,
			jwks: { keys: [{ ...publicJwk, kid: keyId, alg: 'RS256', use: 'sig' }] },
		},
		privateKeyPem,
		keyId,
		algorithm: 'RS256',
	},
	anonymous: {
		clientId: 'demo-anonymous-client',
		clientSecret: 'demo-anonymous-secret',
		kind: 'anonymous',
		refreshTokens: true,
	},
};

/** The client configurations alone, without the signing material of the JWT demo client. */
export function demoClientConfigs(): ClientConfig[] {
	const { privateKeyPem: _pem, keyId: _kid, algorithm: _alg, ...jwt } = DEMO_CLIENTS.jwt;
	return [DEMO_CLIENTS.derived, jwt, DEMO_CLIENTS.anonymous];
}
