import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '../ably-auth/capabilities.js';
import { errors } from '../errors.js';
import {
  checkedTtl,
  HostTokenVerifier,
  MAX_HOST_TOKEN_TTL_SECONDS,
  signHostToken,
} from './host-token-verifier.js';
import {
  describeIssues,
  displayNameSchema,
  roleSchema,
  taskIdSchema,
  userIdSchema,
} from './identity-rules.js';

export { toSecretKey } from './host-token-verifier.js';

/** A participant token may live at most one hour (docs/architecture.md §3). */
export const MAX_PARTICIPANT_TOKEN_TTL_SECONDS = MAX_HOST_TOKEN_TTL_SECONDS;

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
  const ttl = checkedTtl(options.ttlSeconds, 'participant token');
  const claims = claimsSchema.safeParse({
    sub: options.userId,
    task: options.task,
    role: options.role,
    ...(options.name === undefined ? {} : { name: options.name }),
  });
  if (!claims.success) {
    throw new TypeError(`unable to create participant token; ${describeIssues(claims.error)}`);
  }
  return signHostToken(claims.data, options.secret, ttl);
}

const claimsSchema = z.object({
  sub: userIdSchema,
  task: taskIdSchema,
  role: roleSchema,
  name: displayNameSchema.optional(),
});

/** The claims checked after the signature: one pass over the payload (pinned to the contract's claims). */
export const verifiedClaimsSchema = claimsSchema.extend({ iat: z.number(), exp: z.number() });

const participantKind = {
  schema: verifiedClaimsSchema.transform(({ sub, task, role, name, iat, exp }) => ({
    userId: sub,
    task,
    role,
    ...(name === undefined ? {} : { name }),
    iat,
    exp,
  })),
  invalid: (reason: string, operation: string) => errors.invalidParticipantToken(reason, operation),
  expired: (operation: string) => errors.expiredParticipantToken(operation),
};

/**
 * Verifies participant tokens (see {@link HostTokenVerifier}): a well-formed `sub`, `task`, `role` and optional
 * `name`. Throws BackendError 1001 or 1002.
 */
export class ParticipantTokenVerifier {
  private readonly _verifier: HostTokenVerifier<ParticipantClaims>;

  constructor(secret: string, now: () => number = Date.now) {
    this._verifier = new HostTokenVerifier<ParticipantClaims>(participantKind, secret, now);
  }

  /** `operation` names the request in error messages ("issue token", "get read state"). */
  verify(token: string, operation = 'issue token'): ParticipantClaims {
    return this._verifier.verify(token, operation);
  }
}
