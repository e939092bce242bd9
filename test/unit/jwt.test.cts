import { constants, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';

import {
	JWT_ALGORITHMS,
	decodeJwt,
	jwtExpiresAt,
	signJwt,
	type JwtAlgorithm,
	type JwtSigningOptions,
} from '../../nodes/GiniPay/shared/jwt';
import { loadJose } from '../emulator/jose.cts';
import { expectRefusal, keyPair, keyPairFor, pkcs8Pem, privateJwkJson } from './jwtFixtures.cts';

const jose = loadJose();

// Deliberately not on a whole second: iat/exp are NumericDates (seconds), issuedAt/expiresAt are
// those same instants in milliseconds.
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0) + 789;
const ISSUER = 'https://idp.example.com/realms/gini';
const AUDIENCE = 'https://pay-api.gini.net';
const CLIENT_SECRET = 'client-secret-0123456789abcdefghijklmnop';
const CLAIMS = {
	'x-user-identifier': 'user-hash-123',
	'x-client-id': 'client-id-42',
	'x-client-secret': CLIENT_SECRET,
};

function options(algorithm: JwtAlgorithm, overrides: Partial<JwtSigningOptions> = {}) {
	return {
		privateKey: pkcs8Pem(keyPairFor(algorithm).privateKey),
		algorithm,
		keyId: `kid-${algorithm}`,
		issuer: ISSUER,
		audience: AUDIENCE,
		lifetimeSeconds: 300,
		claims: CLAIMS,
		now: NOW,
		...overrides,
	};
}

/** Verifies the way Gini does (docs/gini-api.md §7): the public key found by `kid` in a JWK set. */
async function verifyWithJwks(token: string, publicKey: KeyObject, algorithm: string, kid: string) {
	const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: algorithm, use: 'sig' };
	return jose.jwtVerify(token, jose.createLocalJWKSet({ keys: [jwk] }), {
		issuer: ISSUER,
		audience: AUDIENCE,
		algorithms: [algorithm],
		currentDate: new Date(NOW),
	});
}

