import { Router, type Request } from 'express';
import type { Operation } from '../auth/capability.js';
import type { Identity } from '../auth/identity.js';
import { PresenceAction } from '../protocol/actions.js';
import { wirePayload } from '../protocol/payload.js';
import { linkHeader, pageOf } from './pagination.js';
import { authoriseChannel, channelParam } from './rest-auth.js';
import { publishRest } from './rest-publish.js';
import type { RestContext } from './rest-context.js';
import {
  directionParam,
  intParam,
  limitParam,
  requestBody,
  responseFormat,
  sendBody,
  stringParam,
} from './rest-io.js';

/** `/channels/:channel/…`: publish, history, presence and presence history (DESIGN §7.3). */
export function channelsRouter(ctx: RestContext): Router {
  const router = Router();

  const authorised = (req: Request, op: Operation): { identity: Identity; channel: string } => {
    const channel = channelParam(req);
    return { identity: authoriseChannel(req, ctx.auth, channel, op), channel };
  };

  router.post('/channels/:channel/messages', (req, res) => {
    const { identity, channel } = authorised(req, 'publish');
    const { items, origin, serials } = publishRest(ctx, identity, channel, requestBody(req));
    sendBody(req, res, 201, { channel, messageId: items[0]!.id ?? `${origin.pmId}:0`, serials });
  });

  router.get('/channels/:channel/messages', (req, res) => {
    const { channel } = authorised(req, 'history');
    const limit = limitParam(req);
    const direction = directionParam(req);
    const page = ctx.store.history(channel, {
      direction,
      limit: limit + 1,
      start: ctx.channels.context.rules.historyStart(channel, ctx.clock.now(), intParam(req, 'start')),
      end: intParam(req, 'end'),
      untilSerial: stringParam(req, 'from_serial'),
      cursor: stringParam(req, 'cursor'),
    });
    const { items, next } = pageOf(page, limit, (x) => x.serial);
    const format = responseFormat(req);
    const messages = ctx.channels.get(channel).messages;
    const body = items.map((m) => wirePayload(messages.withSummary(m), format));
    sendBody(req, res, 200, body, linkHeader(req, 'messages', next));
  });

  router.get('/channels/:channel/presence', (req, res) => {
    const { channel } = authorised(req, 'subscribe');
    const limit = limitParam(req);
    const clientId = stringParam(req, 'clientId');
    const connectionId = stringParam(req, 'connectionId');
    const after = stringParam(req, 'cursor');
    const members = (ctx.channels.find(channel)?.presence.members() ?? [])
      .filter(
        (m) =>
          (clientId === undefined || m.clientId === clientId) &&
          (connectionId === undefined || m.connectionId === connectionId),
      )
      .map((m) => ({ key: `${m.clientId}:${m.connectionId}`, m }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .filter(({ key }) => after === undefined || key > after);
    const { items, next } = pageOf(members, limit, (x) => x.key);
    const format = responseFormat(req);
    const body = items.map(({ m }) => wirePayload({ ...m, action: PresenceAction.PRESENT }, format));
    sendBody(req, res, 200, body, linkHeader(req, 'presence', next));
  });

  router.get('/channels/:channel/presence/history', (req, res) => {
    const { channel } = authorised(req, 'history');
    const limit = limitParam(req);
    const direction = directionParam(req);
    const start = ctx.channels.context.rules.historyStart(channel, ctx.clock.now(), intParam(req, 'start'));
    const end = intParam(req, 'end');
    const cursor = intParam(req, 'cursor');
    const events = (ctx.channels.find(channel)?.presence.history() ?? []).filter(
      ({ seq, member }) =>
        (start === undefined || member.timestamp >= start) &&
        (end === undefined || member.timestamp <= end) &&
        (cursor === undefined || (direction === 'backwards' ? seq < cursor : seq > cursor)),
    );
    const ordered = direction === 'backwards' ? [...events].reverse() : events;
    const { items, next } = pageOf(ordered, limit, (x) => String(x.seq));
    const format = responseFormat(req);
    sendBody(
      req,
      res,
      200,
      items.map(({ member }) => wirePayload(member, format)),
      linkHeader(req, 'history', next),
    );
  });

  return router;
}
