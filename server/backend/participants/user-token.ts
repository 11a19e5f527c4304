import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { errors } from '../errors.js';
import { checkedTtl, HostTokenVerifier, signHostToken } from './host-token-verifier.js';
import { describeIssues, userIdSchema } from './identity-rules.js';

/** Options of {@link createUserToken}. */
export interface CreateUserTokenOptions {
  /** `EMBED_SECRET`, shared between the host backend and this one. */
  secret: string | KeyObject;
  /** The host's user id (`sub`); becomes the Ably clientId. */
  userId: string;
  /** Lifetime in seconds; default 600, at most 3600. */
  ttlSeconds?: number;
}

/**
 * Signs a user token for the host backend to hand to its page (HS256, claims `sub`, `iat`, `exp`): it vouches
 * for the user across every task they belong to — the inbox lists them, and a conversation opened from it gets
 * a token for any of them with the stored role (docs/architecture.md §3).
 * @example
 * const userToken = createUserToken({ secret: process.env.EMBED_SECRET!, userId: 'u-17' });
 */
export function createUserToken(options: CreateUserTokenOptions): string {
  const ttl = checkedTtl(options.ttlSeconds, 'user token');
  const sub = userIdSchema.safeParse(options.userId);
  if (!sub.success) throw new TypeError(`unable to create user token; sub: ${describeIssues(sub.error)}`);
  return signHostToken({ sub: sub.data }, options.secret, ttl);
}

/** The claims of a user token after the signature (pinned to the contract's `UserTokenClaims`). */
export const verifiedUserClaimsSchema = z.object({ sub: userIdSchema, iat: z.number(), exp: z.number() });

/**
 * A token naming a task or a role is a participant token, refused here: a user token must not be mistaken for
 * one, nor one for a user token.
 */
const userKindSchema = z
  .looseObject({
    task: z.undefined({ error: 'a user token names no task (this is a participant token)' }).optional(),
    role: z.undefined({ error: 'a user token names no role' }).optional(),
  })
  .pipe(verifiedUserClaimsSchema)
  .transform(({ sub, iat, exp }) => ({ userId: sub, iat, exp }));

/** Who a verified user token says the caller is. */
export interface UserClaims {
  userId: string;
}

const userKind = {
  schema: userKindSchema,
  invalid: (reason: string, operation: string) => errors.invalidUserToken(reason, operation),
  expired: (operation: string) => errors.expiredUserToken(operation),
};

/** Verifies user tokens (see `HostTokenVerifier`); throws BackendError 1029 or 1030. */
export class UserTokenVerifier {
  private readonly _verifier: HostTokenVerifier<UserClaims>;

  constructor(secret: string, now: () => number = Date.now) {
    this._verifier = new HostTokenVerifier<UserClaims>(userKind, secret, now);
  }

  verify(token: string, operation: string): UserClaims {
    return this._verifier.verify(token, operation);
  }
}
