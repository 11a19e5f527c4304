import { withTimeout } from './with-timeout.js';

/** One event as a client of Ably's SSE API sees it. */
export interface ReceivedEvent {
  event: string;
  data?: string;
  id?: string;
}

/**
 * A reader of an SSE or plain event stream over `fetch` (Node 20 has no EventSource): parses events as the
 * WHATWG EventSource algorithm does (`event:`, `data:` joined by line feeds, `id:`, comments skipped) or
 * the plain stream's JSON lines, and keeps them, keepalives included as `keepalive`.
 */
export class EventStreamClient {
  readonly events: ReceivedEvent[] = [];
  status = 0;
  headers = new Headers();
  /** Resolves when the server ends the response (or the client aborts it). */
  readonly ended: Promise<void>;
  private readonly _abort = new AbortController();
  private _waiters: (() => void)[] = [];
  private _endedFlag = false;

  private constructor(
    url: string,
    private readonly _plain: boolean,
    headers: Record<string, string>,
    opened: (ok: boolean) => void,
  ) {
    this.ended = this._read(url, headers, opened).finally(() => {
      this._endedFlag = true;
      this._wake();
    });
  }

  /** Opens a stream and resolves once its response headers arrived. */
  static async open(url: string, options: { plain?: boolean; headers?: Record<string, string> } = {}) {
    let client!: EventStreamClient;
    await withTimeout(
      new Promise<boolean>((resolve) => {
        client = new EventStreamClient(url, options.plain ?? false, options.headers ?? {}, resolve);
      }),
      10_000,
      `the response of ${url}`,
    );
    return client;
  }

  get isEnded(): boolean {
    return this._endedFlag;
  }

  /** Events other than keepalives, as received so far. */
  get received(): ReceivedEvent[] {
    return this.events.filter((e) => e.event !== 'keepalive');
  }

  /** Waits until `count` events other than keepalives have arrived and returns them. */
  async take(count: number, what = `${count} events`): Promise<ReceivedEvent[]> {
    await this.until(() => this.received.length >= count, what);
    return this.received.slice(0, count);
  }

  /** Waits until `predicate` holds over what was received; fails if the stream ends first. */
  async until(predicate: () => boolean, what: string): Promise<void> {
    await withTimeout(
      (async () => {
        while (!predicate()) {
          if (this._endedFlag) throw new Error(`the stream ended before ${what}`);
          await new Promise<void>((resolve) => this._waiters.push(resolve));
        }
      })(),
      10_000,
      what,
    );
  }

  close(): void {
    this._abort.abort();
  }

  private async _read(url: string, headers: Record<string, string>, opened: (ok: boolean) => void) {
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: this._abort.signal });
    } catch {
      opened(false);
      return;
    }
    this.status = res.status;
    this.headers = res.headers;
    opened(true);
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = res.body.getReader();
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += decoder.decode(read.value, { stream: true });
        buffer = this._plain ? this._parsePlain(buffer) : this._parseSse(buffer);
        this._wake();
      }
    } catch {
      // Aborted by close().
    }
  }

  private _parsePlain(buffer: string): string {
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (line.trim() === '') {
        this.events.push({ event: 'keepalive' });
        continue;
      }
      const parsed = JSON.parse(line) as { event: string; data?: unknown; id?: string };
      this.events.push({
        event: parsed.event,
        ...(parsed.data === undefined
          ? {}
          : { data: typeof parsed.data === 'string' ? parsed.data : JSON.stringify(parsed.data) }),
        ...(parsed.id === undefined ? {} : { id: parsed.id }),
      });
    }
    return buffer;
  }

  private _parseSse(buffer: string): string {
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: ReceivedEvent = { event: 'message' };
      const data: string[] = [];
      let comment = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          comment = true;
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event.event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') event.id = value;
      }
      if (data.length > 0) this.events.push({ ...event, data: data.join('\n') });
      else if (comment) this.events.push({ event: 'keepalive' });
    }
    return buffer;
  }

  private _wake(): void {
    for (const wake = this._waiters.splice(0); wake.length > 0;) wake.shift()!();
  }
}
