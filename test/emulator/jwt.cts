// Verification of `X-JWT-Authorization: Bearer <jwt>` (docs/gini-api.md §2.2, §7): the JWT names its
// client through the client's configured claim, is signed by a key of that client's JWK set, and
// carries `iss` and `exp`. Gini lists no algorithms; its only sample token is RS256 with a `kid`.
// So strict fidelity accepts RS256 alone; lenient adds the other asymmetric algorithms a customer's
// identity provider may use (UNCONFIRMED at Gini). HMAC and `none` are refused in both.
import { loadJose } from './jose.cts';
import type { ClientConfig, Fidelity } from './types.cts';

/** What Gini's documentation shows: the sample token in W-Accounts is RS256 with a `kid`. */
export const CONFIRMED_JWT_ALGORITHMS = ['RS256'];

/** Accepted only with fidelity 'lenient': nothing at Gini confirms or excludes them. */
export const UNCONFIRMED_JWT_ALGORITHMS = [
	'RS384',
	'RS512',
	'PS256',
	'PS384',
	'PS512',
	'ES256',
	'ES384',
	'ES512',
	'EdDSA',
	'Ed25519',
];

export function jwtAlgorithms(fidelity: Fidelity): string[] {
	return fidelity === 'strict'
		? CONFIRMED_JWT_ALGORITHMS
		: [...CONFIRMED_JWT_ALGORITHMS, ...UNCONFIRMED_JWT_ALGORITHMS];
}

/** Small tolerance for clock skew between the identity provider and Gini. */
const CLOCK_TOLERANCE_SECONDS = 5;

export const DEFAULT_CLAIMS = {
	userIdentifier: 'x-user-identifier',
	clientId: 'x-client-id',
	clientSecret: 'x-client-secret',
};

export function claimNames(client: ClientConfig): typeof DEFAULT_CLAIMS {
	return { ...DEFAULT_CLAIMS, ...client.jwt?.claims };
}

export type JwtResult =
	| { ok: true; client: ClientConfig; identifier: string }
	| { ok: false; reason: string };

type KeySet = ReturnType<ReturnType<typeof loadJose>['createLocalJWKSet']>;

export class JwtVerifier {
	private readonly keySets = new WeakMap<ClientConfig, KeySet>();

	constructor(
		private readonly clients: () => Iterable<ClientConfig>,
		private readonly fidelity: () => Fidelity = () => 'strict',
	) {}

	private keySet(client: ClientConfig): KeySet {
		let set = this.keySets.get(client);
		if (!set) {
			const jwks = client.jwt!.jwks as Parameters<
				ReturnType<typeof loadJose>['createLocalJWKSet']
			>[0];
			set = loadJose().createLocalJWKSet(jwks);
			this.keySets.set(client, set);
		}
		return set;
	}

	/** The clients the (still unverified) payload claims to come from, by each one's claim name. */
	private candidates(token: string): ClientConfig[] {
		let payload: Record<string, unknown>;
		try {
			payload = loadJose().decodeJwt(token);
		} catch {
			return [];
		}
		return [...this.clients()].filter(
			(client) =>
				client.jwt !== undefined &&
				client.kind === 'derived' &&
				payload[claimNames(client).clientId] === client.clientId,
		);
	}

	async verify(token: string): Promise<JwtResult> {
		const candidates = this.candidates(token);
		if (candidates.length === 0) {
			return { ok: false, reason: 'JWT does not name a client configured for JWT' };
		}
		// Claim names differ per client, so one token may name several; the keys decide.
		let failure: JwtResult | undefined;
		for (const client of candidates) {
			const result = await this.verifyFor(client, token);
			if (result.ok) return result;
			failure ??= result;
		}
		return failure!;
	}

	private async verifyFor(client: ClientConfig, token: string): Promise<JwtResult> {
		let payload: Record<string, unknown>;
		try {
			({ payload } = await loadJose().jwtVerify(token, this.keySet(client), {
				issuer: client.jwt!.issuer,
				algorithms: jwtAlgorithms(this.fidelity()),
				clockTolerance: CLOCK_TOLERANCE_SECONDS,
				requiredClaims: ['iss', 'exp'],
			}));
		} catch (error) {
			// jose's messages name the failed check (signature, iss, exp) and never echo key material.
			return { ok: false, reason: `JWT rejected: ${(error as Error).message}` };
		}
		const names = claimNames(client);
		const identifier = payload[names.userIdentifier];
		if (typeof identifier !== 'string' || identifier.trim() === '') {
			return { ok: false, reason: `JWT lacks the user identifier claim ${names.userIdentifier}` };
		}
		const secret = payload[names.clientSecret];
		if (secret !== undefined && secret !== client.clientSecret) {
			return { ok: false, reason: 'JWT client secret claim does not match' };
		}
		return { ok: true, client, identifier };
	}
}
