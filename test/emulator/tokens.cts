// Access and refresh tokens of both listeners. Client tokens (client_credentials) open only the
// User Center; user tokens open only the Pay API (docs/gini-api.md §3.1, §2.3).
import { randomBytes, randomUUID } from 'node:crypto';

export interface AccessToken {
	kind: 'client' | 'user';
	clientId: string;
	/** Set for user tokens. */
	userKey?: string;
	issuedAt: number;
	expiresAt: number;
	revoked: boolean;
}

export interface RefreshToken {
	clientId: string;
	userKey: string;
}

export interface IssuedToken {
	access_token: string;
	token_type: 'bearer';
	/** Left out with `tokenAnswers.omitExpiresIn`. */
	expires_in?: number;
	refresh_token?: string;
}

export type TokenCheck =
	| { ok: true; token: AccessToken }
	| { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export class TokenStore {
	private readonly access = new Map<string, AccessToken>();
	private readonly refresh = new Map<string, RefreshToken>();

	constructor(
		public ttlSeconds: number,
		private readonly answers: { omitExpiresIn?: boolean; jwtAccessTokens?: boolean } = {},
	) {}

	/**
	 * UUIDs, as in Gini's examples (docs/gini-api.md §3.1); or, with `jwtAccessTokens`, a JWT-shaped token whose payload
	 * says when it expires (as Keycloak-style servers issue). Its signature is random: tokens are looked up, never
	 * verified.
	 */
	private newAccessToken(issuedAt: number, expiresAt: number): string {
		if (!this.answers.jwtAccessTokens) return randomUUID();
		const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const header = part({ alg: 'RS256', typ: 'JWT' });
		const payload = part({
			jti: randomUUID(),
			iat: Math.floor(issuedAt / 1000),
			exp: Math.floor(expiresAt / 1000),
		});
		return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
	}

	/**
	 * `expires_in` is rounded down so a client never believes a token lives longer than it does
	 * (tests use fractional TTLs such as 0.2 s).
	 */
	issue(
		kind: 'client' | 'user',
		clientId: string,
		userKey?: string,
		withRefresh = false,
	): IssuedToken {
		const now = Date.now();
		const expiresAt = now + this.ttlSeconds * 1000;
		const value = this.newAccessToken(now, expiresAt);
		this.access.set(value, { kind, clientId, userKey, issuedAt: now, expiresAt, revoked: false });
		const issued: IssuedToken = { access_token: value, token_type: 'bearer' };
		if (!this.answers.omitExpiresIn) issued.expires_in = Math.max(0, Math.floor(this.ttlSeconds));
		if (withRefresh && userKey) issued.refresh_token = this.issueRefresh(clientId, userKey);
		return issued;
	}

	/** Refresh tokens do not expire and survive access-token revocation; they are bound to their
	 * client and user (docs/gini-api.md §3.3). */
	private issueRefresh(clientId: string, userKey: string): string {
		const value = randomBytes(24).toString('base64url');
		this.refresh.set(value, { clientId, userKey });
		return value;
	}

	check(value: string): TokenCheck {
		const token = this.access.get(value);
		if (!token) return { ok: false, reason: 'unknown' };
		if (token.revoked) return { ok: false, reason: 'revoked' };
		if (Date.now() >= token.expiresAt) return { ok: false, reason: 'expired' };
		return { ok: true, token };
	}

	findRefresh(value: string): RefreshToken | undefined {
		return this.refresh.get(value);
	}

	/** Revokes every live access token; returns how many were live. */
	revokeAll(): number {
		const now = Date.now();
		let count = 0;
		for (const token of this.access.values()) {
			if (!token.revoked && now < token.expiresAt) count++;
			token.revoked = true;
		}
		return count;
	}

	/** Revokes one access token, or forgets a refresh token when given one. */
	revoke(value: string): void {
		const token = this.access.get(value);
		if (token) token.revoked = true;
		this.refresh.delete(value);
	}
}
