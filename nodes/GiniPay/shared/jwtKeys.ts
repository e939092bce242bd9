import { createHash, createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';

import { memoize } from './memo';

// Gini's docs only demonstrate RS256 with a `kid` (docs/gini-api.md §2.2, §7); the accepted list is
// undocumented, so every asymmetric JWS algorithm a JWKS can describe is offered.
export const JWT_ALGORITHMS = [
	'RS256',
	'RS384',
	'RS512',
	'PS256',
	'PS384',
	'PS512',
	'ES256',
	'ES384',
	'ES512',
	'EdDSA',
] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** Its message is safe to show: it never contains key material or secret claim values. */
export class JwtConfigurationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JwtConfigurationError';
	}
}

export const MIN_RSA_MODULUS_BITS = 2048;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----([\s\S]*?)-----END \1-----/g;
const PRIVATE_PEM_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
const EC_CURVE_OF = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' } as const;
const CURVE_NAME: Record<string, string> = {
	prime256v1: 'P-256',
	secp384r1: 'P-384',
	secp521r1: 'P-521',
};
const SUPPORTED_FORMATS =
	'a PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY) ' +
	'or a private JWK as JSON';

interface PemBlock {
	label: string;
	body: string;
}

type KeyAttempt = { key: KeyObject; failure?: undefined } | { key?: undefined; failure: string };

/**
 * How many signing keys parsePrivateKey and keyFingerprint remember. A node signs with the key of its credential on
 * every request (docs/gini-api.md §7); parsing and hashing it each time cost about a third of an upload's CPU.
 */
export const REMEMBERED_KEYS = 8;

/** The key as Node's crypto holds it; the same KeyObject for the same text while it is among the last few used. */
export const parsePrivateKey = memoize((material: string): KeyObject => {
	const text = normaliseKeyText(material);
	if (!text) throw new JwtConfigurationError('The private key is empty.');
	return text.startsWith('{') ? parseJwk(text) : parsePem(text);
}, REMEMBERED_KEYS);

export function assertKeySuitsAlgorithm(key: KeyObject, algorithm: JwtAlgorithm): void {
	requireAlgorithm(algorithm);
	if (key.type !== 'private') {
		throw new JwtConfigurationError(
			`Signing needs a private key, but a ${key.type} key was given.`,
		);
	}
	const type = key.asymmetricKeyType;
	const details = key.asymmetricKeyDetails ?? {};
	const family = algorithm.slice(0, 2);
	let suits: boolean;
	if (family === 'RS') suits = type === 'rsa';
	else if (family === 'PS') suits = type === 'rsa' || type === 'rsa-pss';
	else if (family === 'ES') {
		suits =
			type === 'ec' && details.namedCurve === EC_CURVE_OF[algorithm as keyof typeof EC_CURVE_OF];
	} else suits = type === 'ed25519' || type === 'ed448';
	if (!suits) {
		throw new JwtConfigurationError(
			`Algorithm ${algorithm} needs ${expectedKey(algorithm)}, but the key is ${describeKey(key)}.`,
		);
	}
	if ((family === 'RS' || family === 'PS') && (details.modulusLength ?? 0) < MIN_RSA_MODULUS_BITS) {
		throw new JwtConfigurationError(
			`Algorithm ${algorithm} needs an RSA key of at least ${MIN_RSA_MODULUS_BITS} bits, ` +
				`but the key has ${details.modulusLength ?? 0} bits.`,
		);
	}
	// An RSA-PSS key may be bound to one hash in its parameters; OpenSSL refuses any other.
	const hash = hashOf(algorithm);
	if (type === 'rsa-pss' && details.hashAlgorithm && details.hashAlgorithm !== hash) {
		throw new JwtConfigurationError(
			`The RSA-PSS key is restricted to ${details.hashAlgorithm}, which does not match ${algorithm}.`,
		);
	}
}

/** SHA-256 hex of the normalised key text: a stable cache-key part that never reveals the key. */
export const keyFingerprint = memoize(
	(material: string): string =>
		createHash('sha256').update(canonicalKeyText(material)).digest('hex'),
	REMEMBERED_KEYS,
);

