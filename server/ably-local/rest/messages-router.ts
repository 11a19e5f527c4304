import { Router, type Request } from 'express';
import { resolveItemClientId } from '../auth/client-id-policy.js';
import { identityOperations } from '../auth/identity.js';
import { assertMayMutateAny, assertMutationAction, prepareMutation } from '../auth/mutation-policy.js';
import { userClaimFor, withUserClaim } from '../auth/user-claim.js';
import { annotationInput } from '../core/annotation-input.js';
import { occupancyOf } from '../core/occupancy.js';
import { errors } from '../protocol/ably-error.js';
import { assertMessageShape } from '../protocol/item-shape.js';
import { canonicalPayload, wirePayload } from '../protocol/payload.js';
import type { WireMessage } from '../protocol/wire-types.js';
import { linkHeader, pageOf } from './pagination.js';
import { authenticateForChannel, authoriseChannel, channelParam } from './rest-auth.js';
import { restOrigin } from './rest-origin.js';
import type { RestContext } from './rest-context.js';
import { limitWrite } from './write-limit.js';
import { limitParam, requestBody, responseFormat, sendBody, stringParam } from './rest-io.js';

/**
 * One message over REST (DESIGN §7.3): get the latest version, update/delete/append it (PATCH), list its
 * versions, publish and list annotations; and the channel status with occupancy.
 */
export function messagesRouter(ctx: RestContext): Router {
  const router = Router();
  const serialOf = (req: Request) => req.params.serial as string;

  router.get('/channels/:channel', (req, res) => {
    const channel = channelParam(req);
    authoriseChannel(req, ctx.auth, channel, 'channel-metadata');
    // A read never creates a channel: an unknown one has no occupancy.
    const metrics = ctx.channels.find(channel)?.occupancy() ?? occupancyOf([], 0);
    sendBody(req, res, 200, {
      channelId: channel,
      status: { isActive: metrics.connections > 0, occupancy: { metrics } },
    });
  });

  router.get('/channels/:channel/messages/:serial', (req, res) => {
    const channel = channelParam(req);
    authoriseChannel(req, ctx.auth, channel, 'history');
    const message = ctx.channels.get(channel).messages.get(serialOf(req));
    if (!message) throw errors.notFound(`unable to get message; no message with serial ${serialOf(req)}`);
    sendBody(req, res, 200, wirePayload(message, responseFormat(req)));
  });

  router.patch('/channels/:channel/messages/:serial', (req, res) => {
    const channel = channelParam(req);
    const body = requestBody(req) as WireMessage | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw errors.badRequest('unable to modify message; body must be a message object');
    }
    assertMessageShape(body as Record<string, unknown>, 'modify message');
    const item = canonicalPayload(body);
    const identity = authenticateForChannel(req, ctx.auth, channel);
    limitWrite(ctx.writes, identity);
    assertMutationAction(item.action);
    assertMayMutateAny(identityOperations(identity, channel), item.action, channel);
    const messages = ctx.channels.get(channel).messages;
    const target = messages.target(serialOf(req));
    ctx.moderation.assertNotBypassed(identity, channel, [target.name, item.name], 'modify message');
    const next = messages.mutate(
      { ...prepareMutation(identity, channel, item, target), serial: target.serial },
      restOrigin(),
    );
    sendBody(req, res, 200, { versionSerial: next.version.serial });
  });

  router.get('/channels/:channel/messages/:serial/versions', (req, res) => {
    const channel = channelParam(req);
    authoriseChannel(req, ctx.auth, channel, 'history');
    const limit = limitParam(req);
    const page = ctx.store.versions(channel, serialOf(req), {
      limit: limit + 1,
      cursor: stringParam(req, 'cursor'),
    });
    const { items, next } = pageOf(page, limit, (x) => x.version.serial);
    const format = responseFormat(req);
    sendBody(
      req,
      res,
      200,
      items.map((m) => wirePayload(m, format)),
      linkHeader(req, 'versions', next),
    );
  });

  router.post('/channels/:channel/messages/:serial/annotations', (req, res) => {
    const channel = channelParam(req);
    const identity = authoriseChannel(req, ctx.auth, channel, 'annotation-publish');
    limitWrite(ctx.writes, identity);
    const body = requestBody(req);
    const list = Array.isArray(body) ? body : [body];
    if (list.some((a) => typeof a !== 'object' || a === null || Array.isArray(a))) {
      throw errors.badRequest('unable to annotate; body must be an annotation or an array of them');
    }
    const claim = userClaimFor(identity, channel);
    const items = (list as Record<string, unknown>[]).map((raw) =>
      annotationInput(
        canonicalPayload<Record<string, unknown>>({
          ...raw,
          messageSerial: raw.messageSerial ?? serialOf(req),
        }),
        resolveItemClientId(identity, raw.clientId),
        (e) => withUserClaim(e, claim),
      ),
    );
    const serials = ctx.channels.get(channel).messages.annotate(items, restOrigin());
    sendBody(req, res, 201, { serials });
  });

  router.get('/channels/:channel/messages/:serial/annotations', (req, res) => {
    const channel = channelParam(req);
    authoriseChannel(req, ctx.auth, channel, 'history');
    const limit = limitParam(req);
    const page = ctx.store.annotations(channel, serialOf(req), {
      limit: limit + 1,
      cursor: stringParam(req, 'cursor'),
    });
    const { items, next } = pageOf(page, limit, (x) => x.serial);
    const format = responseFormat(req);
    sendBody(
      req,
      res,
      200,
      items.map((a) => wirePayload(a, format)),
      linkHeader(req, 'annotations', next),
    );
  });

  return router;
}
