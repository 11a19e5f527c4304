import { guard, type ErrorReporter } from '../protocol/error-reporter.js';
import type { Transport } from './transport.js';

/**
 * Where a comet transport writes (an HTTP response, seen through what the transport needs of it): a long
 * poll is answered once and ends; a stream (Node's `comet`) stays open and gets one line per batch.
 */
export interface CometReceiver {
  write(chunk: Buffer): void;
  end(chunk?: Buffer): void;
  /** Drops the underlying socket at once. */
  destroy(): void;
  /** Bytes written but not yet flushed to the socket. */
  readonly writableLength: number;
}

/** How long things may take on a comet transport (all derived from maxIdleInterval, DESIGN §3.7). */
export interface CometTimings {
  /** Longest a long poll is held with nothing to send before it is answered with `[]`. */
  pollHoldMs: number;
  /** Longest a stream stays open; it must end well before ably-js's 90 s `recvTimeout`. */
  streamMs: number;
  /** How long the transport lives without a pending request before it counts as dropped. */
  idleMs: number;
}

export function cometTimings(maxIdleIntervalMs: number): CometTimings {
  return { pollHoldMs: maxIdleIntervalMs, streamMs: 2 * maxIdleIntervalMs, idleMs: maxIdleIntervalMs };
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const NEWLINE = Buffer.from('\n');
const EMPTY = Buffer.from('[]');

/**
 * One comet transport (DESIGN §3.7): the {@link Transport} a realtime connection sends through,
 * like a WebSocket. Frames (compact JSON, one ProtocolMessage each) queue here and leave as a JSON array on
 * the pending receive request — at once when one is waiting, else on the next. Frames queued in one tick go
 * in one array, so ATTACHED, its replay and its SYNC arrive together. A receive request holds at most one
 * `recv` in flight; ordering follows from ably-js sending the next `recv` only after the previous completed.
 *
 * Browsers repeat a request by themselves when its connection dies before any answer arrives (a reused
 * keep-alive socket), and ably-js never learns of it. Each XHR carries a random `rnd`, which such a repeat
 * keeps: a `recv` with the `rnd` of the last answered poll gets that answer again (its frames left the queue
 * but never arrived), and a `send` with the `rnd` of the last one is not applied twice.
 *
 * The transport ends ("the socket closed") when it is closed or terminated, or when no request has been
 * pending for `idleMs` (the client went away). `onFinish` then runs once.
 */
export class CometTransport implements Transport {
  onFinish?: () => void;
  private _queue: Buffer[] = [];
  private _queuedBytes = 0;
  private _receiver?: CometReceiver;
  /** `rnd` of the pending receive request, and the last poll answered: its `rnd` and body. */
  private _receiverRnd?: string;
  private _lastPoll?: { rnd: string; body: Buffer };
  private _lastSendRnd?: string;
  private _flushScheduled = false;
  private _closing = false;
  private _finished = false;
  private _receiverTimer?: NodeJS.Timeout;
  private _idleTimer?: NodeJS.Timeout;

  constructor(
    /** Node's `comet` streams (`stream` absent or true); browsers' `xhr_polling` polls (`stream=false`). */
    readonly streaming: boolean,
    private readonly _timings: CometTimings,
    private readonly _report: ErrorReporter,
  ) {
    this._armIdle();
  }

  get finished(): boolean {
    return this._finished;
  }

  get bufferedAmount(): number {
    return this._queuedBytes + (this._receiver?.writableLength ?? 0);
  }

  send(data: Buffer): void {
    if (this._finished || this._closing) return;
    this._queue.push(data);
    this._queuedBytes += data.length;
    this._scheduleFlush();
  }

  /** Sends what is queued (on the next receive request if none is pending), then ends. */
  close(): void {
    if (this._finished || this._closing) return;
    this._closing = true;
    this._scheduleFlush();
  }

  terminate(): void {
    if (this._finished) return;
    const receiver = this._receiver;
    this._receiver = undefined;
    receiver?.destroy();
    this._queue = [];
    this._queuedBytes = 0;
    this._finish();
  }

  /** A `recv` (or the connect request itself) arrived: it gets what is queued, now or later. */
  receive(receiver: CometReceiver, rnd?: string): void {
    if (rnd !== undefined && rnd === this._lastPoll?.rnd) {
      receiver.end(this._lastPoll.body);
      return;
    }
    this._lastPoll = undefined;
    if (this._finished) {
      receiver.end(EMPTY);
      return;
    }
    // A second receive request replaces the first (ably-js never sends two; a hand-made client might).
    if (this._receiver) this._endReceiver();
    this._receiver = receiver;
    this._receiverRnd = rnd;
    clearTimeout(this._idleTimer);
    this._receiverTimer = setTimeout(
      () => guard(this._report, 'end a comet receive request', () => this._receiverExpired(receiver)),
      this.streaming ? this._timings.streamMs : this._timings.pollHoldMs,
    );
    this._receiverTimer.unref();
    if (this._queue.length > 0 || this._closing) this._scheduleFlush();
  }

  /** Whether a `send` is new (true), or a repeat of the last one (same `rnd`), not to be applied again. */
  acceptSend(rnd?: string): boolean {
    if (rnd !== undefined && rnd === this._lastSendRnd) return false;
    this._lastSendRnd = rnd;
    return true;
  }

  /** The receive request's connection closed (answered, aborted by the client, or cut). */
  receiverGone(receiver: CometReceiver): void {
    if (this._receiver !== receiver) return;
    this._receiver = undefined;
    clearTimeout(this._receiverTimer);
    this._armIdle();
  }

  private _receiverExpired(receiver: CometReceiver): void {
    if (this._receiver !== receiver) return;
    this._endReceiver();
    this._armIdle();
  }

  private _scheduleFlush(): void {
    if (this._flushScheduled) return;
    this._flushScheduled = true;
    queueMicrotask(() => guard(this._report, 'send on a comet transport', () => this._flush()));
  }

  private _flush(): void {
    this._flushScheduled = false;
    const receiver = this._receiver;
    if (this._finished || !receiver) return;
    const body = this._takeBatch();
    if (body && this.streaming) receiver.write(Buffer.concat([body, NEWLINE]));
    if (body && !this.streaming) {
      this._endReceiver(body);
      this._armIdle();
    }
    if (this._closing) {
      this._endReceiver();
      this._finish();
    }
  }

  /** The queued frames as one JSON array, or undefined when nothing is queued. */
  private _takeBatch(): Buffer | undefined {
    if (this._queue.length === 0) return undefined;
    const parts: Buffer[] = [OPEN];
    this._queue.forEach((frame, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(frame);
    });
    parts.push(CLOSE);
    this._queue = [];
    this._queuedBytes = 0;
    return Buffer.concat(parts);
  }

  /** Answers the pending receive request: a poll with `body` (default `[]`), a stream by ending it. */
  private _endReceiver(body?: Buffer): void {
    const receiver = this._receiver;
    if (!receiver) return;
    this._receiver = undefined;
    clearTimeout(this._receiverTimer);
    if (this.streaming) {
      receiver.end(body ? Buffer.concat([body, NEWLINE]) : undefined);
      return;
    }
    const answer = body ?? EMPTY;
    if (this._receiverRnd !== undefined) this._lastPoll = { rnd: this._receiverRnd, body: answer };
    receiver.end(answer);
  }

  private _armIdle(): void {
    clearTimeout(this._idleTimer);
    if (this._finished) return;
    this._idleTimer = setTimeout(
      () => guard(this._report, 'drop an idle comet transport', () => this._idle()),
      this._timings.idleMs,
    );
    this._idleTimer.unref();
  }

  private _idle(): void {
    if (this._receiver || this._finished) return;
    this._queue = [];
    this._queuedBytes = 0;
    this._finish();
  }

  private _finish(): void {
    if (this._finished) return;
    this._finished = true;
    clearTimeout(this._idleTimer);
    clearTimeout(this._receiverTimer);
    const onFinish = this.onFinish;
    this.onFinish = undefined;
    if (onFinish) guard(this._report, 'close a comet transport', onFinish);
  }
}
