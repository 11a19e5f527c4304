import express, { type Router } from 'express';
import type { BrowserRoutes, TokenAnswer, UserRoutes, UserTokenAnswer } from '../../contract/api-contract.js';
import type { TokenIssuer } from '../tokens/token-issuer.js';
import { parseCallerBody, resolveCaller, resolveUser, type CallerDeps } from './caller.js';
import { apiCors } from './cors.js';
import { routeRateLimiters, type RateLimitSettings } from './rate-limits.js';
import { BODY_LIMIT_BYTES } from './request-body.js';

/** What `POST /token` needs. */
export interface TokenRouteDeps extends CallerDeps {
  issuer: TokenIssuer;
  /** The backend stores attachments: the answer names their routes. */
  attachments: boolean;
  /** The backend keeps the inbox: a user without a task gets a token for their inbox channel. */
  inbox: boolean;
  allowedOrigins: readonly string[];
  rateLimits: RateLimitSettings;
}

const OPERATION = 'issue token';

/**
 * The browser routes beside this one for `taskId`, relative to the token route's URL: the element resolves
 * them against its `token-url`, so the backend is found however it is mounted or proxied.
 */
export function browserRoutes(taskId: string, attachments: boolean): BrowserRoutes {
  const task = `tasks/${encodeURIComponent(taskId)}`;
  const common = { readState: 'read-state', agentRuns: `${task}/agent-runs` };
  if (!attachments) return common;
  return { ...common, attachments: `${task}/attachments`, attachmentUrls: `${task}/attachments/urls` };
}

/** The browser routes of a signed-in user without a task, relative to the token route's URL. */
export const USER_ROUTES: UserRoutes = { inbox: 'inbox', readState: 'read-state' };

/**
 * Adds `POST /token` (and its CORS preflight) to `router`: verifies who the caller is — a participant token
 * signed with `EMBED_SECRET`, a user token (with the task), or the host session through `identify` — and answers
 * with an Ably JWT for the task; a user token or the host session without a task gets an Ably JWT for the user's
 * inbox channel and the inbox's routes instead. Added to the chat router itself rather than nested, to keep the hot path short.
 */
export function addTokenRoute(router: Router, deps: TokenRouteDeps): void {
  const { windowMs, perIp, perUser } = deps.rateLimits;
  const limiters = routeRateLimiters({ windowMs, perIp, perUser }, () => OPERATION);
  const cors = apiCors(deps.allowedOrigins, ['POST']);
  router.post(
    '/token',
    // Without configured origins there is nothing to add to a POST; preflights still get their 204.
    ...(deps.allowedOrigins.length > 0 ? [cors] : []),
    limiters.perIp,
    express.json({ limit: BODY_LIMIT_BYTES }),
    async (req, res) => {
      const body = parseCallerBody(req, deps, OPERATION);
      if (deps.inbox && body.task === undefined && body.participantToken === undefined) {
        // A user without a task (a user token, or the host session): a token for their inbox channel only.
        const user = await resolveUser(req, body, deps, OPERATION);
        res.locals.logFields = { userId: user.userId };
        await limiters.countUser(user.userId, OPERATION);
        const answer: UserTokenAnswer = {
          ...(await deps.issuer.issueForUser(user.userId)),
          routes: USER_ROUTES,
        };
        res.set('Cache-Control', 'no-store').json(answer);
        return;
      }
      const caller = await resolveCaller(req, body, deps, OPERATION);
      res.locals.logFields = { userId: caller.userId, task: caller.task };
      // Counted only once the caller is verified, so forged tokens cannot spend a real user's budget.
      await limiters.countUser(caller.userId, OPERATION);
      const issued = await deps.issuer.issue(caller);
      res.locals.logFields = { ...res.locals.logFields, role: issued.role, readOnly: issued.readOnly };
      const answer: TokenAnswer = { ...issued, routes: browserRoutes(issued.task, deps.attachments) };
      res.set('Cache-Control', 'no-store').json(answer);
    },
  );
  router.options('/token', cors);
}