describe('signJwt: tokens that jose verifies against the public JWK set', () => {
	test.each(JWT_ALGORITHMS)('%s: signature, header, issuer, audience and claims', async (alg) => {
		const signed = signJwt(options(alg));
		const { payload, protectedHeader } = await verifyWithJwks(
			signed.token,
			keyPairFor(alg).publicKey,
			alg,
			`kid-${alg}`,
		);

		expect(protectedHeader).toEqual({ alg, typ: 'JWT', kid: `kid-${alg}` });
		expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, ...CLAIMS });
		expect(payload.iat).toBe(Math.floor(NOW / 1000));
		expect(payload.exp! - payload.iat!).toBe(300);
		expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
		expect(payload).not.toHaveProperty('nbf');
		expect(signed.issuedAt).toBe(payload.iat! * 1000);
		expect(signed.expiresAt).toBe(payload.exp! * 1000);
	});

	test.each([
		['ES256', 64],
		['ES384', 96],
		['ES512', 132],
	] as const)('%s signatures are JOSE r||s (%i bytes), not DER', (alg, length) => {
		const signature = signJwt(options(alg)).token.split('.')[2];
		expect(Buffer.from(signature, 'base64url')).toHaveLength(length);
	});

	test('PS256 uses a salt as long as the hash (RFC 7518 §3.5)', () => {
		const { token } = signJwt(options('PS256'));
		const [header, payload, signature] = token.split('.');
		const strict = {
			key: keyPair('rsa').publicKey,
			padding: constants.RSA_PKCS1_PSS_PADDING,
			saltLength: 32,
		};
		expect(
			verify(
				'sha256',
				Buffer.from(`${header}.${payload}`),
				strict,
				Buffer.from(signature, 'base64url'),
			),
		).toBe(true);
	});

	test('EdDSA accepts an Ed448 key (verified with node:crypto: jose 6 has no Ed448)', () => {
		const { privateKey, publicKey } = keyPair('ed448');
		const { token } = signJwt(options('EdDSA', { privateKey: pkcs8Pem(privateKey) }));
		const [header, payload, signature] = token.split('.');
		const input = Buffer.from(`${header}.${payload}`);
		expect(verify(null, input, publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
	});

	test('PS256 signs with an RSA-PSS key (id-RSASSA-PSS) bound to SHA-256', () => {
		const { privateKey, publicKey } = generateKeyPairSync('rsa-pss', {
			modulusLength: 2048,
			hashAlgorithm: 'sha256',
			mgf1HashAlgorithm: 'sha256',
		});
		const { token } = signJwt(options('PS256', { privateKey: pkcs8Pem(privateKey) }));
		const [header, payload, signature] = token.split('.');
		const key = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
		const input = Buffer.from(`${header}.${payload}`);
		expect(verify('sha256', input, key, Buffer.from(signature, 'base64url'))).toBe(true);
	});

	test('without keyId and audience the header has no kid and the payload no aud', async () => {
		const { token } = signJwt(options('RS256', { keyId: undefined, audience: '  ' }));
		const key = await jose.importJWK(keyPair('rsa').publicKey.export({ format: 'jwk' }), 'RS256');
		const { payload, protectedHeader } = await jose.jwtVerify(token, key, {
			issuer: ISSUER,
			currentDate: new Date(NOW),
		});
		expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT' });
		expect(payload).not.toHaveProperty('aud');
	});

	test('a private JWK signs as well as a PEM', async () => {
		const { privateKey, publicKey } = keyPair('P-256');
		const signed = signJwt(options('ES256', { privateKey: privateJwkJson(privateKey) }));
		await expect(
			verifyWithJwks(signed.token, publicKey, 'ES256', 'kid-ES256'),
		).resolves.toBeTruthy();
	});

	test('each token gets its own jti', () => {
		const first = decodeJwt(signJwt(options('EdDSA')).token).payload.jti;
		const second = decodeJwt(signJwt(options('EdDSA')).token).payload.jti;
		expect(first).not.toBe(second);
	});

	test('issuer and audience are trimmed; claim values are sent exactly as given', () => {
		const claims = { 'x-user-identifier': ' padded ' };
		const { payload } = decodeJwt(
			signJwt(options('EdDSA', { issuer: ` ${ISSUER}\n`, audience: ` ${AUDIENCE} `, claims }))
				.token,
		);
		expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, 'x-user-identifier': ' padded ' });
	});

	test('the maximum lifetime of 24 hours is accepted', () => {
		const signed = signJwt(options('EdDSA', { lifetimeSeconds: 86_400 }));
		expect(signed.expiresAt - signed.issuedAt).toBe(86_400_000);
	});
});

