import { resolveItemClientId } from '../auth/client-id-policy.js';
import type { Identity } from '../auth/identity.js';
import { userClaimFor, withUserClaim } from '../auth/user-claim.js';
import type { PublishOrigin } from '../core/channel-context.js';
import type { ConnectionLookup, KnownConnection } from '../core/connection-lookup.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import { assertMessageShape } from '../protocol/item-shape.js';
import { canonicalPayload } from '../protocol/payload.js';
import type { WireMessage } from '../protocol/wire-types.js';
import type { RestContext } from './rest-context.js';
import { restOrigin } from './rest-origin.js';
import { limitWrite } from './write-limit.js';

/** Messages of one REST publish, ready for `ChannelMessages.publish`, and where they come from. */
export interface RestPublish {
  items: WireMessage[];
  origin: PublishOrigin;
}

/**
 * Checks and stamps the messages of a REST publish to `channel` (DESIGN §2.4, §6.5, §6.6, §7.3): item shape,
 * the publisher's clientId, the user claim. A `connectionKey` on the messages publishes on behalf of that
 * realtime connection (TM2h): they carry its connectionId, so its `echo=false` applies, and its clientId
 * when none is given. Every message of one publish must name the same connection (or none); an unknown key
 * → 40006. Throws AblyError; publishes nothing.
 */
export function prepareRestPublish(
  identity: Identity,
  channel: string,
  body: unknown,
  connections?: ConnectionLookup,
): RestPublish {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || list.some((m) => typeof m !== 'object' || m === null || Array.isArray(m))) {
    throw errors.badRequest('unable to publish; body must be a message object or an array of them');
  }
  const on = onBehalfOf(list as Record<string, unknown>[], connections);
  const claim = userClaimFor(identity, channel);
  const items = (list as WireMessage[]).map((raw) => {
    assertMessageShape(raw as Record<string, unknown>, 'publish');
    const { connectionKey: _key, ...item } = canonicalPayload(raw);
    let clientId = resolveItemClientId(identity, item.clientId);
    if (on?.clientId !== undefined) {
      if (clientId !== undefined && clientId !== on.clientId) {
        throw errors.invalidClientId(
          `unable to publish; clientId ${JSON.stringify(clientId)} is not that of the connection named by connectionKey`,
        );
      }
      clientId = on.clientId;
    }
    const extras = withUserClaim(item.extras, claim);
    if (extras === undefined) delete item.extras;
    else item.extras = extras;
    if (clientId === undefined) delete item.clientId;
    else item.clientId = clientId;
    return item;
  });
  const origin = restOrigin();
  return { items, origin: on ? { ...origin, connectionId: on.connectionId } : origin };
}

/**
 * A REST publish to `channel` by an identity already allowed to publish there (`POST /channels/…/messages`, one
 * channel of a batch): the write limit, {@link prepareRestPublish}, the moderation bypass guard, then the
 * publish. Throws AblyError; publishes nothing then.
 */
export function publishRest(
  ctx: RestContext,
  identity: Identity,
  channel: string,
  body: unknown,
): RestPublish & { serials: string[] } {
  limitWrite(ctx.writes, identity);
  const { items, origin } = prepareRestPublish(identity, channel, body, ctx.connections);
  ctx.moderation.assertNotBypassed(
    identity,
    channel,
    items.map((m) => m.name),
    'publish',
  );
  return { items, origin, serials: ctx.channels.get(channel).messages.publish(items, origin) };
}

function onBehalfOf(
  list: Record<string, unknown>[],
  connections: ConnectionLookup | undefined,
): KnownConnection | undefined {
  const keys = new Set(list.map((m) => m.connectionKey).filter((k) => k !== undefined && k !== null));
  if (keys.size === 0) return undefined;
  const [key] = keys;
  if (keys.size > 1 || typeof key !== 'string') {
    throw invalidConnectionKey('every message of one publish must name the same connectionKey');
  }
  const known = connections?.byKey(key);
  if (!known) throw invalidConnectionKey('no connection has that connectionKey');
  return known;
}

function invalidConnectionKey(reason: string): AblyError {
  return new AblyError(40006, 400, `unable to publish; invalid connectionKey; ${reason}`);
}
