import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { Identity } from '../auth/identity.js';
import type { ChannelRegistry } from '../core/channel-registry.js';
import { isSerial } from '../core/serials.js';
import type { StoredMessage } from '../core/message-store.js';
import type { Subscriber } from '../core/subscriber.js';
import type { AblyError } from '../protocol/ably-error.js';
import { Action } from '../protocol/actions.js';
import { reportSafely, type ErrorReporter } from '../protocol/error-reporter.js';
import type { OutboundFrame } from '../protocol/outbound-frame.js';
import type { WireMessage } from '../protocol/wire-types.js';
import {
  bareData,
  encodeEvent,
  keepalive,
  streamItem,
  type StreamEvent,
  type StreamFormat,
} from './sse-format.js';

/** What a stream was opened with, once its request is validated (sse-request.ts). */
export interface StreamOptions {
  format: StreamFormat;
  enveloped: boolean;
  heartbeats: boolean;
  identity: Identity;
}

/** One attachment of a stream: the channel and the name the request gave for it (`[?rewind=1]foo`). */
export interface StreamAttachment {
  name: string;
  wireName: string;
}

/**
 * One open SSE or plain event stream (DESIGN §16): a subscriber like a realtime connection, attached to its
 * channels for messages and presence, writing each as an event. Each event's `id` is the stream's position —
 * the newest channel serial it has sent on any of its channels — so a new stream given it as `lastEvent`
 * resumes every channel after it. Closing detaches it from every channel.
 */
export class SseStream implements Subscriber {
  readonly connectionId = `sse-${randomBytes(9).toString('base64url')}`;
  readonly echo = true;
  readonly attachments: StreamAttachment[] = [];
  private _position = '';
  private _lastWriteAt: number;
  private _closed = false;

  constructor(
    private readonly _res: Response,
    readonly options: StreamOptions,
    private readonly _channels: ChannelRegistry,
    private readonly _now: () => number,
    private readonly _maxBufferedBytes: number,
    private readonly _report: ErrorReporter,
    private readonly _onClose: (stream: SseStream) => void,
  ) {
    this._lastWriteAt = _now();
  }

  get closed(): boolean {
    return this._closed;
  }

  /** Subscriber: a frame fanned out to one of the stream's channels. */
  send(frame: OutboundFrame): void {
    const pm = frame.pm;
    const channel = pm.channel ?? '';
    if (pm.action === Action.MESSAGE) {
      for (const message of pm.messages ?? []) this.sendMessage(message, channel, pm.channelSerial);
    } else if (pm.action === Action.PRESENCE) {
      for (const member of pm.presence ?? []) {
        const data = this.options.enveloped ? streamItem(member, channel) : bareData(member);
        this._write({ event: 'presence', id: this._position || undefined, data });
      }
    }
  }

  /** A message live or from a replay; its stream position is its version serial (or the frame's). */
  sendMessage(message: WireMessage | StoredMessage, channel: string, channelSerial?: string | null): void {
    const serial = message.version?.serial ?? message.serial ?? channelSerial;
    if (isSerial(serial) && serial > this._position) this._position = serial;
    const data = this.options.enveloped ? streamItem(message, channel) : bareData(message);
    this._write({ event: 'message', id: this._position || undefined, data });
  }

  /** Writes a keepalive when nothing else went out for `idleMs`. */
  keepaliveIfIdle(idleMs: number): void {
    if (this._now() - this._lastWriteAt >= idleMs) {
      this._writeText(keepalive(this.options.format, this.options.heartbeats));
    }
  }

  /**
   * Ends the stream: with an `error` event first when there is a reason the client should see (token
   * expired or revoked), then the response ends. Detaches from every channel; idempotent.
   */
  close(reason?: AblyError): void {
    if (this._closed) return;
    if (reason) this._write({ event: 'error', data: reason.toWire() });
    // The write may itself have dropped a slow consumer.
    if (this._closed) return;
    this._closed = true;
    for (const { name, wireName } of this.attachments)
      this._channels.find(name)?.detach(this.connectionId, wireName);
    this.attachments.length = 0;
    this._onClose(this);
    if (!this._res.writableEnded) this._res.end();
  }

  private _write(event: StreamEvent): void {
    this._writeText(encodeEvent(event, this.options.format));
  }

  private _writeText(text: string): void {
    if (this._closed) return;
    try {
      this._res.write(text);
      this._lastWriteAt = this._now();
    } catch (err) {
      reportSafely(this._report, 'write to an event stream', err);
    }
    // A reader that stops reading would otherwise hold every event in memory: it is dropped as a slow consumer.
    if (this._res.writableLength > this._maxBufferedBytes) {
      this.close();
      this._res.destroy();
    }
  }
}