export function requireAlgorithm(algorithm: unknown): JwtAlgorithm {
	if ((JWT_ALGORITHMS as readonly unknown[]).includes(algorithm)) return algorithm as JwtAlgorithm;
	const supported = JWT_ALGORITHMS.join(', ');
	if (typeof algorithm === 'string' && /^HS\d{3}$/i.test(algorithm)) {
		throw new JwtConfigurationError(
			`HMAC algorithms such as ${algorithm.toUpperCase()} are not supported: Gini checks ` +
				`tokens with the public keys you gave it (your JWKS). Use one of ${supported}.`,
		);
	}
	const shown =
		typeof algorithm === 'string' && /^[A-Za-z0-9]{1,16}$/.test(algorithm) ? ` "${algorithm}"` : '';
	throw new JwtConfigurationError(`Unsupported JWT algorithm${shown}. Use one of ${supported}.`);
}

/** The digest an algorithm signs with; EdDSA hashes internally, so none. */
export function hashOf(algorithm: JwtAlgorithm): string | null {
	return algorithm === 'EdDSA' ? null : `sha${algorithm.slice(2)}`;
}

// JSON.parse's own messages quote the input, which may be a secret: callers get `undefined`.
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	return isObject(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Keys arrive through one-line credential fields: browsers drop the newlines of a pasted PEM,
// .env files and JSON strings carry literal "\n" escapes, Windows editors add CRLF, and some
// users keep the surrounding quotes. The PEM body is re-wrapped later, so only the escapes
// (whose "n" would otherwise be read as base64) and the quotes need removing here.
function normaliseKeyText(material: unknown): string {
	let text = typeof material === 'string' ? material.trim() : '';
	const quote = text[0];
	if ((quote === '"' || quote === "'") && text.length > 1 && text.endsWith(quote)) {
		text = text.slice(1, -1).trim();
	}
	if (text.startsWith('{')) return text;
	return text.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
}

function findPemBlocks(text: string): PemBlock[] {
	return [...text.matchAll(PEM_BLOCK)].map((match) => ({ label: match[1], body: match[2] }));
}

function canonicalPem(block: PemBlock): string | undefined {
	const body = block.body.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
	const lines = body.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${block.label}-----\n${lines.join('\n')}\n-----END ${block.label}-----\n`;
}

function canonicalKeyText(material: string): string {
	const text = normaliseKeyText(material);
	if (text.startsWith('{')) {
		const jwk = parseJsonObject(text);
		return jwk ? JSON.stringify(jwk) : text;
	}
	const block = findPemBlocks(text).find((candidate) => PRIVATE_PEM_LABELS.has(candidate.label));
	return (block && canonicalPem(block)) ?? text;
}

function parsePem(text: string): KeyObject {
	const blocks = findPemBlocks(text);
	const encrypted = blocks.some(
		(block) =>
			block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,\s*ENCRYPTED/i.test(block.body),
	);
	if (encrypted) throw encryptedKeyError();
	// `openssl ecparam -genkey` puts an EC PARAMETERS block before the key: skip such blocks.
	const block = blocks.find((candidate) => PRIVATE_PEM_LABELS.has(candidate.label));
	if (!block) throw new JwtConfigurationError(explainMissingPrivateKey(text, blocks));
	const pem = canonicalPem(block);
	if (!pem) {
		throw new JwtConfigurationError(
			`The ${block.label} PEM is malformed: its body is not valid base64.`,
		);
	}
	return createKey(pem, `The ${block.label} PEM`);
}

function parseJwk(text: string): KeyObject {
	const parsed = parseJsonObject(text);
	if (!parsed) {
		throw new JwtConfigurationError('The private key looks like JSON but is not a JWK object.');
	}
	let jwk: unknown = parsed;
	if (Array.isArray(parsed.keys)) {
		if (parsed.keys.length !== 1) {
			throw new JwtConfigurationError(
				`The JWKS holds ${parsed.keys.length} keys; paste the one private key to sign with.`,
			);
		}
		jwk = parsed.keys[0];
	}
	if (!isObject(jwk)) throw new JwtConfigurationError('The JWK is not a JSON object.');
	if (jwk.kty === 'oct') {
		throw new JwtConfigurationError(
			'The JWK is a symmetric (oct) key; HMAC signing is not supported. ' +
				'Use an RSA, EC or OKP (Ed25519) private key.',
		);
	}
	if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') {
		throw new JwtConfigurationError('The JWK has no supported "kty": expected RSA, EC or OKP.');
	}
	if (typeof jwk.d !== 'string') {
		throw new JwtConfigurationError(
			'The JWK is a public key (it has no "d" member). Paste the private JWK; ' +
				'Gini has the public key from your JWKS.',
		);
	}
	return createKey({ key: jwk as JsonWebKey, format: 'jwk' }, 'The private JWK');
}

function createKey(input: string | { key: JsonWebKey; format: 'jwk' }, what: string): KeyObject {
	const attempt = tryCreatePrivateKey(input);
	if (attempt.key) return attempt.key;
	if (attempt.failure === 'ERR_MISSING_PASSPHRASE') throw encryptedKeyError();
	// Only the error code is passed on: OpenSSL's text is not needed and is never key material,
	// but the code is all a user can act on.
	throw new JwtConfigurationError(
		`${what} could not be read (${attempt.failure}). Check that the whole key was pasted.`,
	);
}

function tryCreatePrivateKey(input: string | { key: JsonWebKey; format: 'jwk' }): KeyAttempt {
	try {
		return { key: createPrivateKey(input) };
	} catch (error) {
		const code: unknown = error?.code;
		return {
			failure: typeof code === 'string' && /^[A-Z0-9_]{1,60}$/.test(code) ? code : 'invalid key',
		};
	}
}

function encryptedKeyError(): JwtConfigurationError {
	return new JwtConfigurationError(
		'The private key is encrypted; passphrase-protected keys are not supported. Export it ' +
			'unencrypted, e.g. `openssl pkey -in key.pem -out key-plain.pem`.',
	);
}

function explainMissingPrivateKey(text: string, blocks: PemBlock[]): string {
	const labels = blocks.map((block) => block.label);
	if (labels.includes('OPENSSH PRIVATE KEY')) {
		return (
			'OpenSSH-format private keys are not supported. Convert the key to PKCS#8 PEM, ' +
			'e.g. `ssh-keygen -p -m PKCS8 -f <key file>`.'
		);
	}
	if (labels.some((label) => label.includes('PUBLIC KEY') || label.includes('CERTIFICATE'))) {
		return (
			'This is a public key or certificate, not a private key. Paste the private key; ' +
			'Gini has the public key from your JWKS.'
		);
	}
	if (labels.length > 0) {
		return `The PEM type "${labels[0]}" is not supported: expected ${SUPPORTED_FORMATS}.`;
	}
	if (text.includes('-----BEGIN')) {
		return 'The PEM key is incomplete: its END line is missing or does not match the BEGIN line.';
	}
	return `The private key is not recognised: expected ${SUPPORTED_FORMATS}.`;
}

function expectedKey(algorithm: JwtAlgorithm): string {
	if (algorithm === 'EdDSA') return 'an Ed25519 (or Ed448) private key';
	if (algorithm.startsWith('ES')) {
		const curve = EC_CURVE_OF[algorithm as keyof typeof EC_CURVE_OF];
		return `an EC private key on curve ${CURVE_NAME[curve]}`;
	}
	return `an RSA private key of at least ${MIN_RSA_MODULUS_BITS} bits`;
}

function describeKey(key: KeyObject): string {
	const details = key.asymmetricKeyDetails ?? {};
	switch (key.asymmetricKeyType) {
		case 'rsa':
			return `an RSA key (${details.modulusLength} bits)`;
		case 'rsa-pss':
			return `an RSA-PSS key (${details.modulusLength} bits)`;
		case 'ec': {
			const curve = details.namedCurve ?? 'unknown';
			return `an EC key on curve ${CURVE_NAME[curve] ?? curve}`;
		}
		case 'ed25519':
			return 'an Ed25519 key';
		case 'ed448':
			return 'an Ed448 key';
		case undefined:
			return 'a symmetric key';
		default:
			return `a ${key.asymmetricKeyType} key`;
	}
}
