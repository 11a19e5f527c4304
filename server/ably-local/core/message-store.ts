import type { WireMessage } from '../protocol/wire-types.js';

/** The version block every stored message carries (TM2s). */
export interface MessageVersion {
  serial: string;
  timestamp: number;
  clientId?: string;
  description?: string;
  metadata?: Record<string, string>;
}

/** A persisted message version: canonical payload, every server field stamped. */
export interface StoredMessage extends WireMessage {
  id: string;
  serial: string;
  timestamp: number;
  action: number;
  version: MessageVersion;
}

/** A persisted annotation (TAN2): a create or delete aimed at one message. */
export interface StoredAnnotation {
  id: string;
  serial: string;
  action: number;
  type: string;
  messageSerial: string;
  name?: string;
  count?: number;
  clientId?: string;
  connectionId?: string;
  timestamp: number;
  data?: WireMessage['data'];
  encoding?: string;
  extras?: Record<string, unknown>;
}

export interface HistoryQuery {
  direction: 'backwards' | 'forwards';
  limit: number;
  /** ms, inclusive. */
  start?: number;
  end?: number;
  /** Inclusive upper bound on serial (`from_serial`, ably-js `untilAttach`, Chat `fromSerial`). */
  untilSerial?: string;
  /** Exclusive paging cursor: older than it going backwards, newer going forwards. */
  cursor?: string;
}

export interface PageQuery {
  limit: number;
  /** Exclusive cursor (a version or annotation serial); results are oldest first. */
  cursor?: string;
}

/**
 * Where channel messages live (DESIGN §8). Every version of a message is recorded: the latest one per
 * message serial is what history shows, and all versions in version-serial order form the stream a resumed
 * attach replays. Two implementations run the same contract tests: in memory (default) and SQLite (`--data`).
 * Versions arrive in version-serial order.
 */
export interface MessageStore {
  put(channel: string, versions: StoredMessage[]): void;
  get(channel: string, serial: string): StoredMessage | undefined;
  /** Up to `query.limit` latest versions in the query's direction, positioned by message serial. */
  history(channel: string, query: HistoryQuery): StoredMessage[];
  /** All versions of one message, oldest first. */
  versions(channel: string, serial: string, query: PageQuery): StoredMessage[];
  /** Stream entries (versions) with version serial > `position`, oldest first, at most `limit`. */
  after(channel: string, position: string, limit: number): StoredMessage[];
  /**
   * The stream position up to which entries have been evicted, if any: a resume from an earlier position
   * would miss messages and must not claim continuity (DESIGN §4.4).
   */
  evictedThrough(channel: string): string | undefined;
  /**
   * Where the store's complete stream of the channel starts: the position recorded the first time it was
   * asked about the channel, `candidate` (a freshly minted serial) if this is that first time. Persistent
   * stores keep it, so a resume after a restart can replay from any later position (DESIGN §4.4).
   */
  coveredFrom(channel: string, candidate: string): string;
  addAnnotation(channel: string, annotation: StoredAnnotation): void;
  /** Annotations of one message, oldest first. */
  annotations(channel: string, messageSerial: string, query: PageQuery): StoredAnnotation[];
  close(): void;
}

interface ChannelData {
  /** Latest versions ordered by message serial. */
  latest: StoredMessage[];
  index: Map<string, number>;
  /** Every version, ordered by version serial. */
  stream: StoredMessage[];
  versions: Map<string, StoredMessage[]>;
  annotations: Map<string, StoredAnnotation[]>;
  evictedThrough?: string;
}

/**
 * Everything in memory, binary search on serials. Each channel keeps its newest `maxMessagesPerChannel`
 * messages (and as many stream entries); older ones are evicted in batches so a long-running dev server
 * does not grow without bound (DESIGN §8).
 */
export class MemoryMessageStore implements MessageStore {
  private readonly _channels = new Map<string, ChannelData>();
  private readonly _coverage = new Map<string, string>();

  constructor(private readonly _maxMessagesPerChannel = 10_000) {}

  put(channel: string, versions: StoredMessage[]): void {
    const data = this._data(channel);
    for (const m of versions) {
      data.stream.push(m);
      const at = data.index.get(m.serial);
      if (at === undefined) {
        data.index.set(m.serial, data.latest.length);
        data.latest.push(m);
      } else {
        // A message's version list exists only once it has a second version; until then it is [latest].
        const list = data.versions.get(m.serial);
        if (list) list.push(m);
        else data.versions.set(m.serial, [data.latest[at]!, m]);
        data.latest[at] = m;
      }
    }
    this._evict(data);
  }

