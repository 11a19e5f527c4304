import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { ReadStateService } from '../read-state/read-state-service.js';
import { callerBodySchema, parseCallerBody, resolveCaller, type CallerDeps } from './caller.js';
import { apiCors } from './cors.js';
import { routeRateLimiters, type RateLimitSettings } from './rate-limits.js';
import { BODY_LIMIT_BYTES, parseBody } from './request-body.js';

/** What `/read-state` needs. */
export interface ReadStateRouteDeps extends CallerDeps {
  service: ReadStateService;
  allowedOrigins: readonly string[];
  rateLimits: RateLimitSettings;
}

export const MAX_SERIAL_LENGTH = 128;

/** An Ably message serial: printable ASCII without spaces (e.g. `01726585978590-001@e4zbAtlIwBfbGI39:000`). */
const serialSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_SERIAL_LENGTH, `must be at most ${MAX_SERIAL_LENGTH} characters`)
  .regex(/^[\x21-\x7e]*$/, 'must be printable ASCII without spaces');

export const advanceBodySchema = callerBodySchema.extend({ serial: serialSchema });

const operationOf = (req: Request) => (req.method === 'PUT' ? 'update read state' : 'get read state');

/**
 * Adds `POST /read-state` (the task's read markers) and `PUT /read-state` (advance the caller's marker, then
 * the same answer), with their CORS preflight. The caller is verified exactly as for `POST /token`.
 */
export function addReadStateRoutes(router: Router, deps: ReadStateRouteDeps): void {
  const { windowMs, perIp, readStatePerUser } = deps.rateLimits;
  const limiters = routeRateLimiters({ windowMs, perIp, perUser: readStatePerUser }, operationOf);
  const cors = apiCors(deps.allowedOrigins, ['POST', 'PUT']);
  const before = [
    ...(deps.allowedOrigins.length > 0 ? [cors] : []),
    limiters.perIp,
    express.json({ limit: BODY_LIMIT_BYTES }),
  ];

  router.post('/read-state', ...before, async (req, res) => {
    const operation = operationOf(req);
    const body = parseCallerBody(req, deps, operation);
    const caller = await resolveCaller(req, body, deps, operation);
    res.locals.logFields = { userId: caller.userId, task: caller.task };
    await limiters.countUser(caller.userId, operation);
    res.set('Cache-Control', 'no-store').json(await deps.service.get(caller));
  });

  router.put('/read-state', ...before, async (req, res) => {
    const operation = operationOf(req);
    const body = parseBody(req, advanceBodySchema, operation);
    const caller = await resolveCaller(req, body, deps, operation);
    res.locals.logFields = { userId: caller.userId, task: caller.task };
    await limiters.countUser(caller.userId, operation);
    res.set('Cache-Control', 'no-store').json(await deps.service.advance(caller, body.serial));
  });

  router.options('/read-state', cors);
}
