import type { Clock } from '../core/clock.js';
import { AblyError } from '../protocol/ably-error.js';
import { guarded, reportSafely, type ErrorReporter } from '../protocol/error-reporter.js';
import {
  batchRequest,
  rawRequests,
  singleRequest,
  type WebhookEvent,
  type WebhookRequest,
} from './webhook-request.js';
import type { WebhookRule } from './webhook-rule.js';

/** POSTs one request; resolves with the HTTP status, rejects when there was no answer (network, timeout). */
export type WebhookPost = (
  url: string,
  request: WebhookRequest,
  timeoutMs: number,
  signal: AbortSignal,
) => Promise<number>;

/** Retry and size settings (DESIGN §14.3); tests shorten them. */
export interface WebhookTiming {
  /** A request without an answer after this is abandoned and retried. */
  timeoutMs: number;
  /** Single requests: waits before each retry (Ably: 4 s, then 20 s). */
  singleRetryDelaysMs: number[];
  /** Batches: first retry wait, multiplied by √2 each time, at most `batchRetryMaxMs`. */
  batchRetryInitialMs: number;
  batchRetryMaxMs: number;
  /** Events older than this are dropped instead of retried (Ably keeps them 5 minutes). */
  maxAgeMs: number;
  /** Events per batched request. */
  maxBatchItems: number;
  /** Single requests in flight per rule. */
  singleConcurrency: number;
  /** Events waiting per rule; beyond it the oldest are dropped (reported). */
  maxQueued: number;
  /** How long a batched rule made through the Control API gathers events (Ably: about a second). */
  batchIntervalMs: number;
}

export const DEFAULT_WEBHOOK_TIMING: WebhookTiming = {
  timeoutMs: 15_000,
  singleRetryDelaysMs: [4_000, 20_000],
  batchRetryInitialMs: 1_000,
  batchRetryMaxMs: 60_000,
  maxAgeMs: 5 * 60_000,
  maxBatchItems: 1000,
  singleConcurrency: 16,
  maxQueued: 100_000,
  batchIntervalMs: 1000,
};

/**
 * The default {@link WebhookPost}: Node's fetch, aborted on timeout or close. The timeout is a timer of our own,
 * not `AbortSignal.timeout()`: inside `AbortSignal.any()` Node 20 can garbage-collect that signal before it
 * fires (nodejs/node#57736), and a receiver that never answers then holds its event forever.
 */
export const fetchPost: WebhookPost = async (url, request, timeoutMs, signal) => {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: new Uint8Array(request.body),
      signal: AbortSignal.any([signal, timeout.signal]),
      redirect: 'manual',
    });
    await response.arrayBuffer().catch(() => undefined); // drain: the connection goes back to the pool
    return response.status;
  } finally {
    clearTimeout(timer);
  }
};

interface Pending {
  event: WebhookEvent;
  queuedAt: number;
}

/**
 * Delivers one rule's events (DESIGN §14.3) without ever making a publish wait: `enqueue` only queues.
 * Batch mode sends at most one request at a time, `batchIntervalMs` after the first waiting event, with up
 * to `maxBatchItems` events; a failed batch (no answer or not 2xx) is retried with ×√2 backoff. Single mode
 * sends each event as it comes (at most `singleConcurrency` at once) and retries 5xx answers and failures
 * after 4 s and 20 s. Events older than `maxAgeMs` and refused (4xx) requests are dropped and reported. All
 * timers and callbacks are guarded, so nothing here can end the process.
 */
export class WebhookDispatcher {
  private readonly _queue: Pending[] = [];
  private _inFlight = 0;
  private _timer?: NodeJS.Timeout;
  private _batchAttempt = 0;
  private readonly _abort = new AbortController();
  private readonly _timers = new Set<NodeJS.Timeout>();
  private _closed = false;

  constructor(
    readonly rule: WebhookRule,
    private readonly _appId: string,
    private readonly _timing: WebhookTiming,
    private readonly _post: WebhookPost,
    private readonly _clock: Clock,
    private readonly _report: ErrorReporter,
  ) {}

