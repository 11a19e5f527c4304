import { Action, MessageAction } from '../protocol/actions.js';
import { resolveChannelName } from '../core/channel-name.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import { decodeFrame } from '../protocol/codec.js';
import type { ProtocolMessage } from '../protocol/wire-types.js';
import { handleAttach, handleDetach, handleSyncRequest, recheckAttachments } from './channel-handlers.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { handleAnnotation, handleMessage, handlePresence } from './publish-handlers.js';
import type { AckOutcome, RealtimeConnection } from './realtime-connection.js';
import type { RealtimeContext } from './realtime-context.js';

type AckHandler = (conn: RealtimeConnection, pm: ProtocolMessage, ctx: RealtimeContext) => AckOutcome;

const ACK_HANDLERS: Partial<Record<number, AckHandler>> = {
  [Action.MESSAGE]: handleMessage,
  [Action.PRESENCE]: handlePresence,
  [Action.ANNOTATION]: handleAnnotation,
  [Action.OBJECT]: () => {
    throw errors.badRequest('unable to publish object; LiveObjects are not emulated (DESIGN §10)');
  },
};

/**
 * Handles one inbound frame, synchronously, so ACKs leave in msgSerial order and nothing interleaves with an
 * attach (DESIGN §3.3). Bad input never throws out of here: ack-requiring frames get a NACK, channel frames a
 * channel-scoped ERROR, and undecodable or nonsensical frames a connection ERROR and a closed socket.
 */
export function dispatchFrame(
  conn: RealtimeConnection,
  raw: Buffer,
  ctx: RealtimeContext,
  connections: ConnectionRegistry,
): void {
  let pm: ProtocolMessage;
  try {
    pm = decodeFrame(raw, conn.format);
  } catch (err) {
    return failConnection(conn, AblyError.from(err));
  }
  dispatchProtocolMessage(conn, pm, ctx, connections);
}

/**
 * Handles one inbound ProtocolMessage that is already decoded (one element of a comet `send` batch, or a
 * WebSocket frame): the same path as {@link dispatchFrame}, so both transports share every check and limit.
 */
export function dispatchProtocolMessage(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
  connections: ConnectionRegistry,
): void {
  const limited = !rolledUpAppend(pm, ctx) && !conn.takeInboundToken();
  const ackHandler = ACK_HANDLERS[pm.action];
  if (ackHandler) return acknowledge(conn, pm, ctx, limited ? rateLimited : ackHandler);
  if (limited) return;
  switch (pm.action) {
    case Action.HEARTBEAT:
      return conn.sendPm(
        pm.id === undefined ? { action: Action.HEARTBEAT } : { action: Action.HEARTBEAT, id: pm.id },
      );
    case Action.ATTACH:
    case Action.DETACH:
    case Action.SYNC:
      return channelScoped(conn, pm, ctx);
    case Action.AUTH:
      return reauthenticate(conn, pm, ctx, connections);
    case Action.CLOSE:
      return connections.close(conn);
    case Action.DISCONNECT:
      return conn.transport?.close();
    case Action.ACTIVATE:
      return;
    default:
      return failConnection(
        conn,
        errors.badRequest(`unable to process frame; unexpected action ${pm.action}`),
      );
  }
}

/**
 * An append that joins an open roll-up window: Ably counts a window's appends as one published message
 * towards the connection's inbound rate (DESIGN §4.7), so only the window's first append spends a token.
 */
function rolledUpAppend(pm: ProtocolMessage, ctx: RealtimeContext): boolean {
  if (pm.action !== Action.MESSAGE || typeof pm.channel !== 'string' || !Array.isArray(pm.messages))
    return false;
  const item = pm.messages[0] as { action?: unknown; serial?: unknown } | undefined;
  if (pm.messages.length !== 1 || item?.action !== MessageAction.APPEND || typeof item.serial !== 'string') {
    return false;
  }
  let name: string;
  try {
    name = resolveChannelName(pm.channel).name;
  } catch {
    return false; // the handler answers the bad name
  }
  return ctx.channels.find(name)?.messages.rollsUp(item.serial) ?? false;
}