describe('signJwt: refused configuration', () => {
	test.each(['', '   '])('an empty issuer (%j)', (issuer) => {
		expectRefusal(() => signJwt(options('EdDSA', { issuer })), /issuer \(iss\) must not be empty/);
	});

	test.each([0, -5, 86_401, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
		'lifetime %p',
		(lifetime) => {
			expectRefusal(
				() => signJwt(options('EdDSA', { lifetimeSeconds: lifetime })),
				/lifetime must be a whole number of seconds between 1 and 86400/,
			);
		},
	);

	test.each(['HS256', 'hs512'])('HMAC algorithm %s, with the reason', (alg) => {
		expectRefusal(
			() => signJwt(options('EdDSA', { algorithm: alg as JwtAlgorithm })),
			/HMAC algorithms .* not supported: Gini checks tokens with the public keys/,
		);
	});

	test.each(['none', 'ES256K', ''])('unknown algorithm %j, listing the supported ones', (alg) => {
		expectRefusal(
			() => signJwt(options('EdDSA', { algorithm: alg as JwtAlgorithm })),
			new RegExp(`Unsupported JWT algorithm.*${JWT_ALGORITHMS.join(', ')}`),
		);
	});

	test.each(['iss', 'exp', 'iat', 'nbf', 'jti', 'aud'])('a custom claim overriding %s', (name) => {
		expectRefusal(
			() => signJwt(options('EdDSA', { claims: { ...CLAIMS, [name]: 'x' } })),
			new RegExp(`claim "${name}" is set by the signer itself`),
		);
	});

	test('a non-string claim value is named by claim, never by value', () => {
		const claims = { ...CLAIMS, 'x-client-secret': { nested: CLIENT_SECRET } } as never;
		expectRefusal(
			() => signJwt(options('EdDSA', { claims })),
			/value of the claim "x-client-secret" must be a string/,
			[CLIENT_SECRET],
		);
	});

	test('an empty claim name', () => {
		expectRefusal(
			() => signJwt(options('EdDSA', { claims: { '': 'v' } })),
			/claim name must not be empty/,
		);
	});

	test('a signing time that is not a number', () => {
		expectRefusal(() => signJwt(options('EdDSA', { now: Number.NaN })), /signing time/);
	});

	test('a key that does not suit the algorithm, without echoing key or secret', () => {
		const privateKey = pkcs8Pem(keyPair('P-256').privateKey);
		expectRefusal(
			() => signJwt(options('RS256', { privateKey })),
			/RS256 needs an RSA private key .* but the key is an EC key on curve P-256/,
			[privateKey, CLIENT_SECRET],
		);
	});
});

describe('decodeJwt and jwtExpiresAt', () => {
	const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const MARKER = 'do-not-echo-this-token-content';

	test('decode the header and payload of a signed token, without verifying', () => {
		const signed = signJwt(options('ES384'));
		const decoded = decodeJwt(`  ${signed.token}\n`);
		expect(decoded.header).toEqual({ alg: 'ES384', typ: 'JWT', kid: 'kid-ES384' });
		expect(decoded.payload).toMatchObject({ iss: ISSUER, ...CLAIMS });
		expect(jwtExpiresAt(signed.token)).toBe(signed.expiresAt);
	});

	test('jwtExpiresAt reads a foreign token without exp as undefined', () => {
		const token = `${segment({ alg: 'none' })}.${segment({ iss: ISSUER })}.`;
		expect(jwtExpiresAt(token)).toBeUndefined();
	});

	test('jwtExpiresAt ignores a non-numeric exp', () => {
		const token = `${segment({ alg: 'none' })}.${segment({ exp: '1700000000' })}.`;
		expect(jwtExpiresAt(token)).toBeUndefined();
	});

	test('jwtExpiresAt converts exp seconds to milliseconds', () => {
		const token = `${segment({ alg: 'none' })}.${segment({ exp: 1_700_000_000 })}.sig`;
		expect(jwtExpiresAt(token)).toBe(1_700_000_000_000);
	});

	const header = segment({ alg: 'RS256' });
	const payload = segment({ secret: MARKER });
	test.each([
		['a plain string', MARKER, /expected three dot-separated parts/],
		['two parts', `${header}.${payload}`, /expected three dot-separated parts/],
		['a JWE (five parts)', `${header}.${payload}.a.b.c`, /encrypted JWT \(JWE\)/],
		['an empty header', `.${payload}.sig`, /header is not base64url/],
		['a header that is not base64url', `${header}!.${payload}.sig`, /header is not base64url/],
		[
			'a header that is not JSON',
			`${segment('x').slice(1)}.${payload}.sig`,
			/header is not a JSON/,
		],
		[
			'a payload that is a JSON array',
			`${header}.${segment([MARKER])}.sig`,
			/payload is not a JSON/,
		],
		[
			'a payload that is broken JSON',
			`${header}.${Buffer.from(`{"secret":"${MARKER}"`).toString('base64url')}.sig`,
			/payload is not a JSON/,
		],
		['a signature with padding', `${header}.${payload}.c2ln=`, /signature is not base64url/],
	])('refuses %s without echoing the token', (_name, token, pattern) => {
		expectRefusal(() => decodeJwt(token), pattern, [token, MARKER]);
		expectRefusal(() => jwtExpiresAt(token), pattern, [token, MARKER]);
	});

	test('refuses a value that is not a string', () => {
		expectRefusal(() => decodeJwt(42 as never), /must be a string/);
	});
});
