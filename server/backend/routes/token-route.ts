import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { errors } from '../errors.js';
import {
  describeIssues,
  displayNameSchema,
  roleSchema,
  taskIdSchema,
  userIdSchema,
} from '../participants/identity-rules.js';
import type { ParticipantTokenVerifier } from '../participants/participant-token.js';
import type { Caller, TokenIssuer } from '../tokens/token-issuer.js';
import { tokenCors } from './cors.js';
import { tokenRateLimiters, type RateLimitSettings } from './rate-limits.js';
import { BODY_LIMIT_BYTES, parseBody } from './request-body.js';
import type { HostIdentity, IdentifyHook } from './identify.js';

/** What `POST /token` needs. */
export interface TokenRouteDeps {
  issuer: TokenIssuer;
  /** Verifies participant tokens; absent when only `identify` is used. */
  verifier?: ParticipantTokenVerifier;
  identify?: IdentifyHook;
  allowedOrigins: readonly string[];
  rateLimits: RateLimitSettings;
}

/** Unknown fields are ignored, so older backends keep working with newer widgets. */
const tokenBodySchema = z.object({
  participantToken: z.string().min(1, 'must not be empty').optional(),
  task: taskIdSchema.optional(),
});

const hostIdentitySchema = z.object({
  userId: userIdSchema,
  name: displayNameSchema.optional(),
  role: roleSchema.optional(),
});

/**
 * Adds `POST /token` (and its CORS preflight) to `router`: verifies who the caller is — a participant token
 * signed with `EMBED_SECRET`, or the host session through `identify` — and answers with an Ably JWT for the
 * task. Added to the chat router itself rather than nested, to keep the hot path short.
 */
export function addTokenRoute(router: Router, deps: TokenRouteDeps): void {
  const limiters = tokenRateLimiters(deps.rateLimits);
  const cors = tokenCors(deps.allowedOrigins);
  router.post(
    '/token',
    // Without configured origins there is nothing to add to a POST; preflights still get their 204.
    ...(deps.allowedOrigins.length > 0 ? [cors] : []),
    limiters.perIp,
    express.json({ limit: BODY_LIMIT_BYTES }),
    async (req, res) => {
      const caller = await resolveCaller(req, deps);
      res.locals.logFields = { userId: caller.userId, task: caller.task };
      // Counted only once the caller is verified, so forged tokens cannot spend a real user's budget.
      await limiters.countUser(caller.userId);
      const issued = await deps.issuer.issue(caller);
      res.locals.logFields = { ...res.locals.logFields, role: issued.role, readOnly: issued.readOnly };
      res.set('Cache-Control', 'no-store').json(issued);
    },
  );
  router.options('/token', cors);
}

async function resolveCaller(req: Request, deps: TokenRouteDeps): Promise<Caller> {
  const { participantToken, task } =
    req.body === undefined && deps.identify ? {} : parseBody(req, tokenBodySchema, 'issue token');
  if (participantToken !== undefined) {
    if (!deps.verifier) throw errors.invalidParticipantToken('this backend accepts no participant tokens');
    const claims = deps.verifier.verify(participantToken);
    if (task !== undefined && task !== claims.task) {
      throw errors.invalidParticipantToken(`it is for another task than ${JSON.stringify(task)}`);
    }
    return claims;
  }
  if (!deps.identify) throw errors.notSignedIn();
  const identity = await deps.identify(req);
  if (identity === undefined || identity === null) throw errors.notSignedIn();
  if (task === undefined) throw errors.malformedBody('issue token', 'task: required with a host session');
  return { ...checkedIdentity(identity), task };
}

/** The host's `identify` result, validated; a malformed one is the host's bug (500, logged). */
function checkedIdentity(identity: HostIdentity): Omit<Caller, 'task'> {
  const result = hostIdentitySchema.safeParse(identity);
  if (!result.success) {
    throw new Error(`identify() returned an invalid identity: ${describeIssues(result.error)}`);
  }
  const { userId, name, role } = result.data;
  return { userId, ...(name === undefined ? {} : { name }), ...(role === undefined ? {} : { role }) };
}
