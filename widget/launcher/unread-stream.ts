import type { InboxAnswer, InboxUpdate, UserTokenAnswer } from '../../server/contract/api-contract.js';
import type { ErrorDetail } from '../events/error-event.js';
import { backendRequest, BackendRequestError, resolveRoute } from '../session/backend-client.js';
import * as ErrorCode from '../session/error-codes.js';
import { errorDetail } from '../session/error-detail.js';
import { sseUrl } from './sse-url.js';
import { UnreadCount } from './unread-count.js';

/** How failures read: "unable to count unread messages; …". */
const OPERATION = 'count unread messages';

/** Inbox updates a fresh stream asks for first, covering what was published while it opened. */
const REWIND = 10;

/** Waits before opening a stream again after it failed to open, doubling up to the last. */
const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];

export interface UnreadStreamOptions {
  /** The token route, absolute. */
  tokenUrl: string;
  /** Count this task's unread messages; the whole inbox's when undefined. */
  task?: string;
  /** The caller's body for the backend's routes: a fresh user token, or nothing for the host session. */
  caller: () => Promise<{ userToken?: string }>;
  onCount: (count: number) => void;
  onError: (detail: ErrorDetail) => void;
}

/**
 * The launcher's unread count without the Ably SDK: the inbox route's answer, then the user's inbox channel
 * over Ably's SSE API (https://ably.com/docs/protocols/sse) with the Ably token of `POST /api/token`. When Ably
 * ends the stream with a token error (40140–40149) a new token is asked for and the stream reopened with
 * `lastEvent`, so no update is missed; the browser's `EventSource` reconnects by itself after a network drop.
 */
export class UnreadStream {
  private readonly _count: UnreadCount;
  private _source?: EventSource;
  private _lastEvent?: string;
  private _routes?: { inbox: string };
  private _generation = 0;
  private _failures = 0;
  private _timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly _options: UnreadStreamOptions) {
    this._count = new UnreadCount(_options.task);
  }

  start(): void {
    this.stop();
    void this._open(++this._generation);
  }

  stop(): void {
    this._generation++;
    clearTimeout(this._timer);
    this._source?.close();
    this._source = undefined;
  }

  /** Asks for an Ably token and opens the stream (resuming after the last event received, if any). */
  private async _open(generation: number): Promise<void> {
    let answer: UserTokenAnswer;
    try {
      answer = await backendRequest<UserTokenAnswer>(
        'POST',
        this._options.tokenUrl,
        await this._options.caller(),
        OPERATION,
      );
    } catch (err) {
      if (generation !== this._generation) return;
      // Unreachable (a network blip): try again later; refused: the host must act (an expired user token…).
      if (err instanceof BackendRequestError && err.code === ErrorCode.Unreachable) this._later(generation);
      this._fail(err);
      return;
    }
    if (generation !== this._generation) return;
    this._routes = { inbox: resolveRoute(this._options.tokenUrl, answer.routes.inbox) };
    const source = new EventSource(
      sseUrl(answer.clientOptions, {
        channel: answer.channel,
        accessToken: answer.token,
        ...(this._lastEvent === undefined ? { rewind: REWIND } : { lastEvent: this._lastEvent }),
      }),
    );
    this._source = source;
    source.addEventListener('open', () => {
      this._failures = 0;
      // A stream that resumes brings what was missed; a fresh one starts from the route's count.
      if (this._lastEvent === undefined) void this._readCount(generation);
    });
    source.addEventListener('message', (event) => {
      if (event.lastEventId) this._lastEvent = event.lastEventId;
      const update = inboxUpdateOf(event.data as string);
      if (update && this._count.update(update)) this._options.onCount(this._count.count!);
    });
    source.addEventListener('error', (event) => {
      if (generation !== this._generation) return;
      const ably = event instanceof MessageEvent ? ablyErrorOf(event.data) : undefined;
      if (ably) {
        source.close();
        if (ErrorCode.isTokenError(ably.code)) {
          // The token expired (or was revoked): a new one, and on from the last event.
          void this._open(++this._generation);
        } else if (ably.statusCode >= 500) {
          this._later(generation);
        } else {
          this._fail(ably);
        }
      } else if (source.readyState === EventSource.CLOSED) {
        // Refused before it streamed (Ably answers such failures with their HTTP status, which an EventSource
        // does not show): said once, then tried again with a new token.
        if (this._failures === 0) {
          this._fail({ code: ErrorCode.Unreachable, message: 'Ably refused the event stream' });
        }
        this._later(generation);
      }
      // Otherwise the browser is reconnecting, with the last event's id.
    });
  }

  private async _readCount(generation: number): Promise<void> {
    try {
      const answer = await backendRequest<InboxAnswer>(
        'POST',
        this._routes!.inbox,
        {
          ...(await this._options.caller()),
          ...(this._options.task === undefined ? { limit: 1 } : { task: this._options.task }),
        },
        OPERATION,
      );
      if (generation === this._generation && this._count.page(answer)) {
        this._options.onCount(this._count.count!);
      }
    } catch (err) {
      if (generation === this._generation) this._fail(err);
    }
  }

  /** Opens the stream again after a wait that grows with each failure in a row. */
  private _later(generation: number): void {
    this._source?.close();
    const wait = BACKOFF_MS[Math.min(this._failures++, BACKOFF_MS.length - 1)]!;
    this._timer = setTimeout(() => {
      if (generation === this._generation) void this._open(++this._generation);
    }, wait);
  }

  private _fail(err: unknown): void {
    this._options.onError(errorDetail(err, OPERATION));
  }
}

/** An SSE message event's inbox update (Ably's enveloped message, `name` "inbox"), or undefined. */
export function inboxUpdateOf(data: string): InboxUpdate | undefined {
  try {
    const message = JSON.parse(data) as { name?: string; data?: unknown; encoding?: string | null };
    if (message.name !== 'inbox') return undefined;
    const payload =
      typeof message.data === 'string' && message.encoding?.split('/').at(-1) === 'json'
        ? (JSON.parse(message.data) as unknown)
        : message.data;
    return isUpdate(payload) ? payload : undefined;
  } catch {
    // Not JSON: not an event this stream understands, and nothing to count.
    return undefined;
  }
}

function isUpdate(value: unknown): value is InboxUpdate {
  const update = value as Partial<InboxUpdate> | null;
  return (
    typeof update === 'object' &&
    update !== null &&
    typeof update.version === 'number' &&
    typeof update.totalUnread === 'number' &&
    (update.type === 'removed' ? typeof update.task === 'string' : update.type === 'task')
  );
}

/** Ably's `event: error` body (`{code, statusCode, message}`), or undefined for a transport error. */
function ablyErrorOf(data: unknown): { code: number; statusCode: number; message: string } | undefined {
  if (typeof data !== 'string' || data === '') return undefined;
  try {
    const error = JSON.parse(data) as { code?: unknown; statusCode?: unknown; message?: unknown };
    if (typeof error.code !== 'number') return undefined;
    return {
      code: error.code,
      statusCode: typeof error.statusCode === 'number' ? error.statusCode : Math.floor(error.code / 100),
      message: typeof error.message === 'string' ? error.message : `Ably answered error ${error.code}`,
    };
  } catch {
    // Not Ably's error body: treated as the transport error it then is.
    return undefined;
  }
}
