import { resolveItemClientId } from '../auth/client-id-policy.js';
import { identityOperations } from '../auth/identity.js';
import type { Operation } from '../auth/capability.js';
import { PresenceAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { Flag, hasFlag } from '../protocol/flags.js';
import { canonicalPayload } from '../protocol/payload.js';
import type { ProtocolMessage, WireMessage, WirePresence } from '../protocol/wire-types.js';
import type { AckOutcome, RealtimeConnection } from './realtime-connection.js';
import type { RealtimeContext } from './realtime-context.js';

/** MESSAGE: capability, mode, clientId and size checks, then publish; returns the ACK `res` (DESIGN §4.6). */
export function handleMessage(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
): AckOutcome {
  const name = pm.channel!;
  authorise(conn, ctx, name, 'publish', Flag.PUBLISH);
  const items = itemsOf<WireMessage>(pm.messages, 'messages').map((raw) => {
    const item = canonicalPayload(raw);
    const clientId = resolveItemClientId(conn.identity, item.clientId);
    return clientId === undefined ? withoutClientId(item) : { ...item, clientId };
  });
  const serials = ctx.channels
    .get(name)
    .publish(items, { connectionId: conn.id, pmId: `${conn.id}:${pm.msgSerial}` });
  return { res: [{ serials }] };
}

/** PRESENCE: enter/update/leave for the connection's clientId, or any clientId for privileged identities. */
export function handlePresence(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
): AckOutcome {
  const name = pm.channel!;
  authorise(conn, ctx, name, 'presence', Flag.PRESENCE);
  const items = itemsOf<WirePresence>(pm.presence, 'presence').map((raw) => {
    const item = canonicalPayload(raw);
    const clientId = resolveItemClientId(conn.identity, item.clientId);
    if (clientId === undefined) throw errors.presenceNoClientId();
    const action = item.action ?? PresenceAction.ENTER;
    if (action < PresenceAction.ENTER || action > PresenceAction.UPDATE) {
      throw errors.badRequest(`unable to apply presence; action ${action} cannot be sent by a client`);
    }
    return { ...item, clientId, action };
  });
  ctx.channels.get(name).applyPresence(items, { connectionId: conn.id, pmId: `${conn.id}:${pm.msgSerial}` });
  return { res: [{ serials: [] }] };
}

function authorise(
  conn: RealtimeConnection,
  ctx: RealtimeContext,
  channel: string,
  op: Operation,
  mode: number,
): void {
  if (!identityOperations(conn.identity, channel).has(op)) throw errors.capability(op, channel);
  const attachment = ctx.channels.find(channel)?.attachment(conn.id);
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

function withoutClientId<T extends { clientId?: string }>(item: T): T {
  if (!('clientId' in item)) return item;
  const copy = { ...item };
  delete copy.clientId;
  return copy;
}
