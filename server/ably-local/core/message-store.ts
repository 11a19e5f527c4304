import type { WireMessage } from '../protocol/wire-types.js';

/** A persisted message: canonical payload, every server field stamped. */
export interface StoredMessage extends WireMessage {
  id: string;
  serial: string;
  timestamp: number;
  action: number;
}

export interface HistoryQuery {
  direction: 'backwards' | 'forwards';
  limit: number;
  /** ms, inclusive. */
  start?: number;
  end?: number;
  /** Inclusive upper bound on serial (`from_serial`, ably-js `untilAttach`). */
  untilSerial?: string;
  /** Exclusive paging cursor: older than it going backwards, newer going forwards. */
  cursor?: string;
}

/**
 * Where channel messages live (DESIGN §8). Two implementations run the same contract tests: in memory
 * (default) and SQLite (`--data`). Messages arrive in serial order.
 */
export interface MessageStore {
  append(channel: string, messages: StoredMessage[]): void;
  /** Up to `query.limit` messages in the query's direction. */
  history(channel: string, query: HistoryQuery): StoredMessage[];
  /** Messages with serial > `serial`, oldest first, at most `limit`. */
  after(channel: string, serial: string, limit: number): StoredMessage[];
  close(): void;
}

/** Messages kept in arrays per channel; binary search on serials. */
export class MemoryMessageStore implements MessageStore {
  private readonly _channels = new Map<string, StoredMessage[]>();

  append(channel: string, messages: StoredMessage[]): void {
    let list = this._channels.get(channel);
    if (!list) this._channels.set(channel, (list = []));
    list.push(...messages);
  }

  history(channel: string, query: HistoryQuery): StoredMessage[] {
    const list = this._channels.get(channel) ?? [];
    const out: StoredMessage[] = [];
    const matches = (m: StoredMessage): boolean =>
      (query.start === undefined || m.timestamp >= query.start) &&
      (query.end === undefined || m.timestamp <= query.end);
    if (query.direction === 'backwards') {
      let upper = list.length;
      if (query.untilSerial !== undefined) upper = Math.min(upper, upperBound(list, query.untilSerial));
      if (query.cursor !== undefined) upper = Math.min(upper, lowerBound(list, query.cursor));
      for (let i = upper - 1; i >= 0 && out.length < query.limit; i--) {
        const m = list[i]!;
        if (query.start !== undefined && m.timestamp < query.start) break;
        if (matches(m)) out.push(m);
      }
    } else {
      const from = query.cursor === undefined ? 0 : upperBound(list, query.cursor);
      const upper = query.untilSerial === undefined ? list.length : upperBound(list, query.untilSerial);
      for (let i = from; i < upper && out.length < query.limit; i++) {
        const m = list[i]!;
        if (query.end !== undefined && m.timestamp > query.end) break;
        if (matches(m)) out.push(m);
      }
    }
    return out;
  }

  after(channel: string, serial: string, limit: number): StoredMessage[] {
    const list = this._channels.get(channel) ?? [];
    const from = upperBound(list, serial);
    return list.slice(from, from + limit);
  }

  close(): void {
    this._channels.clear();
  }
}

/** First index whose serial is >= `serial`. */
function lowerBound(list: StoredMessage[], serial: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.serial < serial) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose serial is > `serial`. */
function upperBound(list: StoredMessage[], serial: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.serial <= serial) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
