import { constants, randomUUID, sign, type KeyObject } from 'node:crypto';

import {
	JwtConfigurationError,
	assertKeySuitsAlgorithm,
	hashOf,
	parseJsonObject,
	parsePrivateKey,
	requireAlgorithm,
	type JwtAlgorithm,
} from './jwtKeys';

export {
	JWT_ALGORITHMS,
	JwtConfigurationError,
	assertKeySuitsAlgorithm,
	keyFingerprint,
	parsePrivateKey,
	type JwtAlgorithm,
} from './jwtKeys';

export interface JwtSigningOptions {
	/** PEM (PKCS#8, PKCS#1, SEC1) or a private JWK as JSON text. */
	privateKey: string;
	algorithm: JwtAlgorithm;
	/** Header `kid`: lets Gini pick the right key from the customer's JWKS (docs/gini-api.md §7). */
	keyId?: string;
	issuer: string;
	/** Set as `aud` only when non-empty. */
	audience?: string;
	lifetimeSeconds: number;
	/** e.g. `{ 'x-user-identifier': 'u1', 'x-client-id': 'cid', 'x-client-secret': '…' }` */
	claims: Record<string, string>;
	/** Milliseconds since the epoch; defaults to the current time. */
	now?: number;
}

/** `issuedAt`/`expiresAt`: the token's `iat`/`exp` in milliseconds since the epoch. */
export interface SignedJwt {
	token: string;
	issuedAt: number;
	expiresAt: number;
}

export const MAX_JWT_LIFETIME_SECONDS = 24 * 60 * 60;

// Claims this module sets itself; letting the caller's claim map override them would make the
// token's lifetime or issuer disagree with what the token cache believes.
const REGISTERED_CLAIMS = new Set(['iss', 'iat', 'nbf', 'exp', 'jti', 'aud']);

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function signJwt(options: JwtSigningOptions): SignedJwt {
	const algorithm = requireAlgorithm(options.algorithm);
	const issuer = requireText(options.issuer, 'The JWT issuer (iss) must not be empty.');
	const lifetime = requireLifetime(options.lifetimeSeconds);
	const claims = requireClaims(options.claims);
	const now = options.now ?? Date.now();
	if (!Number.isFinite(now))
		throw new JwtConfigurationError('The signing time must be a finite number.');

	const key = parsePrivateKey(options.privateKey);
	assertKeySuitsAlgorithm(key, algorithm);

	const iat = Math.floor(now / 1000);
	const exp = iat + lifetime;
	const keyId = options.keyId?.trim();
	const audience = options.audience?.trim();

	const header: Record<string, unknown> = { alg: algorithm, typ: 'JWT' };
	if (keyId) header.kid = keyId;
	// No `nbf`: it is optional, and a Gini clock slightly behind ours would reject a fresh token.
	const payload: Record<string, unknown> = { iss: issuer, iat, exp, jti: randomUUID() };
	if (audience) payload.aud = audience;
	Object.assign(payload, claims);

	const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
	const signature = signBytes(algorithm, key, Buffer.from(signingInput, 'ascii'));
	return {
		token: `${signingInput}.${signature.toString('base64url')}`,
		issuedAt: iat * 1000,
		expiresAt: exp * 1000,
	};
}

/** Decodes without verifying. Error messages never echo the token. */
export function decodeJwt(token: string): {
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
} {
	if (typeof token !== 'string') throw new JwtConfigurationError('The JWT must be a string.');
	const parts = token.trim().split('.');
	if (parts.length === 5) {
		throw new JwtConfigurationError(
			'The token is an encrypted JWT (JWE), which cannot be decoded.',
		);
	}
	if (parts.length !== 3) {
		throw new JwtConfigurationError('The token is not a JWT: expected three dot-separated parts.');
	}
	if (!BASE64URL.test(parts[2])) {
		throw new JwtConfigurationError('The JWT signature is not base64url-encoded.');
	}
	return { header: decodeSegment(parts[0], 'header'), payload: decodeSegment(parts[1], 'payload') };
}

/** Milliseconds since the epoch from `exp`; undefined when the token has no numeric `exp`. */
export function jwtExpiresAt(token: string): number | undefined {
	const { exp } = decodeJwt(token).payload;
	return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

function signBytes(algorithm: JwtAlgorithm, key: KeyObject, data: Buffer): Buffer {
	const hash = hashOf(algorithm);
	switch (algorithm.slice(0, 2)) {
		case 'ES':
			// JWS (RFC 7518 §3.4) wants the raw r||s pair, not OpenSSL's default DER encoding.
			return sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
		case 'PS':
			// RFC 7518 §3.5: MGF1 with the same hash and a salt as long as the hash output.
			return sign(hash, data, {
				key,
				padding: constants.RSA_PKCS1_PSS_PADDING,
				saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
			});
		default:
			return sign(hash, data, key);
	}
}

function requireText(value: unknown, message: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw new JwtConfigurationError(message);
	return text;
}

function requireLifetime(seconds: unknown): number {
	if (
		typeof seconds !== 'number' ||
		!Number.isInteger(seconds) ||
		seconds <= 0 ||
		seconds > MAX_JWT_LIFETIME_SECONDS
	) {
		throw new JwtConfigurationError(
			`The JWT lifetime must be a whole number of seconds between 1 and ` +
				`${MAX_JWT_LIFETIME_SECONDS} (24 hours); got ${String(seconds)}.`,
		);
	}
	return seconds;
}

// Claim names are configuration and safe to name in messages; claim values may be secrets
// (x-client-secret), so they never are.
function requireClaims(claims: unknown): Record<string, string> {
	if (claims === undefined || claims === null) return {};
	if (typeof claims !== 'object' || Array.isArray(claims)) {
		throw new JwtConfigurationError('The JWT claims must be an object of claim names to strings.');
	}
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(claims)) {
		if (!name.trim()) throw new JwtConfigurationError('A JWT claim name must not be empty.');
		if (REGISTERED_CLAIMS.has(name)) {
			throw new JwtConfigurationError(
				`The claim "${name}" is set by the signer itself and cannot be given as a custom claim.`,
			);
		}
		if (typeof value !== 'string') {
			throw new JwtConfigurationError(`The value of the claim "${name}" must be a string.`);
		}
		result[name] = value;
	}
	return result;
}

function encodeSegment(value: Record<string, unknown>): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeSegment(segment: string, name: string): Record<string, unknown> {
	if (!segment || !BASE64URL.test(segment)) {
		throw new JwtConfigurationError(`The JWT ${name} is not base64url-encoded.`);
	}
	const value = parseJsonObject(Buffer.from(segment, 'base64url').toString('utf8'));
	if (!value) throw new JwtConfigurationError(`The JWT ${name} is not a JSON object.`);
	return value;
}
