import { existsSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { BackendError, errors } from '../errors.js';

/** The only kinds of file served, with their exact Content-Type; anything else is a 404. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Stable URLs: cached, but revalidated (ETag / Last-Modified) on every use, so a deploy is seen at once. */
const STABLE_FILES = [
  '/embedded-chat.js',
  '/embedded-chat.js.map',
  '/embedded-chat.eager.js',
  '/embedded-chat.eager.js.map',
  '/embedded-chat-sw.js',
  '/embedded-chat-sw.js.map',
  '/custom-elements.json',
];
const REVALIDATE = 'no-cache';
/** `chunks/` holds content-hashed files: a changed file gets a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SERVICE_WORKER = 'embedded-chat-sw.js';

/**
 * Serves the built element from `widgetDir` (the build's `dist/`) to any origin (docs/http-api.md §9):
 * `/embedded-chat.js` (the loader a host page's `<script type="module">` names), its source map, the service
 * worker `/embedded-chat-sw.js`, `/custom-elements.json`, and `/chunks/*`. Mounted before helmet: these are
 * scripts for other origins' pages, so they carry `Access-Control-Allow-Origin: *` and
 * `Cross-Origin-Resource-Policy: cross-origin` instead of the API's same-origin headers. Never lists a
 * directory or leaves `widgetDir` (serve-static refuses `..`, dotfiles are ignored); a missing file is the
 * backend's JSON 404, and a missing `widgetDir` says the element is not built (1016).
 */
export function createWidgetRouter(dir: string): Router {
  const widgetDir = resolve(dir);
  const router = Router();
  const notServed: RequestHandler = (req, _res, next) => {
    next(existsSync(widgetDir) ? errors.notFound(req.method) : errors.widgetNotBuilt());
  };
  router.get(STABLE_FILES, crossOriginFile, serve(widgetDir, REVALIDATE), notServed);
  router.use('/chunks', crossOriginFile, serve(join(widgetDir, 'chunks'), IMMUTABLE), notServed);
  router.use(clientErrors);
  return router;
}

/** Headers of every answer here, errors included; only the known file types go on to be served. */
const crossOriginFile: RequestHandler = (req, res, next) => {
  res.set({
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
  });
  if (CONTENT_TYPES[extname(req.path)] === undefined) next(errors.notFound(req.method));
  else next();
};

function serve(root: string, cacheControl: string): RequestHandler {
  return express.static(root, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    etag: true,
    lastModified: true,
    cacheControl: false,
    acceptRanges: false,
    setHeaders: (res, path) => {
      res.setHeader('Content-Type', CONTENT_TYPES[extname(path)] ?? 'application/octet-stream');
      res.setHeader('Cache-Control', cacheControl);
      if (basename(path) === SERVICE_WORKER) res.setHeader('Service-Worker-Allowed', '/');
    },
  });
}

/**
 * serve-static's own client errors once it found the file — a failed precondition the client set
 * (`If-Match`, `If-Unmodified-Since` → 412): that status without a body, not an internal error.
 */
const clientErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  const status = err instanceof BackendError ? undefined : (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).set('Cache-Control', 'no-store').end();
    return;
  }
  next(err);
};
