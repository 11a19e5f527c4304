import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Role } from '../ably-auth/capabilities.js';
import { errors } from '../errors.js';
import {
  describeIssues,
  displayNameSchema,
  roleSchema,
  taskIdSchema,
  userIdSchema,
} from './identity-rules.js';

/** A participant token may live at most one hour (docs/architecture.md §3). */
export const MAX_PARTICIPANT_TOKEN_TTL_SECONDS = 3600;

/** Clock skew tolerated between the host backend and this one, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Who a verified participant token (or host session) says the caller is. */
export interface ParticipantClaims {
  userId: string;
  task: string;
  role: Role;
  /** Display name, when the host sent one. */
  name?: string;
}

/** Options of {@link createParticipantToken}. */
export interface CreateParticipantTokenOptions {
  /** `EMBED_SECRET`, shared between the host backend and this one. */
  secret: string | KeyObject;
  /** The host's user id (`sub`); becomes the Ably clientId. */
  userId: string;
  /** Task id, e.g. `order:8841`. */
  task: string;
  role: Role;
  /** Display name shown with the user's messages. */
  name?: string;
  /** Lifetime in seconds; default 600, at most 3600. */
  ttlSeconds?: number;
}

/**
 * Signs a participant token for the host backend to hand to its page (HS256, claims `sub`, `task`, `role`,
 * `name`, `iat`, `exp`).
 * @example
 * const participantToken = createParticipantToken({
 *   secret: process.env.EMBED_SECRET!, userId: 'u-17', name: 'Ann', task: 'order:8841', role: 'buyer',
 * });
 */
export function createParticipantToken(options: CreateParticipantTokenOptions): string {
  const ttl = options.ttlSeconds ?? 600;
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_PARTICIPANT_TOKEN_TTL_SECONDS) {
    throw new RangeError(
      `unable to create participant token; ttlSeconds must be 1–${MAX_PARTICIPANT_TOKEN_TTL_SECONDS}`,
    );
  }
  const claims = claimsSchema.safeParse({
    sub: options.userId,
    task: options.task,
    role: options.role,
    ...(options.name === undefined ? {} : { name: options.name }),
  });
  if (!claims.success) {
    throw new TypeError(`unable to create participant token; ${describeIssues(claims.error)}`);
  }
  const secret = typeof options.secret === 'string' ? toSecretKey(options.secret) : options.secret;
  return jwt.sign(claims.data, secret, { algorithm: 'HS256', expiresIn: ttl });
}

/** The secret as a KeyObject: jsonwebtoken re-parses string secrets on every call (~70× slower). */
export function toSecretKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

const claimsSchema = z.object({
  sub: userIdSchema,
  task: taskIdSchema,
  role: roleSchema,
  name: displayNameSchema.optional(),
});

/** The claims checked after the signature: one pass over the payload. */
export const verifiedClaimsSchema = claimsSchema.extend({ iat: z.number(), exp: z.number() });

/** Verified tokens remembered by {@link ParticipantTokenVerifier}; the oldest is forgotten first. */
const VERIFIED_CACHE_SIZE = 10_000;

/** A token whose signature and claims passed: only its times need checking again. */
interface VerifiedToken {
  claims: ParticipantClaims;
  iat: number;
  exp: number;
}

/**
 * Verifies participant tokens: HS256 signature with `EMBED_SECRET`, `exp` in the future, `iat` present and
 * not in the future, `exp - iat` ≤ 1 h, and well-formed claims. Throws BackendError 1001 or 1002.
 *
 * The element sends the same participant token with every `/token` renewal and `/read-state` call, so a
 * token whose signature and claims passed is remembered (by its exact text, at most 10,000): the HMAC and
 * the claim checks give the same answer for the same text and secret, and only `exp`/`iat` depend on the
 * clock, so those are checked again on every call. Tokens with `nbf` are not remembered.
 */
export class ParticipantTokenVerifier {
  private readonly _secret: KeyObject;
  private readonly _verified = new Map<string, VerifiedToken>();

  constructor(
    secret: string,
    private readonly _now: () => number = Date.now,
  ) {
    this._secret = toSecretKey(secret);
  }

  /** `operation` names the request in error messages ("issue token", "get read state"). */
  verify(token: string, operation = 'issue token'): ParticipantClaims {
    const nowSeconds = Math.floor(this._now() / 1000);
    const known = this._verified.get(token);
    if (known === undefined) return this._verifyNew(token, nowSeconds, operation);
    // jsonwebtoken's rule: expired once now ≥ exp + tolerance.
    if (nowSeconds >= known.exp + CLOCK_TOLERANCE_SECONDS) {
      this._verified.delete(token);
      throw errors.expiredParticipantToken(operation);
    }
    checkTimes(known.iat, known.exp, nowSeconds, operation);
    return known.claims;
  }

  private _verifyNew(token: string, nowSeconds: number, operation: string): ParticipantClaims {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this._secret, {
        algorithms: ['HS256'],
        clockTimestamp: nowSeconds,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw errors.expiredParticipantToken(operation);
      if (err instanceof jwt.JsonWebTokenError) throw errors.invalidParticipantToken(err.message, operation);
      // jsonwebtoken lets JSON.parse's error out when a part decodes to something that is not JSON (found by
      // the input fuzzing, issue #11): a malformed token, not an internal error.
      if (err instanceof SyntaxError) {
        throw errors.invalidParticipantToken('its header or claims are not JSON', operation);
      }
      throw err;
    }
    const parsed = verifiedClaimsSchema.safeParse(payload);
    if (!parsed.success) throw errors.invalidParticipantToken(describeIssues(parsed.error), operation);
    const { sub, task, role, name, iat, exp } = parsed.data;
    checkTimes(iat, exp, nowSeconds, operation);
    const claims = { userId: sub, task, role, ...(name === undefined ? {} : { name }) };
    if ((payload as { nbf?: unknown }).nbf === undefined) this._remember(token, { claims, iat, exp });
    return claims;
  }

  private _remember(token: string, verified: VerifiedToken): void {
    if (this._verified.size >= VERIFIED_CACHE_SIZE) {
      this._verified.delete(this._verified.keys().next().value!);
    }
    this._verified.set(token, verified);
  }
}

/** The checks of `iat` jsonwebtoken does not make; BackendError 1001. */
function checkTimes(iat: number, exp: number, nowSeconds: number, operation: string): void {
  if (iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw errors.invalidParticipantToken('iat is in the future', operation);
  }
  if (exp - iat > MAX_PARTICIPANT_TOKEN_TTL_SECONDS) {
    throw errors.invalidParticipantToken('it lives longer than 1 h', operation);
  }
}
