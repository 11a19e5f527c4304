import type { RequestHandler } from 'express';

/**
 * CORS for the routes the element calls from the host page (`POST /token`, `/read-state`): pages on
 * `allowedOrigins` may call them with `methods`. `*` allows any origin without credentials; listed origins get
 * credentials too (host session cookies with `identify`). Other origins get no CORS headers, so the browser
 * keeps the response from the page. Answers every preflight (`OPTIONS`) with 204.
 */
export function apiCors(allowedOrigins: readonly string[], methods: readonly string[]): RequestHandler {
  const anyOrigin = allowedOrigins.includes('*');
  const listed = new Set(allowedOrigins.filter((origin) => origin !== '*'));
  const allowMethods = [...methods, 'OPTIONS'].join(', ');
  return (req, res, next) => {
    const origin = req.get('origin');
    if (allowedOrigins.length > 0) res.vary('Origin');
    if (origin !== undefined && (listed.has(origin) || anyOrigin)) {
      if (listed.has(origin)) {
        res.set('Access-Control-Allow-Origin', origin);
        res.set('Access-Control-Allow-Credentials', 'true');
      } else {
        res.set('Access-Control-Allow-Origin', '*');
      }
      if (req.method === 'OPTIONS') {
        res.set('Access-Control-Allow-Methods', allowMethods);
        res.set('Access-Control-Allow-Headers', 'Content-Type');
        res.set('Access-Control-Max-Age', '600');
      }
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
