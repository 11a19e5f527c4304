import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One structured line per request: method, path (never the query string), status and duration, plus the
 * user and task when a route set `res.locals.logFields`. Bodies and headers are never logged.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const path = req.originalUrl.split('?', 1)[0];
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = (res.locals.logFields ?? {}) as Record<string, unknown>;
      logger.info(
        { method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ...fields },
        'request',
      );
    });
    next();
  };
}