function acknowledge(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
  handler: AckHandler,
): void {
  const msgSerial = pm.msgSerial;
  if (typeof msgSerial !== 'number' || !Number.isInteger(msgSerial) || msgSerial < 0) {
    return failConnection(
      conn,
      errors.badRequest('unable to process frame; msgSerial must be a non-negative integer'),
    );
  }
  // A frame re-sent after resume: answer again, do not apply again (RTN19a).
  const previous = msgSerial <= conn.lastProcessedSerial ? conn.outcomeOf(msgSerial) : undefined;
  let outcome: AckOutcome;
  if (previous) {
    outcome = previous;
  } else {
    try {
      if (typeof pm.channel !== 'string') throw errors.invalidChannel(String(pm.channel));
      outcome = handler(conn, pm, ctx);
    } catch (err) {
      outcome = { error: AblyError.from(err) };
      reportInternal(ctx, 'process a frame', outcome.error!);
    }
    if (outcome.error?.code !== 42910) conn.rememberOutcome(msgSerial, outcome);
  }
  if (outcome.error) {
    conn.sendPm({ action: Action.NACK, msgSerial, count: 1, error: outcome.error.toWire() });
  } else {
    conn.sendPm({ action: Action.ACK, msgSerial, count: 1, res: outcome.res ?? [{ serials: [] }] });
  }
}

function channelScoped(conn: RealtimeConnection, pm: ProtocolMessage, ctx: RealtimeContext): void {
  if (typeof pm.channel !== 'string') {
    return failConnection(conn, errors.badRequest('unable to process frame; channel is required'));
  }
  try {
    if (pm.action === Action.ATTACH) handleAttach(conn, pm, ctx);
    else if (pm.action === Action.DETACH) handleDetach(conn, pm, ctx);
    else handleSyncRequest(conn, pm, ctx);
  } catch (err) {
    const error = AblyError.from(err);
    reportInternal(ctx, 'process a channel frame', error);
    conn.sendError(error, pm.channel);
  }
}

/** In-band AUTH: same connection, new token; CONNECTED answers it (RTN22, DESIGN §6.4). */
function reauthenticate(
  conn: RealtimeConnection,
  pm: ProtocolMessage,
  ctx: RealtimeContext,
  connections: ConnectionRegistry,
): void {
  const token = pm.auth?.accessToken;
  try {
    if (typeof token !== 'string') throw errors.noAuth();
    // Resolve against the connection's own clientId, as the connect-time clientId param was: a wildcard token
    // renewing a connection that asserted `x` stays `x` (DESIGN §6.5, §6.4).
    const current = conn.identity.clientId;
    const identity = ctx.auth.fromToken(token, current === '*' ? undefined : current);
    if (current !== undefined && identity.clientId !== current) {
      throw errors.incompatibleCredentials(
        'incompatible credentials; the new token has a different clientId',
      );
    }
    conn.identity = identity;
  } catch (err) {
    const error = AblyError.from(err);
    reportInternal(ctx, 're-authenticate', error);
    return failConnection(conn, error);
  }
  connections.reauthenticated(conn);
  conn.sendPm({ action: Action.CONNECTED, connectionId: conn.id, connectionDetails: conn.details() });
  recheckAttachments(conn, ctx);
}

function rateLimited(): AckOutcome {
  return { error: errors.rateLimited('unable to publish; inbound message rate exceeded') };
}

/** Client mistakes are answered; an internal error (50000) is a bug and is reported too. */
function reportInternal(ctx: RealtimeContext, operation: string, error: AblyError): void {
  if (error.statusCode >= 500) ctx.report(operation, error);
}

/** A connection-level ERROR, then the transport closes: the connection cannot go on after such a frame. */
export function failConnection(conn: RealtimeConnection, error: AblyError): void {
  conn.sendError(error);
  conn.transport?.close();
}
