import { Router, type Request } from 'express';
import { assertMaySubscribe, assertPushAdmin, isPushAdmin } from '../auth/push-access.js';
import { resolveChannelName } from '../core/channel-name.js';
import { errors } from '../protocol/ably-error.js';
import { isPlainObject } from '../protocol/item-shape.js';
import { isDeviceId, type ChannelSubscription } from '../push/device-details.js';
import type { LocalPush } from '../push/local-push.js';
import { subscriptionKey, type SubscriptionQuery } from '../push/push-store.js';
import { linkHeader, pageOf } from './pagination.js';
import { pushCaller } from './push-auth.js';
import { limitPushWrite } from './push-devices-router.js';
import type { RestContext } from './rest-context.js';
import { limitParam, requestBody, sendBody, sendNoContent, stringParam } from './rest-io.js';

/** The subscription a body or query names: a channel (resolved, 40010 when invalid) and a subscriber. */
function subscriptionOf(source: Record<string, unknown>, operation: string, requireChannel: boolean) {
  const out: { channel?: string; deviceId?: string; clientId?: string } = {};
  const { channel, deviceId, clientId } = source;
  if (channel !== undefined) {
    out.channel = resolveChannelName(channel).name;
  } else if (requireChannel) {
    throw errors.badRequest(`unable to ${operation}; channel is required`);
  }
  if (deviceId !== undefined) {
    if (!isDeviceId(deviceId)) throw errors.badRequest(`unable to ${operation}; invalid deviceId`);
    out.deviceId = deviceId;
  }
  if (clientId !== undefined) {
    if (typeof clientId !== 'string' || clientId === '' || clientId === '*') {
      throw errors.invalidClientId(`unable to ${operation}; invalid clientId`);
    }
    out.clientId = clientId;
  }
  return out;
}

const queryOf = (req: Request): Record<string, unknown> => ({
  channel: stringParam(req, 'channel'),
  deviceId: stringParam(req, 'deviceId'),
  clientId: stringParam(req, 'clientId'),
});

/**
 * `/push/channelSubscriptions` and `/push/channels` (DESIGN §13.2): a device or
 * a clientId subscribes to channel push; listing, removing and the channels with subscribers.
 */
export function pushSubscriptionsRouter(ctx: RestContext, push: LocalPush): Router {
  const router = Router();
  const base = '/push/channelSubscriptions';

  router.post(base, (req, res) => {
    const body = requestBody(req);
    if (!isPlainObject(body)) throw errors.badRequest('unable to subscribe; body must be an object');
    const wanted = subscriptionOf(body, 'subscribe', true);
    if ((wanted.deviceId === undefined) === (wanted.clientId === undefined)) {
      throw errors.badRequest('unable to subscribe; give exactly one of deviceId and clientId');
    }
    const caller = pushCaller(req, ctx.auth, push, wanted.deviceId);
    assertMaySubscribe(caller, wanted, 'subscribe');
    limitPushWrite(ctx, caller);
    sendBody(req, res, 201, push.subscribe(wanted as ChannelSubscription, 'subscribe'));
  });

  router.get(base, (req, res) => {
    const filter = subscriptionOf(queryOf(req), 'list subscriptions', false);
    const caller = pushCaller(req, ctx.auth, push, filter.deviceId);
    if (!isPushAdmin(caller)) assertMaySubscribe(caller, filter, 'list subscriptions');
    const limit = limitParam(req);
    const cursor = stringParam(req, 'cursor');
    const query: SubscriptionQuery = {
      ...filter,
      concatFilters: stringParam(req, 'concatFilters') === 'true',
      limit: limit + 1,
      ...(cursor === undefined ? {} : { cursor }),
    };
    const { items, next } = pageOf(push.store.listSubscriptions(query), limit, subscriptionKey);
    sendBody(req, res, 200, items, linkHeader(req, 'channelSubscriptions', next));
  });

  router.delete(base, (req, res) => {
    const filter = subscriptionOf(queryOf(req), 'unsubscribe', false);
    const caller = pushCaller(req, ctx.auth, push, filter.deviceId);
    if (!isPushAdmin(caller)) assertMaySubscribe(caller, filter, 'unsubscribe');
    if (filter.channel === undefined && filter.deviceId === undefined && filter.clientId === undefined) {
      throw errors.badRequest('unable to unsubscribe; give channel, deviceId or clientId');
    }
    push.store.unsubscribe(filter);
    sendNoContent(req, res);
  });

  router.get('/push/channels', (req, res) => {
    assertPushAdmin(pushCaller(req, ctx.auth, push), 'list push channels');
    const limit = limitParam(req);
    const fetched = push.store.channels(limit + 1, stringParam(req, 'cursor'));
    const { items, next } = pageOf(fetched, limit, (name) => name);
    sendBody(req, res, 200, items, linkHeader(req, 'channels', next));
  });

  return router;
}
