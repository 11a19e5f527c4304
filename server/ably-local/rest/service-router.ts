import { Router } from 'express';
import type { RestContext } from './rest-context.js';
import { sendBody } from './rest-io.js';

/** `/time`, `/stats` and the connectivity check URL the SDK probes (DESIGN §7.3). */
export function serviceRouter(ctx: RestContext): Router {
  const router = Router();
  router.get('/time', (req, res) => sendBody(req, res, 200, [ctx.clock.now()]));
  router.get('/is-the-internet-up.txt', (_req, res) => {
    res.status(200).type('text/plain').send('yes\n');
  });
  router.get('/stats', (req, res) => sendBody(req, res, 200, []));
  return router;
}
