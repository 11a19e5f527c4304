import { concreteClientId, type Identity } from '../auth/identity.js';
import type { ConnectionLookup, KnownConnection } from '../core/connection-lookup.js';
import { Action } from '../protocol/actions.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import { encodeFrame, type WireFormat } from '../protocol/codec.js';
import { timerAt } from '../core/clock.js';
import { guard, guarded } from '../protocol/error-reporter.js';
import { detachOne, recheckAttachments } from './channel-handlers.js';
import type { RealtimeContext } from './realtime-context.js';
import { RealtimeConnection, isConnectionKeyShape } from './realtime-connection.js';
import type { Transport } from './transport.js';
import { appendRollupWindowOf } from '../core/append-rollup.js';

/** Parameters of a connect request (query string of the WebSocket upgrade, DESIGN §3.1). */
export interface ConnectParams {
  key?: string;
  accessToken?: string;
  clientId?: string;
  format: WireFormat;
  echo: boolean;
  resume?: string;
  recover?: string;
  /** The `appendRollupWindow` transport param as sent (DESIGN §4.7). */
  appendRollupWindow?: string;
}

interface Timers {
  expiry?: NodeJS.Timeout;
  renew?: NodeJS.Timeout;
  leave?: NodeJS.Timeout;
  discard?: NodeJS.Timeout;
}

/** Real Ably asks for re-auth about 30 s before a token expires (DESIGN §6.4). */
const RENEW_AHEAD_MS = 30_000;

/**
 * Every realtime connection, live or awaiting resume: connect, resume, drop, close, expiry, revocation and
 * heartbeats (DESIGN §3.2). Owns all per-connection timers.
 */
export class ConnectionRegistry implements ConnectionLookup {
  private readonly _byKey = new Map<string, RealtimeConnection>();
  private readonly _timers = new Map<RealtimeConnection, Timers>();
  private _liveSockets = 0;
  private readonly _perClientId = new Map<string, number>();
  private readonly _sweep: NodeJS.Timeout;

  constructor(private readonly _ctx: RealtimeContext) {
    const every = Math.max(50, Math.min(1000, _ctx.options.maxIdleIntervalMs / 4));
    this._sweep = setInterval(
      guarded(_ctx.report, 'send heartbeats', () => this._heartbeats()),
      every,
    );
    this._sweep.unref();
    _ctx.auth.onRevoke((keyName, clientId, before) => this._revoke(keyName, clientId, before));
  }

