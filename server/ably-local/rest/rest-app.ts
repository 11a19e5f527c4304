import express, { type NextFunction, type Request, type Response } from 'express';
import { AblyError, errors } from '../protocol/ably-error.js';
import { batchRouter } from './batch-router.js';
import { channelsRouter } from './channels-router.js';
import { chatRouter } from './chat-router.js';
import { cors } from './cors.js';
import { keysRouter } from './keys-router.js';
import { messagesRouter } from './messages-router.js';
import { pushRouter } from './push-router.js';
import type { RestContext } from './rest-context.js';
import { sendError } from './rest-io.js';
import { serviceRouter } from './service-router.js';

const MAX_BODY = '2mb';

/**
 * The REST half of ably-local as an Express app (DESIGN §7). `realtimeRoutes` (the comet transport, DESIGN
 * §3.7) are mounted right after CORS, before any body parsing, so they read their own bodies; `controlRoutes`
 * (the Control API, §15) answer everything under `/v1`.
 */
export function createRestApp(
  ctx: RestContext,
  realtimeRoutes?: express.RequestHandler,
  controlRoutes?: express.RequestHandler,
): express.Express {
  const app = express();
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.set('query parser', 'simple');
  // The Control API (DESIGN §15) reads its own JSON bodies and answers its own errors.
  if (controlRoutes) app.use('/v1', controlRoutes);
  app.use(cors);
  if (realtimeRoutes) app.use(realtimeRoutes);
  app.use(express.raw({ type: () => true, limit: MAX_BODY }));
  app.use(serviceRouter(ctx));
  app.use(keysRouter(ctx));
  app.use(channelsRouter(ctx));
  app.use(messagesRouter(ctx));
  app.use(chatRouter(ctx));
  app.use(batchRouter(ctx));
  app.use(pushRouter(ctx, ctx.push));
  app.use((req, _res, next) => next(errors.notFound(`no route for ${req.method} ${req.path}`)));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const error = AblyError.from(bodyParserError(err) ?? err);
    if (error.statusCode >= 500) ctx.report(`answer ${req.method} ${req.path}`, error);
    sendError(req, res, error);
  });
  return app;
}

/** express.raw errors (too large, aborted) carry an HTTP status; keep it and give an Ably code. */
function bodyParserError(err: unknown) {
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.too.large')
    return errors.tooLarge(Number((err as { length?: number }).length ?? 0), 2 * 1024 * 1024);
  if (typeof e.type === 'string' && typeof e.status === 'number')
    return errors.badRequest(`unable to read body; ${e.message}`);
  return undefined;
}
