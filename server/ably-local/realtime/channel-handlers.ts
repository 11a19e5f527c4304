import { randomBytes } from 'node:crypto';
import { permittedModes } from '../auth/capability.js';
import { Action, PresenceAction } from '../protocol/actions.js';
import { resolveChannelName } from '../core/channel-name.js';
import { negotiateParams } from '../core/channel-params.js';
import { errors } from '../protocol/ably-error.js';
import { DEFAULT_MODES, Flag, MODE_ALL, hasFlag } from '../protocol/flags.js';
import type { Member } from '../core/presence-set.js';
import type { ProtocolMessage } from '../protocol/wire-types.js';
import type { RealtimeContext } from './realtime-context.js';
import type { RealtimeConnection } from './realtime-connection.js';

/** Most channels one connection may be attached to (Ably's per-connection limit, DESIGN §4.2). */
export const MAX_CHANNELS_PER_CONNECTION = 200;

/**
 * ATTACH → ATTACHED (granted modes, attach serial, RESUMED/HAS_PRESENCE/HAS_BACKLOG), then replay, then SYNC,
 * all before any other frame for the channel can be queued (DESIGN §4.2–4.5). `[?params]name` attaches
 * `name` with those params, and every frame back carries the name the client used (DESIGN §4.3). Throws
 * AblyError; the dispatcher answers with a channel-scoped ERROR.
 */
export function handleAttach(conn: RealtimeConnection, pm: ProtocolMessage, ctx: RealtimeContext): void {
  const wireName = pm.channel!;
  const { name, params: nameParams } = resolveChannelName(wireName);
  const permitted = permittedModes(conn.operationsOn(name));
  if (permitted === 0) throw errors.capability('attach', wireName);
  if (!conn.attached.has(wireName) && conn.attached.size >= MAX_CHANNELS_PER_CONNECTION) {
    throw errors.channelsPerConnection('attach', MAX_CHANNELS_PER_CONNECTION);
  }
  // Params of the ATTACH win over those embedded in the name; a bad value is a channel ERROR 40003.
  const params = negotiateParams({ ...nameParams, ...objectParams(pm.params) });
  // RTL4k1/RTL4m: a `modes` param requests modes and wins over the flags (channelOptions.modes).
  const requested = params.modes ?? ((pm.flags ?? 0) & MODE_ALL || DEFAULT_MODES);
  const channel = ctx.channels.get(name);
  const result = channel.attach(conn, {
    modes: requested & permitted,
    requested,
    params: params.accepted,
    // RTL4j2: an ATTACH flagged ATTACH_RESUME comes from a client that was attached before and is resuming,
    // with or without a serial: `rewind` is for a fresh attach only (DESIGN §4.5).
    ...(hasFlag(pm.flags ?? 0, Flag.ATTACH_RESUME) ? {} : { rewind: params.rewind }),
    channelSerial: pm.channelSerial,
    alias: wireName,
  });
  conn.attached.set(wireName, name);
  conn.sendPm({
    action: Action.ATTACHED,
    channel: wireName,
    channelSerial: result.channelSerial,
    flags: result.flags,
    params: result.params,
    ...(result.error ? { error: result.error.toWire() } : {}),
  });
  for (const message of result.replay) {
    conn.sendPm({
      action: Action.MESSAGE,
      channel: wireName,
      id: message.id,
      connectionId: message.connectionId,
      timestamp: message.timestamp,
      // A stream entry's place is its version serial (an update's is newer than its message's serial).
      channelSerial: message.version.serial,
      messages: [message],
    });
  }
  if (result.members.length > 0) sendSync(conn, wireName, result.members);
  if (result.occupancy) conn.sendPm(result.occupancy);
}

export function handleDetach(conn: RealtimeConnection, pm: ProtocolMessage, ctx: RealtimeContext): void {
  const wireName = pm.channel!;
  const { name } = resolveChannelName(wireName);
  detachOne(conn, ctx, wireName, name);
  conn.sendPm({ action: Action.DETACHED, channel: wireName });
}

/** A client-sent SYNC asks for the member set again (RTP19, DESIGN §5.4). */
export function handleSyncRequest(conn: RealtimeConnection, pm: ProtocolMessage, ctx: RealtimeContext): void {
  const wireName = pm.channel!;
  const { name } = resolveChannelName(wireName);
  const channel = ctx.channels.find(name);
  const attachment = channel?.attachment(conn.id, wireName);
  if (!channel || !attachment || !hasFlag(attachment.modes, Flag.PRESENCE_SUBSCRIBE)) return;
  sendSync(conn, wireName, channel.presence.members());
}

/**
 * After the identity changed (in-band AUTH or a resume with a new token), every attachment is checked again
 * (DESIGN §6.4): a channel the capability no longer permits at all is detached with a channel ERROR 40160;
 * the others get the requested modes the new capability permits, narrowed or widened. Members leave
 * channels where `presence` is no longer permitted.
 */
export function recheckAttachments(conn: RealtimeConnection, ctx: RealtimeContext): void {
  for (const [wireName, name] of [...conn.attached]) {
    const permitted = permittedModes(conn.operationsOn(name));
    if (permitted !== 0) {
      ctx.channels.find(name)?.regrant(conn.id, permitted, wireName);
      continue;
    }
    detachOne(conn, ctx, wireName, name);
    conn.sendError(errors.capability('stay attached', wireName), wireName);
  }
  for (const name of [...conn.presenceChannels]) {
    if (conn.operationsOn(name).has('presence')) continue;
    ctx.channels.find(name)?.presence.leaveConnection(conn.id);
    conn.presenceChannels.delete(name);
  }
}

/** Drops one attachment; members leave once the connection holds no other name for the channel. */
export function detachOne(
  conn: RealtimeConnection,
  ctx: RealtimeContext,
  wireName: string,
  name: string,
): void {
  conn.attached.delete(wireName);
  const channel = ctx.channels.find(name);
  const left = channel ? channel.detach(conn.id, wireName) : true;
  if (left) conn.presenceChannels.delete(name);
}

/** One SYNC page; the sync id matches `[\w-]+` and the empty cursor ends the sync (RTP18). */
function sendSync(conn: RealtimeConnection, channel: string, members: Member[]): void {
  const syncId = randomBytes(6).toString('hex');
  conn.sendPm({
    action: Action.SYNC,
    channel,
    channelSerial: `${syncId}:`,
    presence: members.map((m) => ({ ...m, action: PresenceAction.PRESENT })),
  });
}

function objectParams(params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return {};
  return params as Record<string, unknown>;
}
