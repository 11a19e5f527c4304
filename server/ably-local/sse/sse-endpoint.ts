import express, { type Request, type Response, type Router } from 'express';
import { AblyError, errors } from '../protocol/ably-error.js';
import { timerAt } from '../core/clock.js';
import { guard, guarded } from '../protocol/error-reporter.js';
import type { RealtimeContext } from '../realtime/realtime-context.js';
import { sendError, setErrorHeaders } from '../rest/rest-io.js';
import { encodeEvent } from './sse-format.js';
import { readStreamRequest, type StreamRequest } from './sse-request.js';
import { SseStream } from './sse-stream.js';

/**
 * Ably's SSE and plain HTTP streaming API (DESIGN §16): `GET /sse` (always SSE) and `GET /event-stream` (SSE
 * when the request accepts `text/event-stream`, else newline-delimited JSON). A stream is a subscribe-only
 * attachment to each of its channels through the same channel core as realtime connections, so messages
 * published by any path reach it; it ends with an `error` event when its token expires (40142) or is revoked
 * (40141), and a client opens a new one with a fresh token and `lastEvent`.
 */
export class SseEndpoint {
  readonly router: Router;
  private readonly _streams = new Set<SseStream>();
  private readonly _expiry = new Map<SseStream, NodeJS.Timeout>();
  private readonly _keepalive: NodeJS.Timeout;

  constructor(private readonly _ctx: RealtimeContext) {
    const router = express.Router();
    router.get('/sse', (req, res) => this._open(req, res, true));
    router.get('/event-stream', (req, res) => this._open(req, res, false));
    this.router = router;
    const idleMs = _ctx.options.maxIdleIntervalMs;
    const every = Math.max(50, Math.min(1000, idleMs / 4));
    this._keepalive = setInterval(
      guarded(_ctx.report, 'send event stream keepalives', () => {
        for (const stream of this._streams) stream.keepaliveIfIdle(idleMs);
      }),
      every,
    );
    this._keepalive.unref();
    _ctx.auth.onRevoke((keyName, clientId, before) => this._revoke(keyName, clientId, before));
  }

  /** Open streams (tests and shutdown). */
  get size(): number {
    return this._streams.size;
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    clearInterval(this._keepalive);
    for (const stream of [...this._streams]) stream.close();
  }

  private _open(req: Request, res: Response, forceSse: boolean): void {
    let request: StreamRequest;
    try {
      request = readStreamRequest(req, this._ctx.auth, forceSse);
    } catch (err) {
      return refuse(req, res, err, forceSse || (req.get('accept') ?? '').includes('text/event-stream'));
    }
    res.status(200);
    res.setHeader('Content-Type', request.format === 'sse' ? 'text/event-stream' : 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const stream = new SseStream(
      res,
      request,
      this._ctx.channels,
      () => this._ctx.clock.now(),
      this._ctx.options.maxBufferedBytes,
      this._ctx.report,
      (closed) => this._forget(closed),
    );
    this._streams.add(stream);
    res.once(
      'close',
      guarded(this._ctx.report, 'close an event stream', () => stream.close()),
    );
    guard(this._ctx.report, 'attach an event stream', () => this._attach(stream, request));
    this._scheduleExpiry(stream, request.identity.expiresAt);
  }

  /**
   * Attaches every channel and sends what the stream starts with: the messages after `lastEvent` when it
   * can be resumed (as a realtime resume would), else the `rewind` backlog. All synchronous, so no live
   * message can come between a channel's backlog and its live stream.
   */
  private _attach(stream: SseStream, request: StreamRequest): void {
    for (const channel of request.channels) {
      const result = this._ctx.channels.get(channel.name).attach(stream, {
        modes: channel.modes,
        params: channel.params.accepted,
        ...(request.lastEvent === undefined ? { rewind: channel.params.rewind } : {}),
        channelSerial: request.lastEvent ?? null,
        alias: channel.wireName,
      });
      stream.attachments.push({ name: channel.name, wireName: channel.wireName });
      for (const message of result.replay) stream.sendMessage(message, channel.wireName);
    }
  }

  private _scheduleExpiry(stream: SseStream, expiresAt: number | undefined): void {
    if (expiresAt === undefined || stream.closed) return;
    const expire = guarded(this._ctx.report, 'expire an event stream', () =>
      stream.close(errors.tokenExpired()),
    );
    timerAt(this._ctx.clock, expiresAt, expire, (timer) => this._expiry.set(stream, timer));
  }

  private _forget(stream: SseStream): void {
    this._streams.delete(stream);
    clearTimeout(this._expiry.get(stream));
    this._expiry.delete(stream);
  }

  /** Streams of revoked tokens end with an `error` event 40141, as realtime connections are disconnected. */
  private _revoke(keyName: string, clientId: string, issuedBefore: number): void {
    for (const stream of [...this._streams]) {
      const { identity } = stream.options;
      if (identity.kind !== 'token' || identity.keyName !== keyName || identity.tokenClientId !== clientId)
        continue;
      if ((identity.issuedAt ?? 0) >= issuedBefore) continue;
      guard(this._ctx.report, 'end a revoked event stream', () => stream.close(errors.tokenRevoked()));
    }
  }
}

/**
 * A stream that cannot open is answered at once with the error's HTTP status (Ably answers failures on
 * opening without streaming): an SSE `error` event for an SSE request, `{error}` JSON otherwise.
 */
function refuse(req: Request, res: Response, err: unknown, sse: boolean): void {
  if (!sse) return sendError(req, res, err);
  const error = AblyError.from(err);
  res.status(error.statusCode);
  res.setHeader('Content-Type', 'text/event-stream');
  setErrorHeaders(res, error);
  res.end(encodeEvent({ event: 'error', data: error.toWire() }, 'sse'));
}
