import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { errors } from '../protocol/ably-error.js';
import type { ApiKey } from './api-key.js';
import { parseCapability, type Capability } from './capability.js';

/** What a verified token says, before key capability and revocations are applied. */
export interface TokenClaims {
  keyName: string;
  clientId?: string;
  capability?: Capability;
  issuedAt: number;
  expiresAt: number;
  /** Every claim of the JWT, e.g. `ably.room.<room>` user claims. */
  raw: Record<string, unknown>;
}

/** Claims ably-local adds to tokens it mints, so sub-second TTLs expire on time (JWT `exp` is in seconds). */
const ISSUED_MS = 'x-ably-local-issued';
const EXPIRES_MS = 'x-ably-local-expires';

/** Verified tokens remembered by {@link TokenCodec}; above the default connection cap, oldest forgotten first. */
const VERIFIED_CACHE_SIZE = 16_384;

/**
 * Mints and verifies Ably JWTs (HS256, `kid` = key name). Tokens minted by `POST /keys/:key/requestToken` use
 * the same format, so one verification path serves both (DESIGN §6.2).
 *
 * A client presents the same token on every reconnect and every REST request, so a token that verified is
 * remembered by its exact text (DESIGN §6.2): a key's secret never changes, so the signature and claim
 * checks give the same answer, and only expiry is checked again. Revocation is checked by the
 * caller on every use. Tokens with `nbf` are not remembered; a revoked key forgets its tokens.
 */
export class TokenCodec {
  private readonly _secrets = new Map<string, KeyObject>();
  private readonly _verified = new Map<string, TokenClaims & { expSeconds: number }>();

  constructor(
    keys: Iterable<ApiKey>,
    private readonly _now: () => number,
  ) {
    for (const key of keys) this.addKey(key);
  }

  /** A key that signs and verifies from now on (one made through the Control API, DESIGN §15.3). */
  addKey(key: ApiKey): void {
    this._secrets.set(key.keyName, createSecretKey(Buffer.from(key.secret)));
  }

  /** A revoked key: its tokens no longer verify, remembered ones included. */
  removeKey(keyName: string): void {
    this._secrets.delete(keyName);
    for (const [token, claims] of this._verified)
      if (claims.keyName === keyName) this._verified.delete(token);
  }

  mint(
    key: ApiKey,
    opts: { clientId?: string; capability: string; issuedAt: number; expiresAt: number },
  ): string {
    const payload: Record<string, unknown> = {
      iat: Math.floor(opts.issuedAt / 1000),
      exp: Math.ceil(opts.expiresAt / 1000),
      'x-ably-capability': opts.capability,
      [ISSUED_MS]: opts.issuedAt,
      [EXPIRES_MS]: opts.expiresAt,
    };
    if (opts.clientId !== undefined) payload['x-ably-clientId'] = opts.clientId;
    return jwt.sign(payload, this._secrets.get(key.keyName)!, { algorithm: 'HS256', keyid: key.keyName });
  }

  /** Verifies signature and expiry; throws AblyError 40142 (expired), 40143 or 40144 (not acceptable). */
  verify(token: string): TokenClaims {
    const known = this._verified.get(token);
    if (known === undefined) return this._verifyNew(token);
    const now = this._now();
    // jsonwebtoken's rule (expired once now ≥ exp, in seconds) and ours (the ms expiry), as on first sight.
    if (Math.floor(now / 1000) >= known.expSeconds || known.expiresAt <= now) {
      this._verified.delete(token);
      throw errors.tokenExpired();
    }
    return known;
  }

  private _verifyNew(token: string): TokenClaims {
    if (token.split('.').length !== 3)
      throw errors.tokenUnrecognised('token not recognised; expected an Ably JWT');
    let decoded: jwt.Jwt | null;
    try {
      decoded = jwt.decode(token, { complete: true });
    } catch {
      // jsonwebtoken lets JSON.parse's error out for a part that is base64 but not JSON (found by fuzzing).
      decoded = null;
    }
    if (!decoded || typeof decoded.payload !== 'object')
      throw errors.invalidJwt('invalid JWT; cannot decode');
    const kid = decoded.header.kid;
    const candidates = kid ? [kid] : [...this._secrets.keys()];
    let payload: jwt.JwtPayload | undefined;
    let keyName = '';
    for (const name of candidates) {
      const secret = this._secrets.get(name);
      if (!secret) continue;
      try {
        payload = jwt.verify(token, secret, {
          algorithms: ['HS256'],
          clockTimestamp: Math.floor(this._now() / 1000),
        }) as jwt.JwtPayload;
        keyName = name;
        break;
      } catch (err) {
        if (err instanceof jwt.TokenExpiredError) throw errors.tokenExpired();
        if (kid) throw errors.invalidJwt(`invalid JWT; ${(err as Error).message}`);
      }
    }
    if (!payload) {
      throw errors.invalidJwt(
        kid ? `invalid JWT; unknown key ${JSON.stringify(kid)}` : 'invalid JWT; bad signature',
      );
    }
    if (typeof payload.exp !== 'number') throw errors.invalidJwt('invalid JWT; exp claim required');
    const expiresAt = typeof payload[EXPIRES_MS] === 'number' ? payload[EXPIRES_MS] : payload.exp * 1000;
    if (expiresAt <= this._now()) throw errors.tokenExpired();
    const issuedAt = typeof payload[ISSUED_MS] === 'number' ? payload[ISSUED_MS] : (payload.iat ?? 0) * 1000;
    const clientId = payload['x-ably-clientId'];
    if (clientId !== undefined && (typeof clientId !== 'string' || clientId === '')) {
      throw errors.invalidJwt('invalid JWT; x-ably-clientId must be a non-empty string');
    }
    const rawCapability = payload['x-ably-capability'];
    let capability: Capability | undefined;
    if (rawCapability !== undefined) {
      try {
        capability = parseCapability(rawCapability);
      } catch (err) {
        throw errors.invalidJwt(`invalid JWT; x-ably-capability: ${(err as Error).message}`);
      }
    }
    const claims = {
      keyName,
      clientId: clientId as string | undefined,
      capability,
      issuedAt,
      expiresAt,
      raw: payload as Record<string, unknown>,
    };
    if (payload.nbf === undefined) this._remember(token, { ...claims, expSeconds: payload.exp });
    return claims;
  }

  private _remember(token: string, claims: TokenClaims & { expSeconds: number }): void {
    if (this._verified.size >= VERIFIED_CACHE_SIZE) {
      this._verified.delete(this._verified.keys().next().value!);
    }
    this._verified.set(token, claims);
  }
}
