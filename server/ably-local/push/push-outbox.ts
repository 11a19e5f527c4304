/**
 * The newest push deliveries, for `GET /push/outbox` (DESIGN §13.6): on a machine without internet this is
 * where one sees what was sent, to whom and with what result. A ring of fixed size; entries are updated in
 * place as their delivery finishes.
 */
export type DeliveryResult = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface OutboxEntry {
  id: number;
  /** When the delivery was queued (ms). */
  at: number;
  /** `publish` (`POST /push/publish`) or `channel` (a message with `extras.push`). */
  source: 'publish' | 'channel';
  channel?: string;
  deviceId?: string;
  clientId?: string;
  transportType: string;
  /** The push service's origin and path (Web Push), shortened. */
  endpoint?: string;
  /** What the device was sent (the service worker's JSON). */
  payload: Record<string, unknown>;
  ttlSeconds?: number;
  result: DeliveryResult;
  /** The push service's HTTP status, when it answered. */
  statusCode?: number;
  /** Why it failed or was skipped. */
  reason?: string;
  /** Time from queueing to the push service's answer. */
  ms?: number;
}

export class PushOutbox {
  private readonly _entries: OutboxEntry[] = [];
  private _next = 1;

  constructor(private readonly _capacity = 500) {}

  add(entry: Omit<OutboxEntry, 'id'>): OutboxEntry {
    const stored: OutboxEntry = { id: this._next++, ...entry };
    this._entries.push(stored);
    if (this._entries.length > this._capacity) this._entries.splice(0, this._entries.length - this._capacity);
    return stored;
  }

  /** Newest first, at most `limit`; `since` keeps only entries with a greater id. */
  list(limit = 100, since = 0): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (let i = this._entries.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this._entries[i]!;
      if (entry.id <= since) break;
      out.push({ ...entry });
    }
    return out;
  }
}

/** An endpoint as the outbox shows it: origin and the first characters of the path (they identify it). */
export function shortEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    const path = url.pathname.length > 24 ? `${url.pathname.slice(0, 24)}…` : url.pathname;
    return `${url.origin}${path}`;
  } catch {
    return 'invalid endpoint';
  }
}