  enqueue(event: WebhookEvent): void {
    if (this._closed) return;
    if (this._queue.length >= this._timing.maxQueued) {
      this._queue.shift();
      this._drop('queue full; the oldest event was dropped');
    }
    this._queue.push({ event, queuedAt: this._clock.now() });
    this._schedule();
  }

  close(): void {
    this._closed = true;
    this._queue.length = 0;
    if (this._timer) clearTimeout(this._timer);
    for (const timer of this._timers) clearTimeout(timer);
    this._timers.clear();
    this._abort.abort();
  }

  private _schedule(): void {
    if (this.rule.requestMode === 'single') {
      while (this._inFlight < this._timing.singleConcurrency && this._queue.length > 0) {
        this._sendSingle(this._queue.shift()!, 0);
      }
      return;
    }
    if (this._timer || this._inFlight > 0 || this._queue.length === 0) return;
    this._timer = setTimeout(
      guarded(this._report, `send webhook ${this.rule.id}`, () => {
        this._timer = undefined;
        this._sendBatch();
      }),
      this.rule.batchIntervalMs,
    );
  }

  private _sendBatch(): void {
    this._expire();
    if (this._queue.length === 0) return;
    const batch = this._queue.splice(0, this._timing.maxBatchItems);
    const request = batchRequest(
      this.rule,
      batch.map((p) => p.event),
    );
    this._inFlight++;
    void this._attempt(request).then((outcome) => {
      this._inFlight--;
      if (this._closed) return;
      if (outcome === 'retry') {
        this._queue.unshift(...batch);
        const delay = Math.min(
          this._timing.batchRetryMaxMs,
          this._timing.batchRetryInitialMs * Math.SQRT2 ** this._batchAttempt++,
        );
        this._later(delay, () => this._sendBatch());
        return;
      }
      this._batchAttempt = 0;
      this._schedule();
    });
  }

  private _sendSingle(pending: Pending, attempt: number): void {
    const requests = this.rule.enveloped
      ? [singleRequest(this.rule, this._appId, pending.event)]
      : rawRequests(this.rule, this._appId, pending.event);
    this._inFlight++;
    void Promise.all(requests.map((r) => this._attempt(r))).then((outcomes) => {
      this._inFlight--;
      if (this._closed) return;
      const delay = this._timing.singleRetryDelaysMs[attempt];
      if (outcomes.includes('retry')) {
        if (delay === undefined || this._clock.now() - pending.queuedAt > this._timing.maxAgeMs) {
          this._drop(`no success after ${attempt + 1} attempts`);
        } else {
          this._later(delay, () => this._sendSingle(pending, attempt + 1));
        }
      }
      this._schedule();
    });
  }

  /** One POST: `done` (2xx, or a 4xx that no retry can fix — reported), or `retry`. Never rejects. */
  private async _attempt(request: WebhookRequest): Promise<'done' | 'retry'> {
    try {
      const status = await this._post(this.rule.url, request, this._timing.timeoutMs, this._abort.signal);
      if (status >= 200 && status < 300) return 'done';
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        this._drop(`${this.rule.url} refused it with ${status}`);
        return 'done';
      }
      return 'retry';
    } catch (err) {
      if (!this._closed) reportSafely(this._report, `send webhook ${this.rule.id}; will retry`, err);
      return 'retry';
    }
  }

  private _later(delay: number, fn: () => void): void {
    const timer = setTimeout(
      guarded(this._report, `retry webhook ${this.rule.id}`, () => {
        this._timers.delete(timer);
        fn();
      }),
      delay,
    );
    this._timers.add(timer);
  }

  /** Drops events older than `maxAgeMs` from the head of the queue. */
  private _expire(): void {
    const oldest = this._clock.now() - this._timing.maxAgeMs;
    let dropped = 0;
    while (this._queue.length > 0 && this._queue[0]!.queuedAt < oldest) {
      this._queue.shift();
      dropped++;
    }
    if (dropped > 0) this._drop(`${dropped} events older than ${this._timing.maxAgeMs} ms`);
  }

  private _drop(reason: string): void {
    reportSafely(
      this._report,
      `deliver webhook ${this.rule.id}`,
      new AblyError(50003, 503, `events dropped; ${reason}`),
    );
  }
}
