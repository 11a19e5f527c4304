import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { z } from 'zod';
import type { BackendError } from '../errors.js';
import { describeIssues } from './identity-rules.js';

/** A host token (participant or user) may live at most one hour (docs/architecture.md §3). */
export const MAX_HOST_TOKEN_TTL_SECONDS = 3600;

/** Clock skew tolerated between the host backend and this one, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Verified tokens remembered by a {@link HostTokenVerifier}; the oldest is forgotten first. */
const VERIFIED_CACHE_SIZE = 10_000;

/** The secret as a KeyObject: jsonwebtoken re-parses string secrets on every call (~70× slower). */
export function toSecretKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** What one kind of host token is: its claims after the signature, and its errors. */
export interface HostTokenKind<Claims> {
  /** Checks the payload (with `iat` and `exp`) and turns it into the claims the routes use. */
  schema: z.ZodType<Claims & { iat: number; exp: number }>;
  invalid(reason: string, operation: string): BackendError;
  expired(operation: string): BackendError;
}

/** A token whose signature and claims passed: only its times need checking again. */
interface VerifiedToken<Claims> {
  claims: Claims;
  iat: number;
  exp: number;
}

/**
 * Verifies the tokens a host's backend signs with `EMBED_SECRET` (participant and user tokens): HS256 signature,
 * `exp` in the future, `iat` present and not in the future, `exp - iat` ≤ 1 h, and the kind's claims.
 *
 * The element sends the same token with every renewal and read-state call, so a token whose signature and claims
 * passed is remembered (by its exact text, at most 10,000): the HMAC and the claim checks give the same answer for
 * the same text and secret, and only `exp`/`iat` depend on the clock, so those are checked again on every call.
 * Tokens with `nbf` are not remembered.
 */
export class HostTokenVerifier<Claims> {
  private readonly _secret: KeyObject;
  private readonly _verified = new Map<string, VerifiedToken<Claims>>();

  constructor(
    private readonly _kind: HostTokenKind<Claims>,
    secret: string,
    private readonly _now: () => number = Date.now,
  ) {
    this._secret = toSecretKey(secret);
  }

  /** `operation` names the request in error messages ("issue token", "get read state"). */
  verify(token: string, operation: string): Claims {
    const nowSeconds = Math.floor(this._now() / 1000);
    const known = this._verified.get(token);
    if (known === undefined) return this._verifyNew(token, nowSeconds, operation);
    // jsonwebtoken's rule: expired once now ≥ exp + tolerance.
    if (nowSeconds >= known.exp + CLOCK_TOLERANCE_SECONDS) {
      this._verified.delete(token);
      throw this._kind.expired(operation);
    }
    this._checkTimes(known.iat, known.exp, nowSeconds, operation);
    return known.claims;
  }

  private _verifyNew(token: string, nowSeconds: number, operation: string): Claims {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this._secret, {
        algorithms: ['HS256'],
        clockTimestamp: nowSeconds,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw this._kind.expired(operation);
      if (err instanceof jwt.JsonWebTokenError) throw this._kind.invalid(err.message, operation);
      // jsonwebtoken lets JSON.parse's error out when a part decodes to something that is not JSON (found by
      // the input fuzzing, issue #11): a malformed token, not an internal error.
      if (err instanceof SyntaxError)
        throw this._kind.invalid('its header or claims are not JSON', operation);
      throw err;
    }
    const parsed = this._kind.schema.safeParse(payload);
    if (!parsed.success) throw this._kind.invalid(describeIssues(parsed.error), operation);
    const { iat, exp, ...claims } = parsed.data;
    this._checkTimes(iat, exp, nowSeconds, operation);
    if ((payload as { nbf?: unknown }).nbf === undefined) {
      this._remember(token, { claims: claims as Claims, iat, exp });
    }
    return claims as Claims;
  }

  private _remember(token: string, verified: VerifiedToken<Claims>): void {
    if (this._verified.size >= VERIFIED_CACHE_SIZE) {
      this._verified.delete(this._verified.keys().next().value!);
    }
    this._verified.set(token, verified);
  }

  /** The checks of `iat` jsonwebtoken does not make. */
  private _checkTimes(iat: number, exp: number, nowSeconds: number, operation: string): void {
    if (iat > nowSeconds + CLOCK_TOLERANCE_SECONDS)
      throw this._kind.invalid('iat is in the future', operation);
    if (exp - iat > MAX_HOST_TOKEN_TTL_SECONDS)
      throw this._kind.invalid('it lives longer than 1 h', operation);
  }
}

/** Checks a token lifetime in seconds before signing; `what` names the token in the error. */
export function checkedTtl(ttlSeconds: number | undefined, what: string): number {
  const ttl = ttlSeconds ?? 600;
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_HOST_TOKEN_TTL_SECONDS) {
    throw new RangeError(`unable to create ${what}; ttlSeconds must be 1–${MAX_HOST_TOKEN_TTL_SECONDS}`);
  }
  return ttl;
}

/** Signs host-token claims (HS256, `iat` and `exp` added), for tests and hosts on Node. */
export function signHostToken(claims: object, secret: string | KeyObject, ttlSeconds: number): string {
  const key = typeof secret === 'string' ? toSecretKey(secret) : secret;
  return jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: ttlSeconds });
}
