import { Router } from 'express';
import { assertPushAdmin } from '../auth/push-access.js';
import { AblyError } from '../protocol/ably-error.js';
import type { LocalPush } from '../push/local-push.js';
import { parseBatchPublishBody, parsePublishBody } from '../push/push-payload.js';
import { OUTBOX_PAGE_CSP, outboxPage } from './push-outbox-page.js';
import { pushCaller } from './push-auth.js';
import { pushDevicesRouter } from './push-devices-router.js';
import { pushSubscriptionsRouter } from './push-subscriptions-router.js';
import { authenticateRequest } from './rest-auth.js';
import type { RestContext } from './rest-context.js';
import { intParam, limitParam, requestBody, sendBody } from './rest-io.js';

/**
 * Push over REST (DESIGN §13.7): the VAPID key, device registrations, channel subscriptions,
 * `POST /push/publish`, and ably-local's own outbox of deliveries (`/push/outbox`, `/push/outbox.html`).
 */
export function pushRouter(ctx: RestContext, push: LocalPush): Router {
  const router = Router();

  router.get('/push/publicVapidKey', (req, res) => {
    authenticateRequest(req, ctx.auth);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain');
    res.end(push.publicVapidKey);
  });

  router.post('/push/publish', (req, res) => {
    assertPushAdmin(pushCaller(req, ctx.auth, push), 'publish push');
    const { target, payload } = parsePublishBody(requestBody(req));
    push.publish(target, payload);
    sendBody(req, res, 201, {});
  });

  router.post('/push/batch/publish', (req, res) => {
    assertPushAdmin(pushCaller(req, ctx.auth, push), 'publish push batch');
    const items = parseBatchPublishBody(requestBody(req));
    const results = items.map(({ targets, payload }) => ({
      deliveries: targets.reduce((n, target) => n + push.publish(target, payload).length, 0),
    }));
    sendBody(req, res, 201, results);
  });

  router.get('/push/outbox', (req, res) => {
    assertPushAdmin(pushCaller(req, ctx.auth, push), 'read the push outbox');
    const items = push.outbox.list(limitParam(req), intParam(req, 'since', 0));
    sendBody(req, res, 200, { items });
  });

  router.get('/push/outbox.html', (req, res) => {
    try {
      assertPushAdmin(pushCaller(req, ctx.auth, push), 'read the push outbox');
    } catch (err) {
      // A browser asks for the key: user name = key name, password = secret (Ably's Basic auth).
      if (err instanceof AblyError && err.statusCode === 401) {
        res.set('WWW-Authenticate', 'Basic realm="ably-local push outbox", charset="UTF-8"');
      }
      throw err;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', OUTBOX_PAGE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.end(outboxPage(push.outbox.list(200), ctx.clock.now()));
  });

  router.use(pushDevicesRouter(ctx, push));
  router.use(pushSubscriptionsRouter(ctx, push));
  return router;
}
