import type { Request } from 'express';
import { z } from 'zod';
import { errors } from '../errors.js';
import {
  describeIssues,
  displayNameSchema,
  roleSchema,
  taskIdSchema,
  userIdSchema,
} from '../participants/identity-rules.js';
import type { Caller } from '../participants/membership.js';
import type { ParticipantTokenVerifier } from '../participants/participant-token.js';
import type { UserTokenVerifier } from '../participants/user-token.js';
import type { HostIdentity, IdentifyHook } from './identify.js';
import { parseBody } from './request-body.js';

/** How a browser route learns who is calling. */
export interface CallerDeps {
  /** Verifies participant tokens; absent when only `identify` is used. */
  verifier?: ParticipantTokenVerifier;
  /** Verifies user tokens; absent when only `identify` is used. */
  userVerifier?: UserTokenVerifier;
  identify?: IdentifyHook;
}

/**
 * The body fields every browser route reads to know the caller. Unknown fields are ignored, so older
 * backends keep working with newer widgets.
 */
export const callerBodySchema = z.object({
  participantToken: z.string().min(1, 'must not be empty').optional(),
  userToken: z.string().min(1, 'must not be empty').optional(),
  task: taskIdSchema.optional(),
});

export type CallerBody = z.output<typeof callerBodySchema>;

/** The body of a route that needs only the caller; with `identify`, no body at all means the host session. */
export function parseCallerBody(req: Request, deps: CallerDeps, operation: string): CallerBody {
  return req.body === undefined && deps.identify ? {} : parseBody(req, callerBodySchema, operation);
}

const hostIdentitySchema = z.object({
  userId: userIdSchema,
  name: displayNameSchema.optional(),
  role: roleSchema.optional(),
});

/** A signed-in user without a task: who the inbox, the launcher and a user token's token request speak for. */
export interface UserCaller {
  userId: string;
  /** Display name from the host session, when it gave one. */
  name?: string;
}

/**
 * Who is calling: a participant token signed with `EMBED_SECRET` (its task must match `task` when both are
 * given), else a user token with `task`, else the host session through `identify` (then `task` is required).
 * Throws BackendError 1001, 1002, 1008, 1013, 1029 or 1030; a malformed `identify` result is the host's bug
 * (500, logged).
 */
export async function resolveCaller(
  req: Request,
  body: CallerBody,
  deps: CallerDeps,
  operation: string,
): Promise<Caller> {
  const { participantToken, task } = body;
  if (participantToken !== undefined) {
    if (body.userToken !== undefined) {
      throw errors.malformedBody(operation, 'give a participantToken or a userToken, not both');
    }
    if (!deps.verifier) {
      throw errors.invalidParticipantToken('this backend accepts no participant tokens', operation);
    }
    const claims = deps.verifier.verify(participantToken, operation);
    if (task !== undefined && task !== claims.task) {
      throw errors.invalidParticipantToken(`it is for another task than ${JSON.stringify(task)}`, operation);
    }
    return claims;
  }
  const user = await signedInUser(req, body, deps, operation);
  if (task === undefined) {
    const reason =
      body.userToken === undefined ? 'required with a host session' : 'required with a user token';
    throw errors.malformedBody(operation, `task: ${reason}`);
  }
  return { ...user, task };
}

/**
 * Who is calling, without a task: a user token, else the host session through `identify`. Throws BackendError
 * 1008 (a participant token: it speaks for one task only), 1013, 1029 or 1030.
 */
export async function resolveUser(
  req: Request,
  body: CallerBody,
  deps: CallerDeps,
  operation: string,
): Promise<UserCaller> {
  if (body.participantToken !== undefined) {
    throw errors.malformedBody(operation, 'a participant token speaks for one task; send a userToken');
  }
  const { userId, name } = await signedInUser(req, body, deps, operation);
  return { userId, ...(name === undefined ? {} : { name }) };
}

/** The user of a user token, else of the host session (with the role it vouches for, if any). */
async function signedInUser(
  req: Request,
  body: CallerBody,
  deps: CallerDeps,
  operation: string,
): Promise<Omit<Caller, 'task'>> {
  if (body.userToken !== undefined) {
    if (!deps.userVerifier) throw errors.invalidUserToken('this backend accepts no user tokens', operation);
    return deps.userVerifier.verify(body.userToken, operation);
  }
  if (!deps.identify) throw errors.notSignedIn(operation);
  const identity = await deps.identify(req);
  if (identity === undefined || identity === null) throw errors.notSignedIn(operation);
  return checkedIdentity(identity);
}

function checkedIdentity(identity: HostIdentity): Omit<Caller, 'task'> {
  const result = hostIdentitySchema.safeParse(identity);
  if (!result.success) {
    throw new Error(`identify() returned an invalid identity: ${describeIssues(result.error)}`);
  }
  const { userId, name, role } = result.data;
  return { userId, ...(name === undefined ? {} : { name }), ...(role === undefined ? {} : { role }) };
}
