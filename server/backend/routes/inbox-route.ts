import express, { type Router } from 'express';
import { z } from 'zod';
import type { InboxService } from '../inbox/inbox-service.js';
import { taskIdSchema } from '../participants/identity-rules.js';
import { resolveUser, type CallerDeps } from './caller.js';
import { apiCors } from './cors.js';
import { routeRateLimiters, type RateLimitSettings } from './rate-limits.js';
import { BODY_LIMIT_BYTES, parseBody } from './request-body.js';

/** What `POST /inbox` needs. */
export interface InboxRouteDeps extends CallerDeps {
  service: InboxService;
  allowedOrigins: readonly string[];
  rateLimits: RateLimitSettings;
}

const OPERATION = 'list inbox';

export const MAX_QUERY_LENGTH = 100;
export const MAX_PAGE_SIZE = 100;

/** `POST /inbox`'s body (pinned to the contract's `InboxRequest`). */
export const inboxBodySchema = z.object({
  userToken: z.string().min(1, 'must not be empty').optional(),
  cursor: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters').optional(),
  unread: z.boolean().optional(),
  state: z.enum(['open', 'closed'], { error: 'must be open or closed' }).optional(),
  q: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
    .optional(),
  limit: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .optional(),
  task: taskIdSchema.optional(),
});

/**
 * Adds `POST /inbox` (and its CORS preflight): a page of the caller's tasks, newest activity first, with
 * unread counts. The caller is a user token, or the host session when mounted with `identify`; the user's
 * inbox channel (from `POST /token` without a task) keeps the page current.
 */
export function addInboxRoute(router: Router, deps: InboxRouteDeps): void {
  const { windowMs, perIp, inboxPerUser } = deps.rateLimits;
  const limiters = routeRateLimiters({ windowMs, perIp, perUser: inboxPerUser }, () => OPERATION);
  const cors = apiCors(deps.allowedOrigins, ['POST']);
  router.post(
    '/inbox',
    ...(deps.allowedOrigins.length > 0 ? [cors] : []),
    limiters.perIp,
    express.json({ limit: BODY_LIMIT_BYTES }),
    async (req, res) => {
      const body = req.body === undefined && deps.identify ? {} : parseBody(req, inboxBodySchema, OPERATION);
      const { userToken, ...request } = body;
      // Not part of the request's shape, but named so the caller learns why it is refused.
      const participantToken = (req.body as { participantToken?: unknown } | undefined)?.participantToken;
      const caller = {
        ...(userToken === undefined ? {} : { userToken }),
        ...(typeof participantToken === 'string' ? { participantToken } : {}),
      };
      const user = await resolveUser(req, caller, deps, OPERATION);
      res.locals.logFields = { userId: user.userId };
      await limiters.countUser(user.userId, OPERATION);
      res.set('Cache-Control', 'no-store').json(await deps.service.list(user.userId, request));
    },
  );
  router.options('/inbox', cors);
}