  /**
   * Authenticates a new socket and binds it to a new or resumed connection, sending CONNECTED. Failures are
   * sent as ERROR/DISCONNECTED frames on the accepted socket (never as an HTTP status, DESIGN §3.1).
   */
  open(transport: Transport, params: ConnectParams): RealtimeConnection | undefined {
    const refuse = (error: AblyError, action: number = Action.ERROR): undefined => {
      transport.send(encodeFrame({ action, error: error.toWire() }, params.format), params.format === 'json');
      transport.close();
      return undefined;
    };
    let identity: Identity;
    let appendRollupWindowMs: number;
    try {
      identity = this._authenticate(params);
      appendRollupWindowMs = appendRollupWindowOf(params.appendRollupWindow);
    } catch (err) {
      return refuse(AblyError.from(err));
    }
    const resumeKey = params.resume ?? params.recover;
    let conn = resumeKey ? this._byKey.get(resumeKey) : undefined;
    let resumeError: AblyError | undefined;
    if (resumeKey && (!conn || conn.clientId !== identity.clientId)) {
      // RTN15c7/RTN16l: a failed resume or recover gets a fresh connection and says why.
      if (!isConnectionKeyShape(resumeKey)) resumeError = errors.invalidConnectionKey();
      else if (conn) resumeError = errors.incompatibleRecoveryAuth();
      else resumeError = errors.connectionExpired();
      conn = undefined;
    }
    // A resume that replaces a still-open socket does not add one.
    if (!conn?.transport && this._liveSockets >= this._ctx.options.maxConnections) {
      return refuse(errors.rateLimited('unable to connect; too many connections'), Action.DISCONNECTED);
    }
    const clientId = identity.clientId;
    if (
      !conn &&
      clientId !== undefined &&
      clientId !== '*' &&
      (this._perClientId.get(clientId) ?? 0) >= this._ctx.options.maxConnectionsPerClientId
    ) {
      return refuse(
        errors.rateLimited('unable to connect; too many connections for this clientId'),
        Action.DISCONNECTED,
      );
    }
    const resumed = conn !== undefined;
    if (conn) {
      conn.transport?.terminate();
      conn.identity = identity;
      // The resuming transport may speak another format (Node's comet is JSON, its WebSocket msgpack).
      conn.format = params.format;
      this._clearTimers(conn, 'leave', 'discard');
      if (params.resume === undefined) {
        // RTN16d: a recovered connection gets a new key, so the instance it was recovered from (or anyone
        // else holding the old key) can no longer resume it (DESIGN §3.2).
        this._byKey.delete(conn.key);
        this._byKey.set(conn.rotateKey(), conn);
      }
    } else {
      conn = new RealtimeConnection(identity, params.format, params.echo, this._ctx.options, () =>
        this._ctx.clock.now(),
      );
      this._byKey.set(conn.key, conn);
      this._countClientId(conn, 1);
    }
    conn.appendRollupWindowMs = appendRollupWindowMs;
    this._bind(conn, transport);
    conn.sendPm({
      action: Action.CONNECTED,
      connectionId: conn.id,
      connectionDetails: conn.details(),
      ...(resumeError ? { error: resumeError.toWire() } : {}),
    });
    this._scheduleExpiry(conn);
    // A resume may bring a token with another capability: the kept attachments answer to it (DESIGN §6.4).
    if (resumed) recheckAttachments(conn, this._ctx);
    return conn;
  }

  /** ConnectionLookup: a live or resumable connection by its current key (REST `connectionKey`, TM2h). */
  byKey(connectionKey: string): KnownConnection | undefined {
    const conn = this._byKey.get(connectionKey);
    if (!conn) return undefined;
    const clientId = concreteClientId(conn.identity);
    return clientId === undefined ? { connectionId: conn.id } : { connectionId: conn.id, clientId };
  }

  /** Swaps the identity after an in-band AUTH and re-arms the expiry timer. */
  reauthenticated(conn: RealtimeConnection): void {
    this._scheduleExpiry(conn);
  }

  /** The socket went away without CLOSE: keep state for resume, members for presenceLeaveDelay. */
  socketClosed(conn: RealtimeConnection, transport: Transport): void {
    // Every bound socket closes once, including one a resume replaced, so count it before anything else.
    this._liveSockets--;
    if (conn.transport !== transport) return;
    conn.transport = undefined;
    if (!this._byKey.has(conn.key)) return;
    conn.droppedAt = this._ctx.clock.now();
    const timers = this._timersOf(conn);
    const report = this._ctx.report;
    timers.leave = setTimeout(
      guarded(report, 'remove presence members of a dropped connection', () => this._leaveAll(conn)),
      this._ctx.options.presenceLeaveDelayMs,
    );
    timers.discard = setTimeout(
      guarded(report, 'discard an expired connection', () => this.discard(conn)),
      this._ctx.options.connectionStateTtlMs,
    );
  }

  /** CLOSE: answer CLOSED, drop the socket and all state at once. */
  close(conn: RealtimeConnection): void {
    conn.sendPm({ action: Action.CLOSED });
    conn.transport?.close();
    this.discard(conn);
  }

  /** Forgets a connection: detaches its channels (members leave) and cancels its timers. */
  discard(conn: RealtimeConnection): void {
    if (!this._byKey.delete(conn.key)) return;
    this._clearTimers(conn, 'expiry', 'renew', 'leave', 'discard');
    this._timers.delete(conn);
    for (const [wireName, name] of [...conn.attached]) detachOne(conn, this._ctx, wireName, name);
    this._leaveAll(conn);
    this._countClientId(conn, -1);
  }

  /** Closes every socket (server shutdown). */
  closeAll(): void {
    clearInterval(this._sweep);
    for (const conn of [...this._byKey.values()]) {
      conn.transport?.terminate();
      this.discard(conn);
    }
  }