  get(channel: string, serial: string): StoredMessage | undefined {
    const data = this._channels.get(channel);
    const at = data?.index.get(serial);
    return at === undefined ? undefined : data!.latest[at];
  }

  history(channel: string, query: HistoryQuery): StoredMessage[] {
    const list = this._channels.get(channel)?.latest ?? [];
    const out: StoredMessage[] = [];
    const inRange = (m: StoredMessage): boolean =>
      (query.start === undefined || m.timestamp >= query.start) &&
      (query.end === undefined || m.timestamp <= query.end);
    if (query.direction === 'backwards') {
      let upper = list.length;
      if (query.untilSerial !== undefined)
        upper = Math.min(upper, upperBound(list, query.untilSerial, bySerial));
      if (query.cursor !== undefined) upper = Math.min(upper, lowerBound(list, query.cursor, bySerial));
      for (let i = upper - 1; i >= 0 && out.length < query.limit; i--) {
        if (inRange(list[i]!)) out.push(list[i]!);
      }
    } else {
      const from = query.cursor === undefined ? 0 : upperBound(list, query.cursor, bySerial);
      const upper =
        query.untilSerial === undefined ? list.length : upperBound(list, query.untilSerial, bySerial);
      for (let i = from; i < upper && out.length < query.limit; i++) {
        if (inRange(list[i]!)) out.push(list[i]!);
      }
    }
    return out;
  }

  versions(channel: string, serial: string, query: PageQuery): StoredMessage[] {
    const data = this._channels.get(channel);
    const only = this.get(channel, serial);
    return page(data?.versions.get(serial) ?? (only ? [only] : []), query, byVersion);
  }

  after(channel: string, position: string, limit: number): StoredMessage[] {
    const stream = this._channels.get(channel)?.stream ?? [];
    const from = upperBound(stream, position, byVersion);
    return stream.slice(from, from + limit);
  }

  evictedThrough(channel: string): string | undefined {
    return this._channels.get(channel)?.evictedThrough;
  }

  coveredFrom(channel: string, candidate: string): string {
    const known = this._coverage.get(channel);
    if (known !== undefined) return known;
    this._coverage.set(channel, candidate);
    return candidate;
  }

  addAnnotation(channel: string, annotation: StoredAnnotation): void {
    const all = this._data(channel).annotations;
    const list = all.get(annotation.messageSerial);
    if (list) list.push(annotation);
    else all.set(annotation.messageSerial, [annotation]);
  }

  annotations(channel: string, messageSerial: string, query: PageQuery): StoredAnnotation[] {
    return page(this._channels.get(channel)?.annotations.get(messageSerial) ?? [], query, (a) => a.serial);
  }

  close(): void {
    this._channels.clear();
    this._coverage.clear();
  }

  /** Drops the oldest messages and stream entries once a channel holds 10% more than its limit. */
  private _evict(data: ChannelData): void {
    const max = this._maxMessagesPerChannel;
    const slack = Math.max(1, Math.floor(max / 10));
    if (data.latest.length > max + slack) {
      for (const m of data.latest.splice(0, data.latest.length - max)) {
        data.versions.delete(m.serial);
        data.annotations.delete(m.serial);
      }
      data.index.clear();
      data.latest.forEach((m, i) => data.index.set(m.serial, i));
    }
    if (data.stream.length > max + slack) {
      const dropped = data.stream.splice(0, data.stream.length - max);
      data.evictedThrough = dropped[dropped.length - 1]!.version.serial;
    }
  }

  private _data(channel: string): ChannelData {
    let data = this._channels.get(channel);
    if (!data) {
      data = { latest: [], index: new Map(), stream: [], versions: new Map(), annotations: new Map() };
      this._channels.set(channel, data);
    }
    return data;
  }
}

const bySerial = (m: StoredMessage): string => m.serial;
const byVersion = (m: StoredMessage): string => m.version.serial;

function page<T>(list: T[], query: PageQuery, key: (item: T) => string): T[] {
  const from = query.cursor === undefined ? 0 : upperBound(list, query.cursor, key);
  return list.slice(from, from + query.limit);
}

/** First index whose key is >= `value`. */
function lowerBound<T>(list: T[], value: string, key: (item: T) => string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > `value`. */
function upperBound<T>(list: T[], value: string, key: (item: T) => string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]!) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
