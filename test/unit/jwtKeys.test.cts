import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

import {
	JWT_ALGORITHMS,
	assertKeySuitsAlgorithm,
	keyFingerprint,
	parsePrivateKey,
	signJwt,
	type JwtAlgorithm,
} from '../../nodes/GiniPay/shared/jwt';
import { loadJose } from '../emulator/jose.cts';
import { expectRefusal, keyPair, pkcs8Pem, privateJwkJson } from './jwtFixtures.cts';

const jose = loadJose();

const rsa = () => keyPair('rsa').privateKey;
const p256 = () => keyPair('P-256').privateKey;
const pem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1') =>
	key.export({ type, format: 'pem' }) as string;

const armour = (label: string, text: string) =>
	`-----BEGIN ${label}-----\n${text}\n-----END ${label}-----\n`;

// Every way a key reaches the node: the formats of the contract, and how pasting into a one-line
// credential field mangles them.
const FORMATS: Array<[string, JwtAlgorithm, () => KeyObject, () => string]> = [
	['PKCS#8 RSA', 'RS256', rsa, () => pem(rsa(), 'pkcs8')],
	['PKCS#1 RSA', 'PS384', rsa, () => pem(rsa(), 'pkcs1')],
	['SEC1 EC', 'ES256', p256, () => pem(p256(), 'sec1')],
	['PKCS#8 EC', 'ES256', p256, () => pem(p256(), 'pkcs8')],
	[
		'PKCS#8 Ed25519',
		'EdDSA',
		() => keyPair('ed25519').privateKey,
		() => pkcs8Pem(keyPair('ed25519').privateKey),
	],
	['RSA JWK JSON', 'RS512', rsa, () => privateJwkJson(rsa())],
	[
		'EC JWK JSON',
		'ES512',
		() => keyPair('P-521').privateKey,
		() => privateJwkJson(keyPair('P-521').privateKey),
	],
	[
		'OKP JWK JSON',
		'EdDSA',
		() => keyPair('ed25519').privateKey,
		() => privateJwkJson(keyPair('ed25519').privateKey),
	],
	['JWK set with one key', 'ES256', p256, () => `{"keys":[${privateJwkJson(p256())}]}`],
	['one line with literal \\n', 'RS256', rsa, () => pem(rsa(), 'pkcs1').replace(/\n/g, '\\n')],
	['CRLF line ends', 'ES256', p256, () => pem(p256(), 'sec1').replace(/\n/g, '\r\n')],
	[
		'newlines dropped by an input field',
		'RS256',
		rsa,
		() => pem(rsa(), 'pkcs8').replace(/\n/g, ''),
	],
	['newlines turned into spaces', 'ES256', p256, () => pem(p256(), 'pkcs8').replace(/\n/g, ' ')],
	['surrounding whitespace and quotes', 'RS256', rsa, () => `\n  "${pem(rsa(), 'pkcs8')}"  \n`],
	[
		'escaped CRLF from a JSON string',
		'ES256',
		p256,
		() => pem(p256(), 'sec1').replace(/\n/g, '\\r\\n'),
	],
	[
		'EC PARAMETERS block before the key (openssl ecparam -genkey)',
		'ES256',
		p256,
		() => `${armour('EC PARAMETERS', 'BggqhkjOPQMBBw==')}${pem(p256(), 'sec1')}`,
	],
];

describe('parsePrivateKey accepts', () => {
	test.each(FORMATS)(
		'%s, and the key signs a token jose verifies',
		async (_name, alg, key, material) => {
			const parsed = parsePrivateKey(material());
			expect(parsed.equals(key())).toBe(true);

			const { token } = signJwt({
				privateKey: material(),
				algorithm: alg,
				issuer: 'iss',
				lifetimeSeconds: 60,
				claims: { 'x-client-id': 'cid' },
			});
			const publicJwk = createPublicKey(key()).export({ format: 'jwk' });
			const { payload } = await jose.jwtVerify(token, await jose.importJWK(publicJwk, alg), {
				issuer: 'iss',
			});
			expect(payload['x-client-id']).toBe('cid');
		},
	);
});