  private _bind(conn: RealtimeConnection, transport: Transport): void {
    conn.transport = transport;
    conn.droppedAt = undefined;
    this._liveSockets++;
  }

  private _authenticate(params: ConnectParams): Identity {
    if (params.accessToken) return this._ctx.auth.fromToken(params.accessToken, params.clientId);
    if (params.key) return this._ctx.auth.fromKey(params.key, params.clientId);
    throw errors.noAuth();
  }

  private _scheduleExpiry(conn: RealtimeConnection): void {
    this._clearTimers(conn, 'expiry', 'renew');
    const expiresAt = conn.identity.expiresAt;
    if (expiresAt === undefined) return;
    const now = this._ctx.clock.now();
    const lifetime = expiresAt - (conn.identity.issuedAt ?? now);
    if (lifetime > 2 * RENEW_AHEAD_MS) {
      this._timerAt(conn, 'renew', expiresAt - RENEW_AHEAD_MS, () => conn.sendPm({ action: Action.AUTH }));
    }
    this._timerAt(conn, 'expiry', expiresAt, () => {
      if (!conn.transport) return;
      conn.sendPm({ action: Action.DISCONNECTED, error: errors.tokenExpired().toWire() });
      conn.transport.close();
    });
  }

  /** Runs `fire` at clock time `at`, kept as the connection's `name` timer. */
  private _timerAt(conn: RealtimeConnection, name: 'renew' | 'expiry', at: number, fire: () => void): void {
    const operation = name === 'renew' ? 'request re-authentication' : 'expire a token';
    timerAt(this._ctx.clock, at, guarded(this._ctx.report, operation, fire), (timer) => {
      this._timersOf(conn)[name] = timer;
    });
  }

  /** Live sockets of revoked tokens get DISCONNECTED 40141; dropped ones are refused when they resume. */
  private _revoke(keyName: string, clientId: string, issuedBefore: number): void {
    for (const conn of this._byKey.values()) {
      const { identity } = conn;
      // The token's own clientId, as Authenticator.fromToken checks it: a wildcard token used as `x` is not
      // a token issued to `x`.
      if (identity.kind !== 'token' || identity.keyName !== keyName || identity.tokenClientId !== clientId)
        continue;
      if ((identity.issuedAt ?? 0) >= issuedBefore || !conn.transport) continue;
      const transport = conn.transport;
      guard(this._ctx.report, 'disconnect a revoked connection', () => {
        conn.sendPm({ action: Action.DISCONNECTED, error: errors.tokenRevoked().toWire() });
        transport.close();
      });
    }
  }

  /** Members of the connection leave every channel it entered, attached or not (DESIGN §5.3). */
  private _leaveAll(conn: RealtimeConnection): void {
    for (const name of conn.presenceChannels)
      this._ctx.channels.find(name)?.presence.leaveConnection(conn.id);
    conn.presenceChannels.clear();
  }

  /** Live and resumable connections per concrete clientId (DESIGN §3.3). */
  private _countClientId(conn: RealtimeConnection, delta: 1 | -1): void {
    const clientId = conn.clientId;
    if (clientId === undefined || clientId === '*') return;
    const count = (this._perClientId.get(clientId) ?? 0) + delta;
    if (count > 0) this._perClientId.set(clientId, count);
    else this._perClientId.delete(clientId);
  }

  private _heartbeats(): void {
    const now = this._ctx.clock.now();
    const idle = this._ctx.options.maxIdleIntervalMs * 0.75;
    for (const conn of this._byKey.values()) {
      if (conn.transport && now - conn.lastSentAt >= idle) conn.sendPm({ action: Action.HEARTBEAT });
    }
  }

  private _timersOf(conn: RealtimeConnection): Timers {
    let timers = this._timers.get(conn);
    if (!timers) this._timers.set(conn, (timers = {}));
    return timers;
  }

  private _clearTimers(conn: RealtimeConnection, ...names: (keyof Timers)[]): void {
    const timers = this._timers.get(conn);
    if (!timers) return;
    for (const name of names) {
      clearTimeout(timers[name]);
      delete timers[name];
    }
  }
}
