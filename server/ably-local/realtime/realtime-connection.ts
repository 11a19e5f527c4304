import { randomBytes } from 'node:crypto';
import type { Operation } from '../auth/capability.js';
import { identityOperations, type Identity } from '../auth/identity.js';
import { DEFAULT_APPEND_ROLLUP_WINDOW_MS } from '../core/append-rollup.js';
import type { Subscriber } from '../core/subscriber.js';
import { TokenBucket } from '../core/token-bucket.js';
import { Action } from '../protocol/actions.js';
import type { AblyError } from '../protocol/ably-error.js';
import type { WireFormat } from '../protocol/codec.js';
import { OutboundFrame } from '../protocol/outbound-frame.js';
import type { ConnectionDetails, ProtocolMessage } from '../protocol/wire-types.js';
import type { RealtimeOptions } from './realtime-options.js';
import type { Transport } from './transport.js';

/** Outcome of a processed ack-requiring frame, kept so a re-sent one after resume is answered again. */
export interface AckOutcome {
  res?: { serials: (string | null)[] }[];
  error?: AblyError;
}

const ACK_MEMORY = 512;

/** `<connectionId>!<secret>`: 8 and 12 random bytes in base64url. */
const CONNECTION_KEY = /^[\w-]{11}![\w-]{16}$/;

/** Whether `text` has the shape of a connection key this server issues (else a resume is 80018). Pure. */
export function isConnectionKeyShape(text: string): boolean {
  return CONNECTION_KEY.test(text);
}

function newConnectionKey(id: string): string {
  return `${id}!${randomBytes(12).toString('base64url')}`;
}

/**
 * One realtime connection: identity, attachments, msgSerial bookkeeping and the socket it currently has.
 * It outlives its socket for connectionStateTtl so the SDK can resume (DESIGN §3.2).
 */
export class RealtimeConnection implements Subscriber {
  readonly id: string;
  /** Attached channels: the name the client used → the channel it resolves to (DESIGN §4.3). */
  readonly attached = new Map<string, string>();
  /** Channels where this connection entered presence, attached or not: its members leave with it (DESIGN §5.3). */
  readonly presenceChannels = new Set<string>();
  transport?: Transport;
  lastSentAt = 0;
  /** When the socket went away; undefined while one is bound. */
  droppedAt?: number;
  lastProcessedSerial = -1;
  /** The connection's append roll-up window (its `appendRollupWindow` param, DESIGN §4.7). */
  appendRollupWindowMs = DEFAULT_APPEND_ROLLUP_WINDOW_MS;
  private _format: WireFormat;
  private readonly _outcomes = new Map<number, AckOutcome>();
  private _identity: Identity;
  private _key: string;
  /** Operations per channel for the current identity; capability matching is not cheap per publish. */
  private readonly _operations = new Map<string, Set<Operation>>();
  private readonly _inbound: TokenBucket;

  constructor(
    identity: Identity,
    format: WireFormat,
    readonly echo: boolean,
    private readonly _options: RealtimeOptions,
    private readonly _now: () => number,
  ) {
    this._identity = identity;
    this._format = format;
    this.id = randomBytes(8).toString('base64url');
    this._key = newConnectionKey(this.id);
    this._inbound = new TokenBucket(_options.maxInboundRate, _options.maxInboundRate, _now);
  }

  /** The wire format of the current transport (comet is JSON only; a resume may switch transports). */
  get format(): WireFormat {
    return this._format;
  }

  set format(format: WireFormat) {
    this._format = format;
  }

  /** The secret a client resumes with (CD2b); it changes when the connection is recovered (RTN16d). */
  get key(): string {
    return this._key;
  }

  /** Issues a new connection key, so the old one can no longer resume this connection; returns it. */
  rotateKey(): string {
    this._key = newConnectionKey(this.id);
    return this._key;
  }

  get identity(): Identity {
    return this._identity;
  }

  set identity(identity: Identity) {
    this._identity = identity;
    this._operations.clear();
  }

  /** What the identity may do on a channel (cached until the identity changes). */
  operationsOn(channel: string): Set<Operation> {
    let ops = this._operations.get(channel);
    if (!ops) {
      ops = identityOperations(this._identity, channel);
      if (this._operations.size >= 1000) this._operations.clear();
      this._operations.set(channel, ops);
    }
    return ops;
  }

  get connectionId(): string {
    return this.id;
  }

  /** A resolved concrete or wildcard clientId, as CONNECTED reports it (omitted for plain key auth). */
  get clientId(): string | undefined {
    return this.identity.clientId;
  }

  details(): ConnectionDetails {
    const details: ConnectionDetails = {
      connectionKey: this.key,
      connectionStateTtl: this._options.connectionStateTtlMs,
      maxIdleInterval: this._options.maxIdleIntervalMs,
      maxMessageSize: this._options.maxMessageSize,
      maxFrameSize: this._options.maxFrameSize,
      maxInboundRate: this._options.maxInboundRate,
      serverId: this._options.serverId,
      siteCode: 'local',
    };
    if (this.clientId !== undefined) details.clientId = this.clientId;
    return details;
  }

  /** Subscriber: frames for a connection without a socket are dropped; resume replays them by serial. */
  send(frame: OutboundFrame): void {
    const transport = this.transport;
    if (!transport) return;
    if (transport.bufferedAmount > this._options.maxBufferedBytes) {
      // A slow consumer: drop the socket and let the SDK resume and catch up from its channel serials.
      transport.terminate();
      return;
    }
    transport.send(frame.encoded(this._format), this._format === 'json');
    this.lastSentAt = this._now();
  }

  sendPm(pm: ProtocolMessage): void {
    this.send(new OutboundFrame(pm));
  }

  sendError(error: AblyError, channel?: string): void {
    const pm: ProtocolMessage = { action: Action.ERROR, error: error.toWire() };
    if (channel !== undefined) pm.channel = channel;
    this.sendPm(pm);
  }

  /** Inbound rate limit: a token bucket refilled at maxInboundRate per second. */
  takeInboundToken(): boolean {
    return this._inbound.take();
  }

  rememberOutcome(msgSerial: number, outcome: AckOutcome): void {
    this.lastProcessedSerial = msgSerial;
    this._outcomes.set(msgSerial, outcome);
    if (this._outcomes.size > ACK_MEMORY) this._outcomes.delete(this._outcomes.keys().next().value!);
  }

  outcomeOf(msgSerial: number): AckOutcome | undefined {
    return this._outcomes.get(msgSerial);
  }
}