describe('parsePrivateKey refuses, and never echoes the key', () => {
	const body = (material: string) => material.split('\n').slice(1, -2).join('\n');
	const encrypted = (type: 'pkcs8' | 'pkcs1' | 'sec1', key: KeyObject) =>
		key.export({ type, format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass phrase' }) as string;
	const publicJwk = () => JSON.stringify(keyPair('rsa').publicKey.export({ format: 'jwk' }));
	const privateJwk = () => privateJwkJson(rsa());

	test.each<[string, () => string, RegExp]>([
		[
			'encrypted PKCS#8',
			() => encrypted('pkcs8', rsa()),
			/passphrase-protected keys are not supported/,
		],
		[
			'encrypted PKCS#1',
			() => encrypted('pkcs1', rsa()),
			/passphrase-protected keys are not supported/,
		],
		[
			'encrypted SEC1',
			() => encrypted('sec1', p256()),
			/passphrase-protected keys are not supported/,
		],
		[
			'an SPKI public key',
			() => pkcs8Pem(rsa()).replace(/PRIVATE/g, 'PUBLIC'),
			/public key or certificate, not a private key/,
		],
		[
			'a PKCS#1 public key',
			() => keyPair('rsa').publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
			/public key or certificate, not a private key/,
		],
		[
			'a certificate',
			() => armour('CERTIFICATE', body(pkcs8Pem(rsa()))),
			/public key or certificate, not a private key/,
		],
		['a public JWK', publicJwk, /JWK is a public key \(it has no "d" member\)/],
		[
			'an OpenSSH key',
			() => pkcs8Pem(rsa()).replace(/PRIVATE KEY/g, 'OPENSSH PRIVATE KEY'),
			/OpenSSH-format private keys are not supported.*ssh-keygen -p -m PKCS8/,
		],
		[
			'a DSA key',
			() => pkcs8Pem(rsa()).replace(/PRIVATE KEY/g, 'DSA PRIVATE KEY'),
			/PEM type "DSA PRIVATE KEY" is not supported/,
		],
		[
			'a PEM cut off before its END line',
			() => pkcs8Pem(rsa()).slice(0, 500),
			/END line is missing/,
		],
		[
			'a PEM body that is not base64',
			() => pkcs8Pem(rsa()).replace(/a/g, '!'),
			/PRIVATE KEY PEM is malformed/,
		],
		[
			'a PEM body that is base64 but not a key',
			() => armour('PRIVATE KEY', randomBytes(600).toString('base64')),
			/PRIVATE KEY PEM could not be read \(ERR_[A-Z0-9_]+\)/,
		],
		[
			'a JWK cut off mid-way',
			() => privateJwk().slice(0, 400),
			/looks like JSON but is not a JWK object/,
		],
		[
			'a JWK without its modulus',
			() => privateJwk().replace(/"n":"[^"]*",?/, ''),
			/private JWK could not be read/,
		],
		[
			'a symmetric JWK',
			() => JSON.stringify({ kty: 'oct', k: randomBytes(32).toString('base64url') }),
			/symmetric \(oct\) key; HMAC signing is not supported/,
		],
		[
			'a JWK without kty',
			() => privateJwk().replace('"kty":"RSA"', '"kty":"RSA-OAEP"'),
			/no supported "kty"/,
		],
		[
			'a JWK set with two keys',
			() => `{"keys":[${privateJwk()},${privateJwk()}]}`,
			/JWKS holds 2 keys/,
		],
		['a JSON array', () => `[${privateJwk()}]`, /not recognised/],
		[
			'plain text',
			() => 'my-private-key-is-in-the-vault-0123456789',
			/not recognised: expected a PEM private key/,
		],
		['an empty string', () => '', /private key is empty/],
		['only whitespace and quotes', () => ' "" ', /private key is empty/],
	])('%s', (_name, material, pattern) => {
		const text = material();
		expectRefusal(() => parsePrivateKey(text), pattern, [text]);
	});
});

describe('assertKeySuitsAlgorithm', () => {
	test.each<[JwtAlgorithm, string, RegExp]>([
		[
			'RS256',
			'P-256',
			/RS256 needs an RSA private key of at least 2048 bits, but the key is an EC key on curve P-256/,
		],
		['PS512', 'ed25519', /PS512 needs an RSA private key .* but the key is an Ed25519 key/],
		[
			'ES256',
			'rsa',
			/ES256 needs an EC private key on curve P-256, but the key is an RSA key \(2048 bits\)/,
		],
		[
			'ES256',
			'P-384',
			/ES256 needs an EC private key on curve P-256, but the key is an EC key on curve P-384/,
		],
		['ES384', 'P-521', /curve P-384, but the key is an EC key on curve P-521/],
		['ES512', 'P-256', /curve P-521, but the key is an EC key on curve P-256/],
		['EdDSA', 'rsa', /EdDSA needs an Ed25519 \(or Ed448\) private key, but the key is an RSA key/],
		['EdDSA', 'x25519', /EdDSA needs an Ed25519 .* but the key is a x25519 key/],
	])('%s refuses a %s key, naming expected and actual key types', (alg, kind, pattern) => {
		const key = keyPair(kind as 'rsa').privateKey;
		expectRefusal(() => assertKeySuitsAlgorithm(key, alg), pattern, [pkcs8Pem(key)]);
	});

	test.each(['RS256', 'PS256'] as const)('%s refuses an RSA key of 1024 bits', (alg) => {
		const key = keyPair('rsa1024').privateKey;
		expectRefusal(
			() => assertKeySuitsAlgorithm(key, alg),
			/at least 2048 bits, but the key has 1024 bits/,
			[pkcs8Pem(key)],
		);
	});

	test('refuses a public key object', () => {
		const key = keyPair('rsa').publicKey;
		expectRefusal(
			() => assertKeySuitsAlgorithm(key, 'RS256'),
			/needs a private key, but a public key/,
		);
	});

	test('RS256 refuses an RSA-PSS key, PS384 one bound to SHA-256', () => {
		const { privateKey } = generateKeyPairSync('rsa-pss', {
			modulusLength: 2048,
			hashAlgorithm: 'sha256',
		});
		expectRefusal(
			() => assertKeySuitsAlgorithm(privateKey, 'RS256'),
			/but the key is an RSA-PSS key/,
		);
		expectRefusal(() => assertKeySuitsAlgorithm(privateKey, 'PS384'), /restricted to sha256/);
	});

	test('refuses an algorithm outside the list', () => {
		expectRefusal(
			() => assertKeySuitsAlgorithm(rsa(), 'RS1' as JwtAlgorithm),
			/Unsupported JWT algorithm "RS1"/,
		);
	});

	test.each(JWT_ALGORITHMS)('%s accepts its own key type', (alg) => {
		const kind = {
			RS: 'rsa',
			PS: 'rsa',
			ES: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg as 'ES256'],
			Ed: 'ed25519',
		}[alg.slice(0, 2)];
		expect(() => assertKeySuitsAlgorithm(keyPair(kind as 'rsa').privateKey, alg)).not.toThrow();
	});
});

describe('keyFingerprint', () => {
	test('is a SHA-256 hex digest that does not contain the key', () => {
		const material = pkcs8Pem(rsa());
		const fingerprint = keyFingerprint(material);
		expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
		expect(material).not.toContain(fingerprint.slice(0, 16));
	});

	test('is the same however the same PEM was pasted', () => {
		const material = pem(p256(), 'sec1');
		const fingerprints = new Set(
			[
				material,
				material.replace(/\n/g, '\r\n'),
				material.replace(/\n/g, '\\n'),
				material.replace(/\n/g, ''),
				` '${material}' `,
			].map(keyFingerprint),
		);
		expect(fingerprints.size).toBe(1);
	});

	test('ignores whitespace in a JWK', () => {
		const jwk = rsa().export({ format: 'jwk' });
		expect(keyFingerprint(JSON.stringify(jwk, null, 2))).toBe(keyFingerprint(JSON.stringify(jwk)));
	});

	test('differs between keys', () => {
		expect(keyFingerprint(pkcs8Pem(rsa()))).not.toBe(keyFingerprint(pkcs8Pem(p256())));
		expect(keyFingerprint(pkcs8Pem(rsa()))).not.toBe(keyFingerprint(pem(rsa(), 'pkcs1')));
	});

	test('does not throw on material that is not a key', () => {
		expect(keyFingerprint('not a key')).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('parsePrivateKey and keyFingerprint remember the last keys', () => {
	it('parse the same key text once, and each of several keys once while they are in use', () => {
		const crypto = require('node:crypto') as typeof import('node:crypto');
		const spy = jest.spyOn(crypto, 'createPrivateKey');
		try {
			(parsePrivateKey as { clear?: () => void }).clear?.();
			const texts = [pkcs8Pem(keyPair('rsa').privateKey), pkcs8Pem(keyPair('P-256').privateKey)];
			const first = texts.map((text) => parsePrivateKey(text));
			for (let round = 0; round < 5; round++) {
				texts.forEach((text, index) => expect(parsePrivateKey(text)).toBe(first[index]));
			}
			expect(spy).toHaveBeenCalledTimes(2);
		} finally {
			spy.mockRestore();
		}
	});

	it('give the fingerprint of the key, not of the last one asked', () => {
		const a = pkcs8Pem(keyPair('rsa').privateKey);
		const b = pkcs8Pem(keyPair('P-384').privateKey);
		expect(keyFingerprint(a)).toBe(keyFingerprint(a.replace(/\n/g, '\r\n')));
		expect(keyFingerprint(a)).not.toBe(keyFingerprint(b));
		expect(keyFingerprint(b)).toBe(keyFingerprint(b));
	});
});
