import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, type Options } from 'express-rate-limit';
import { errors } from '../errors.js';

/**
 * Requests allowed per window. `perIp` counts every request to one route by client address; `perUser` counts
 * verified callers of `POST /token`, `readStatePerUser` those of `/read-state`, `attachmentsPerUser` those of
 * the attachments routes (announce, complete and URLs together), `inboxPerUser` those of `/inbox`.
 */
export interface RateLimitSettings {
  windowMs: number;
  perIp: number;
  perUser: number;
  readStatePerUser: number;
  attachmentsPerUser: number;
  inboxPerUser: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  windowMs: 60_000,
  perIp: 300,
  perUser: 30,
  readStatePerUser: 120,
  attachmentsPerUser: 240,
  inboxPerUser: 120,
};

/** The two limits of one browser route. */
export interface RouteRateLimiters {
  /** Middleware counting every request by client address, before anything else runs. */
  perIp: RequestHandler;
  /** Counts one request for a verified user; rejects with BackendError 1012 past the limit. */
  countUser(userId: string, operation: string): Promise<void>;
}

function retryAfterSeconds(resetTime: Date | undefined, windowMs: number): number {
  const ms = resetTime ? resetTime.getTime() - Date.now() : windowMs;
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * express-rate-limit's MemoryStore, in memory per instance (behind a load balancer each instance counts alone);
 * each call makes counters of its own. The per-IP budget is a small middleware over the store, keyed like
 * express-rate-limit's own middleware (`ipKeyGenerator`: IPv6 clients by /56 subnet) but without its
 * per-request option and validation passes; the per-user budget is counted after the caller is verified — so
 * forged tokens cannot spend a real user's budget. Neither sends `RateLimit` headers on success; a 429
 * carries `Retry-After`. `operationOf` names a request in the per-IP error message.
 */
export function routeRateLimiters(
  settings: { windowMs: number; perIp: number; perUser: number },
  operationOf: (req: Request) => string,
): RouteRateLimiters {
  const ips = memoryStore(settings.windowMs);
  const users = memoryStore(settings.windowMs);
  return {
    perIp: (req, _res, next) => {
      ips.increment(ipKeyGenerator(req.ip ?? '')).then(({ totalHits, resetTime }) => {
        if (totalHits <= settings.perIp) return next();
        const retryAfter = retryAfterSeconds(resetTime, settings.windowMs);
        next(errors.rateLimited('from this address', retryAfter, operationOf(req)));
      }, next);
    },
    countUser: async (userId, operation) => {
      const { totalHits, resetTime } = await users.increment(`user:${userId}`);
      if (totalHits > settings.perUser) {
        throw errors.rateLimited('for this user', retryAfterSeconds(resetTime, settings.windowMs), operation);
      }
    },
  };
}

function memoryStore(windowMs: number): MemoryStore {
  const store = new MemoryStore();
  // MemoryStore reads only `windowMs` from the middleware options it is normally given.
  store.init({ windowMs } as Options);
  return store;
}
