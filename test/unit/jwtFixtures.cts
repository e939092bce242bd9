// Key pairs and refusal checks shared by the JWT signer's unit tests.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import { JwtConfigurationError, type JwtAlgorithm } from '../../nodes/GiniPay/shared/jwt';

export interface KeyPair {
	privateKey: KeyObject;
	publicKey: KeyObject;
}

const pairs = new Map<string, KeyPair>();

/** One key pair per kind and test file: RSA generation is slow enough to be worth reusing. */
export function keyPair(
	kind: 'rsa' | 'rsa1024' | 'P-256' | 'P-384' | 'P-521' | 'ed25519' | 'ed448' | 'x25519',
): KeyPair {
	let pair = pairs.get(kind);
	if (!pair) {
		if (kind === 'rsa' || kind === 'rsa1024') {
			pair = generateKeyPairSync('rsa', { modulusLength: kind === 'rsa' ? 2048 : 1024 });
		} else if (kind.startsWith('P-')) {
			pair = generateKeyPairSync('ec', { namedCurve: kind });
		} else {
			pair = generateKeyPairSync(kind as 'ed25519');
		}
		pairs.set(kind, pair);
	}
	return pair;
}

export function keyPairFor(algorithm: JwtAlgorithm): KeyPair {
	if (algorithm === 'EdDSA') return keyPair('ed25519');
	if (algorithm === 'ES256') return keyPair('P-256');
	if (algorithm === 'ES384') return keyPair('P-384');
	if (algorithm === 'ES512') return keyPair('P-521');
	return keyPair('rsa');
}

export function pkcs8Pem(key: KeyObject): string {
	return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

export function privateJwkJson(key: KeyObject): string {
	return JSON.stringify(key.export({ format: 'jwk' }));
}

/**
 * Overlapping 16-character pieces of every base64/base64url run in the material: a message that
 * contains none of them has not echoed the key, not even partly.
 */
export function secretFragments(material: string): string[] {
	const fragments: string[] = [];
	for (const run of material.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
		for (let start = 0; start + 16 <= run.length; start += 8) {
			fragments.push(run.slice(start, start + 16));
		}
	}
	return fragments;
}

/** `action` must throw a JwtConfigurationError matching `pattern` that echoes no `secrets`. */
export function expectRefusal(
	action: () => unknown,
	pattern: RegExp,
	secrets: string[] = [],
): void {
	let caught: unknown;
	try {
		action();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(JwtConfigurationError);
	const message = (caught as Error).message;
	expect(message).toMatch(pattern);
	const leaked = secretFragments(secrets.join('\n')).filter((fragment) =>
		message.includes(fragment),
	);
	expect(leaked).toEqual([]);
}
