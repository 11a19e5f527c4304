import type { Operation } from '../auth/capability.js';
import { resolveItemClientId } from '../auth/client-id-policy.js';
import { assertMayMutateAny, assertMutationAction, prepareMutation } from '../auth/mutation-policy.js';
import { userClaimFor, withUserClaim } from '../auth/user-claim.js';
import { annotationInput } from '../core/annotation-input.js';
import { resolveChannelName } from '../core/channel-name.js';
import { MessageAction, PresenceAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { Flag, hasFlag } from '../protocol/flags.js';
import { assertMessageShape, assertPresenceShape } from '../protocol/item-shape.js';
import { canonicalPayload } from '../protocol/payload.js';
import type { ProtocolMessage, WireMessage, WirePresence } from '../protocol/wire-types.js';
import type { AckOutcome, RealtimeConnection } from './realtime-connection.js';
import type { RealtimeContext } from './realtime-context.js';

/**
 * MESSAGE: creates are published; updates, deletes and appends (action 1/2/5, `serial` = target) become new
 * versions (DESIGN §4.6–4.7). Returns the ACK `res`: one serial (or version serial) per item.
 */
export function handleMessage(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
): AckOutcome {
  const { name } = resolveChannelName(pm.channel);
  const items = itemsOf<WireMessage>(pm.messages, 'messages');
  for (const item of items) assertMessageShape(item as Record<string, unknown>, 'publish');
  const origin = {
    connectionId: conn.id,
    pmId: `${conn.id}:${pm.msgSerial}`,
    appendRollupWindowMs: conn.appendRollupWindowMs,
  };
  const claim = userClaimFor(conn.identity, name);
  const creates = items.every((m) => (m.action ?? MessageAction.CREATE) === MessageAction.CREATE);
  if (creates) {
    authorise(conn, pm, ctx, name, 'publish', Flag.PUBLISH);
    ctx.moderation.assertNotBypassed(
      conn.identity,
      name,
      items.map((m) => m.name),
      'publish',
    );
    const stamped = items.map((raw) => {
      const item = canonicalPayload(raw);
      const clientId = resolveItemClientId(conn.identity, item.clientId);
      const out: WireMessage = { ...item, extras: withUserClaim(item.extras, claim) };
      if (out.extras === undefined) delete out.extras;
      if (clientId === undefined) delete out.clientId;
      else out.clientId = clientId;
      return out;
    });
    return { res: [{ serials: ctx.channels.get(name).messages.publish(stamped, origin) }] };
  }
  if (items.length !== 1) throw errors.badRequest('unable to modify message; one operation per frame');
  const item = canonicalPayload(items[0]!);
  if (typeof item.serial !== 'string')
    throw errors.badRequest('unable to modify message; serial is required');
  assertMutationAction(item.action);
  assertMayMutateAny(conn.operationsOn(name), item.action!, name);
  const channel = ctx.channels.get(name);
  const target = channel.messages.target(item.serial);
  ctx.moderation.assertNotBypassed(conn.identity, name, [target.name, item.name], 'modify message');
  const next = channel.messages.mutate(
    { ...prepareMutation(conn.identity, name, item, target), serial: item.serial },
    origin,
  );
  return { res: [{ serials: [next.version.serial] }] };
}

/** PRESENCE: enter/update/leave for the connection's clientId, or any clientId for privileged identities. */
export function handlePresence(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
): AckOutcome {
  const { name } = resolveChannelName(pm.channel);
  authorise(conn, pm, ctx, name, 'presence', Flag.PRESENCE);
  const claim = userClaimFor(conn.identity, name);
  const items = itemsOf<WirePresence>(pm.presence, 'presence').map((raw) => {
    assertPresenceShape(raw as Record<string, unknown>, 'enter presence');
    const item = canonicalPayload(raw);
    const clientId = resolveItemClientId(conn.identity, item.clientId);
    if (clientId === undefined) throw errors.presenceNoClientId();
    const action = item.action ?? PresenceAction.ENTER;
    if (action < PresenceAction.ENTER || action > PresenceAction.UPDATE) {
      throw errors.badRequest(`unable to apply presence; action ${action} cannot be sent by a client`);
    }
    // Only the fields a client may set; connectionId and timestamp are the server's.
    const out: WirePresence = { clientId, action };
    if (typeof item.id === 'string') out.id = item.id;
    if (item.data !== undefined && item.data !== null) out.data = item.data;
    if (typeof item.encoding === 'string') out.encoding = item.encoding;
    const extras = withUserClaim(item.extras ?? undefined, claim);
    if (extras !== undefined) out.extras = extras;
    return out;
  });
  ctx.channels.get(name).presence.apply(items, { connectionId: conn.id, pmId: `${conn.id}:${pm.msgSerial}` });
  conn.presenceChannels.add(name);
  return { res: [{ serials: [] }] };
}

/** ANNOTATION: annotation create/delete aimed at a message (DESIGN §4.7). */
export function handleAnnotation(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
): AckOutcome {
  const { name } = resolveChannelName(pm.channel);
  authorise(conn, pm, ctx, name, 'annotation-publish', Flag.ANNOTATION_PUBLISH);
  const claim = userClaimFor(conn.identity, name);
  const items = itemsOf<Record<string, unknown>>(pm.annotations, 'annotations').map((raw) =>
    annotationInput(canonicalPayload(raw), resolveItemClientId(conn.identity, raw.clientId), (e) =>
      withUserClaim(e, claim),
    ),
  );
  const serials = ctx.channels
    .get(name)
    .messages.annotate(items, { connectionId: conn.id, pmId: `${conn.id}:${pm.msgSerial}` });
  return { res: [{ serials }] };
}

/** Capability first, then the mode of the attachment under the name the frame used, if attached. */
function authorise(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
  channel: string,
  op: Operation,
  mode: number,
): void {
  if (!conn.operationsOn(channel).has(op)) throw errors.capability(op, channel);
  const attachment = ctx.channels.find(channel)?.attachment(conn.id, pm.channel);
  if (attachment && !hasFlag(attachment.modes, mode)) throw errors.modeNotRequested(op, channel);
}

function itemsOf<T>(value: unknown, field: string): T[] {
  if (!Array.isArray(value)) throw errors.badRequest(`unable to process frame; ${field} must be an array`);
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw errors.badRequest(`unable to process frame; each of ${field} must be an object`);
    }
  }
  return value as T[];
}
