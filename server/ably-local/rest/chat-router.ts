import { Router, type Request } from 'express';
import { resolveItemClientId } from '../auth/client-id-policy.js';
import { identityOperations, type Identity } from '../auth/identity.js';
import { assertMayMutate, assertMayMutateAny } from '../auth/mutation-policy.js';
import { userClaimFor } from '../auth/user-claim.js';
import type { Channel } from '../core/channel.js';
import { resolveChannelName } from '../core/channel-name.js';
import type { StoredMessage } from '../core/message-store.js';
import { MessageAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { assertMetadata } from '../protocol/item-shape.js';
import { messageFields, objectBody, opLabel, reactionType, requireClientId } from './chat-fields.js';
import { isObject, toRestMessage } from './chat-message.js';
import { linkHeader, pageOf } from './pagination.js';
import { authenticateForChannel, authoriseChannel } from './rest-auth.js';
import { restOrigin } from './rest-origin.js';
import type { RestContext } from './rest-context.js';
import { limitWrite } from './write-limit.js';
import { directionParam, intParam, limitParam, requestBody, sendBody, stringParam } from './rest-io.js';

const CHAT_MESSAGE = 'chat.message';

/**
 * Chat REST v4 (`/chat/v4/rooms/:room/…`, DESIGN §7.4): messages are stored and re-published on
 * `<room>::$chat` as `chat.message`, fanned out before the HTTP answer so a subscription point taken right
 * after `send()` already includes the message.
 */
export function chatRouter(ctx: RestContext): Router {
  const router = Router();
  const base = '/chat/v4/rooms/:room';
  const channelOf = (req: Request) => resolveChannelName(`${req.params.room as string}::$chat`).name;
  const target = (channel: Channel, req: Request): StoredMessage => {
    const message = channel.messages.latest(req.params.serial as string);
    if (!message || message.name !== CHAT_MESSAGE) {
      throw errors.notFound(`unable to find message; no message with serial ${String(req.params.serial)}`);
    }
    return message;
  };
  const extrasFor = (identity: Identity, name: string, headers: unknown) => {
    const claim = userClaimFor(identity, name);
    return {
      headers: isObject(headers) ? headers : {},
      ...(claim === undefined ? {} : { userClaim: claim }),
    };
  };

  router.post(`${base}/messages`, async (req, res) => {
    const name = channelOf(req);
    const identity = authoriseChannel(req, ctx.auth, name, 'publish');
    limitWrite(ctx.writes, identity);
    const clientId = requireClientId(identity, 'send message');
    const body = objectBody(req, 'send message');
    const { text, metadata, headers } = messageFields(body, 'send message');
    const key = stringParam(req, 'idempotencyKey');
    // Before anything is stored or fanned out (DESIGN §12); a repeated idempotent send was moderated already.
    // Unmoderated rooms stay synchronous, as before rules existed.
    const repeated = () => key !== undefined && ctx.channels.get(name).messages.hasSeen(`chat:${key}`);
    if (ctx.moderation.covers(name) && !repeated()) {
      await ctx.moderation.moderate(name, { clientId, text, metadata, headers }, 'send message');
    }
    const channel = ctx.channels.get(name);
    const [serial] = channel.messages.publish(
      [
        {
          ...(key === undefined ? {} : { id: `chat:${key}` }),
          name: CHAT_MESSAGE,
          clientId,
          data: { text, metadata },
          extras: extrasFor(identity, name, headers),
        },
      ],
      restOrigin(),
    );
    sendBody(req, res, 201, toRestMessage(channel.messages.latest(serial!)!));
  });

  router.get(`${base}/messages`, (req, res) => {
    const name = channelOf(req);
    authoriseChannel(req, ctx.auth, name, 'history');
    const limit = limitParam(req);
    const page = ctx.store.history(name, {
      direction: directionParam(req),
      limit: limit + 1,
      start: intParam(req, 'start'),
      end: intParam(req, 'end'),
      untilSerial: stringParam(req, 'fromSerial'),
      cursor: stringParam(req, 'cursor'),
    });
    const { items, next } = pageOf(page, limit, (x) => x.serial);
    const messages = ctx.channels.get(name).messages;
    const body = items
      .filter((m) => m.name === CHAT_MESSAGE)
      .map((m) => toRestMessage(messages.withSummary(m)));
    sendBody(req, res, 200, body, linkHeader(req, 'messages', next));
  });

  router.get(`${base}/messages/:serial`, (req, res) => {
    const name = channelOf(req);
    authoriseChannel(req, ctx.auth, name, 'history');
    const channel = ctx.channels.get(name);
    sendBody(req, res, 200, toRestMessage(channel.messages.withSummary(target(channel, req))));
  });

  router.put(`${base}/messages/:serial`, async (req, res) => {
    const name = channelOf(req);
    const identity = authenticateForChannel(req, ctx.auth, name);
    limitWrite(ctx.writes, identity);
    const body = objectBody(req, 'update message');
    if (!isObject(body.message))
      throw errors.badRequest('unable to update message; message must be an object');
    const { text, metadata, headers } = messageFields(body.message, 'update message');
    const fields = { data: { text, metadata }, extras: extrasFor(identity, name, headers) };
    if (ctx.moderation.covers(name)) {
      // Permission and target first, so nobody learns a rule's verdict on an edit they may not make.
      const { message, caller } = authoriseMutation(identity, name, req, MessageAction.UPDATE);
      const clientId = caller ?? message.clientId ?? '';
      await ctx.moderation.moderate(name, { clientId, text, metadata, headers }, 'update message');
    }
    const next = mutate(identity, name, req, MessageAction.UPDATE, body, fields);
    sendBody(req, res, 200, toRestMessage(next));
  });

  router.post(`${base}/messages/:serial/delete`, (req, res) => {
    const name = channelOf(req);
    const identity = authenticateForChannel(req, ctx.auth, name);
    limitWrite(ctx.writes, identity);
    const body = requestBody(req) ?? {};
    if (!isObject(body)) throw errors.badRequest('unable to delete message; body must be an object');
    const next = mutate(identity, name, req, MessageAction.DELETE, body, {
      data: { text: '', metadata: {} },
      extras: extrasFor(identity, name, {}),
    });
    sendBody(req, res, 200, toRestMessage(next));
  });

  router.get(`${base}/messages/:serial/versions`, (req, res) => {
    const name = channelOf(req);
    authoriseChannel(req, ctx.auth, name, 'history');
    const limit = limitParam(req);
    const serial = req.params.serial as string;
    const page = ctx.store.versions(name, serial, { limit: limit + 1, cursor: stringParam(req, 'cursor') });
    const { items, next } = pageOf(page, limit, (x) => x.version.serial);
    sendBody(req, res, 200, items.map(toRestMessage), linkHeader(req, 'versions', next));
  });

  router.post(`${base}/messages/:serial/reactions`, (req, res) => {
    const name = channelOf(req);
    const identity = authoriseChannel(req, ctx.auth, name, 'annotation-publish');
    limitWrite(ctx.writes, identity);
    const clientId = requireClientId(identity, 'add reaction');
    const body = objectBody(req, 'add reaction');
    const type = reactionType(body.type);
    if (typeof body.name !== 'string' || body.name === '') {
      throw errors.badRequest('unable to add reaction; name must be a non-empty string');
    }
    const count = body.count ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1) {
      throw errors.badRequest('unable to add reaction; count must be a positive integer');
    }
    const channel = ctx.channels.get(name);
    const message = target(channel, req);
    const claim = userClaimFor(identity, name);
    const [serial] = channel.messages.annotate(
      [
        {
          action: 0,
          type,
          name: body.name,
          messageSerial: message.serial,
          clientId,
          ...(type === 'reaction:multiple.v1' ? { count: count as number } : {}),
          ...(claim === undefined ? {} : { extras: { userClaim: claim } }),
        },
      ],
      restOrigin(),
    );
    sendBody(req, res, 201, { serial });
  });

  router.delete(`${base}/messages/:serial/reactions`, (req, res) => {
    const name = channelOf(req);
    const identity = authoriseChannel(req, ctx.auth, name, 'annotation-publish');
    limitWrite(ctx.writes, identity);
    const clientId = requireClientId(identity, 'remove reaction');
    const type = reactionType(stringParam(req, 'type'));
    const reaction = stringParam(req, 'name');
    if (type !== 'reaction:unique.v1' && !reaction) {
      throw errors.badRequest(
        'unable to remove reaction; name is required for distinct and multiple reactions',
      );
    }
    const channel = ctx.channels.get(name);
    const message = target(channel, req);
    const claim = userClaimFor(identity, name);
    const [serial] = channel.messages.annotate(
      [
        {
          action: 1,
          type,
          messageSerial: message.serial,
          clientId,
          ...(reaction ? { name: reaction } : {}),
          ...(claim === undefined ? {} : { extras: { userClaim: claim } }),
        },
      ],
      restOrigin(),
    );
    sendBody(req, res, 200, { serial });
  });

  router.get(`${base}/messages/:serial/client-reactions`, (req, res) => {
    const name = channelOf(req);
    const identity = authoriseChannel(req, ctx.auth, name, 'subscribe');
    const forClientId = stringParam(req, 'forClientId') ?? requireClientId(identity, 'get reactions');
    const channel = ctx.channels.get(name);
    const summary = channel.messages.annotations.clientSummary(target(channel, req).serial, forClientId);
    sendBody(req, res, 200, {
      unique: summary['reaction:unique.v1'] ?? {},
      distinct: summary['reaction:distinct.v1'] ?? {},
      multiple: summary['reaction:multiple.v1'] ?? {},
    });
  });

  router.get(`${base}/occupancy`, (req, res) => {
    const name = channelOf(req);
    authoriseChannel(req, ctx.auth, name, 'subscribe');
    const metrics = ctx.channels.find(name)?.occupancy();
    sendBody(req, res, 200, {
      connections: metrics?.connections ?? 0,
      presenceMembers: metrics?.presenceMembers ?? 0,
    });
  });

  /** The own/any rule for an update/delete of the target; the caller's clientId, if any. */
  function authoriseMutation(
    identity: Identity,
    name: string,
    req: Request,
    action: typeof MessageAction.UPDATE | typeof MessageAction.DELETE,
  ): { message: StoredMessage; caller: string | undefined } {
    const ops = identityOperations(identity, name);
    assertMayMutateAny(ops, action, name);
    const message = target(ctx.channels.get(name), req);
    const caller = resolveItemClientId(identity, undefined);
    assertMayMutate(ops, action, caller, message.clientId, name);
    return { message, caller };
  }

  /** Update/delete with the own/any rule; the version names the caller (DESIGN §7.4). */
  function mutate(
    identity: Identity,
    name: string,
    req: Request,
    action: typeof MessageAction.UPDATE | typeof MessageAction.DELETE,
    body: Record<string, unknown>,
    fields: { data: Record<string, unknown>; extras: Record<string, unknown> },
  ): StoredMessage {
    const { message, caller } = authoriseMutation(identity, name, req, action);
    const channel = ctx.channels.get(name);
    const version: { clientId?: string; description?: string; metadata?: Record<string, string> } = {};
    if (caller !== undefined) version.clientId = caller;
    if (body.description !== undefined && typeof body.description !== 'string') {
      throw errors.badRequest(`unable to ${opLabel(action)}; description must be a string`);
    }
    assertMetadata(body.metadata, 'metadata', opLabel(action));
    if (typeof body.description === 'string') version.description = body.description;
    if (isObject(body.metadata)) version.metadata = body.metadata as Record<string, string>;
    const key = stringParam(req, 'idempotencyKey');
    return channel.messages.mutate(
      {
        action,
        serial: message.serial,
        fields,
        version,
        ...(key === undefined ? {} : { idempotencyKey: key }),
      },
      restOrigin(),
    );
  }

  return router;
}
