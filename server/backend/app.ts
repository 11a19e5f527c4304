import express, { type Express } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { errorMiddleware, notFoundHandler } from './errors.js';
import { createLogger } from './logger.js';
import { createChatRouter, type ChatRouterOptions } from './routes/chat-router.js';
import { createWidgetRouter } from './routes/widget-route.js';

/**
 * helmet configured for a JSON API (OWASP REST Security headers): a CSP that allows nothing and no framing,
 * HSTS, nosniff, `X-Frame-Options: DENY`, no referrer and same-origin resource policy. The headers that only
 * matter for HTML documents or legacy browsers (DNS prefetch, IE download options, XSS auditor, COOP,
 * Origin-Agent-Cluster) are left out: they protect nothing here and cost time on every token.
 */
const API_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xXssProtection: false,
};

/** Everything the standalone app needs; `main.ts` builds it from config, tests build it directly. */
export interface AppDeps extends ChatRouterOptions {
  /** Express `trust proxy` (hops, or true), so per-IP limits see client addresses behind a proxy. */
  trustProxy?: boolean | number;
  /**
   * Absolute path of the element's build output (`dist/`); when given, the app serves `/embedded-chat.js`,
   * `/chunks/*`, `/embedded-chat-sw.js` and `/custom-elements.json` from it to any origin.
   */
  widgetDir?: string;
  /**
   * Pages and routes of the host app served next to the API (before the 404), e.g. `npm start`'s demo. They
   * get no API headers of their own: they set what they need.
   */
  hostRoutes?: express.Router;
}

/**
 * The standalone backend: the built element (with `widgetDir`, cross-origin), then helmet's security headers
 * for everything else — the chat router under `/api`, `GET /healthz`, JSON 404s and errors. Reads no
 * environment and does not listen.
 */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? createLogger();
  const app = express();
  app.disable('x-powered-by');
  // Tokens and task state are never cached, so hashing every body for an ETag is wasted work.
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);
  if (deps.widgetDir !== undefined) app.use(createWidgetRouter(deps.widgetDir));
  if (deps.hostRoutes !== undefined) app.use(deps.hostRoutes);
  app.use(helmet(API_HEADERS));
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.use('/api', createChatRouter({ ...deps, logger }));
  app.use(notFoundHandler);
  app.use(errorMiddleware(logger));
  return app;
}
