import type { ClientIdCounts, ClientIdList, Summary, SummaryEntry } from './annotation-summary.js';
import { summaryMethod } from './annotation-summary.js';
import type { StoredAnnotation } from './message-store.js';

/** clientIds listed per summary entry; beyond it the list is clipped (`clipped: true`), totals stay exact. */
export const MAX_SUMMARY_CLIENT_IDS = 100;

const ANNOTATION_DELETE = 1;

interface MultipleEntry {
  counts: Map<string, number>;
  unidentified: number;
}

/**
 * A message's running annotation summary (DESIGN §4.7): annotations are folded in one at a time,
 * oldest first, in O(1) each, so no read ever re-folds them all. `clientIds` keep first-contribution order
 * (a re-flag moves to the end); names whose total drops to 0 disappear. Pure state, no I/O.
 */
export class SummaryFold {
  /** Annotations folded in so far (creates and deletes). */
  count = 0;
  private readonly _totals = new Map<string, number>();
  private readonly _flags = new Map<string, Set<string>>();
  private readonly _named = new Map<string, Map<string, Set<string>>>();
  /** unique.v1: the one name each client currently holds, per type. */
  private readonly _uniqueOf = new Map<string, Map<string, string>>();
  private readonly _multiples = new Map<string, Map<string, MultipleEntry>>();
  private _rendered?: Summary;
  private _bytes?: number;

  add(a: StoredAnnotation): void {
    this.count++;
    this._rendered = undefined;
    this._bytes = undefined;
    const method = summaryMethod(a.type);
    const remove = a.action === ANNOTATION_DELETE;
    const cid = a.clientId;
    if (method === 'total') {
      this._totals.set(a.type, Math.max(0, (this._totals.get(a.type) ?? 0) + (remove ? -1 : 1)));
    } else if (method === 'flag' && cid) {
      const set = getOr(this._flags, a.type, () => new Set<string>());
      set.delete(cid);
      if (!remove) set.add(cid);
    } else if (method === 'distinct' && cid && a.name !== undefined) {
      const set = getOr(
        getOr(this._named, a.type, () => new Map()),
        a.name,
        () => new Set<string>(),
      );
      if (remove) set.delete(cid);
      else set.add(cid);
    } else if (method === 'unique' && cid) {
      this._unique(a.type, cid, a.name, remove);
    } else if (method === 'multiple' && a.name !== undefined) {
      const byName = getOr(this._multiples, a.type, () => new Map<string, MultipleEntry>());
      const entry = getOr(byName, a.name, () => ({ counts: new Map<string, number>(), unidentified: 0 }));
      const count = Number.isInteger(a.count) && a.count! > 0 ? a.count! : 1;
      if (remove) {
        if (cid) entry.counts.delete(cid);
      } else if (cid) {
        entry.counts.set(cid, (entry.counts.get(cid) ?? 0) + count);
      } else {
        entry.unidentified += count;
      }
    }
  }

  /** The summary as subscribers and history see it, clientId lists clipped at MAX_SUMMARY_CLIENT_IDS. */
  summary(): Summary {
    return (this._rendered ??= this._render());
  }

  /** Bytes of the summary as JSON (cached with it): what every subscriber receives per annotation. */
  summaryBytes(): number {
    return (this._bytes ??= Buffer.byteLength(JSON.stringify(this.summary())));
  }

  /**
   * The summary as one client sees its own part (Chat `client-reactions`): only distinct/unique/multiple
   * names it contributed to, global totals, and `clientIds` holding just that client.
   */
  clientSummary(clientId: string): Summary {
    const out: Summary = {};
    for (const [type, byName] of this._named) {
      const mine: Record<string, ClientIdList> = {};
      for (const [name, set] of byName) {
        if (set.has(clientId)) mine[name] = { total: set.size, clientIds: [clientId], clipped: set.size > 1 };
      }
      out[type] = mine;
    }
    for (const [type, byName] of this._multiples) {
      const mine: Record<string, ClientIdCounts> = {};
      for (const [name, entry] of byName) {
        const own = entry.counts.get(clientId);
        if (own === undefined) continue;
        mine[name] = {
          total: sumOf(entry),
          clientIds: { [clientId]: own },
          totalUnidentified: entry.unidentified,
          clipped: entry.counts.size > 1,
          totalClientIds: entry.counts.size,
        };
      }
      out[type] = mine;
    }
    return out;
  }

  private _unique(type: string, cid: string, name: string | undefined, remove: boolean): void {
    const byName = getOr(this._named, type, () => new Map<string, Set<string>>());
    const held = getOr(this._uniqueOf, type, () => new Map<string, string>());
    const current = held.get(cid);
    // A create moves the client from its previous name; a delete removes it (from `name`, or from wherever).
    if (current !== undefined && (!remove || name === undefined || name === current)) {
      byName.get(current)?.delete(cid);
      held.delete(cid);
    }
    if (!remove && name !== undefined) {
      getOr(byName, name, () => new Set<string>()).add(cid);
      held.set(cid, name);
    }
  }

  private _render(): Summary {
    const list = (set: Set<string>): ClientIdList => {
      const clientIds = firstOf(set, MAX_SUMMARY_CLIENT_IDS);
      return { total: set.size, clientIds, clipped: set.size > clientIds.length };
    };
    const summary: Summary = {};
    for (const [type, total] of this._totals) summary[type] = { total };
    for (const [type, set] of this._flags) summary[type] = list(set);
    for (const [type, byName] of this._named) {
      const entry: Record<string, ClientIdList> = {};
      for (const [name, set] of byName) if (set.size > 0) entry[name] = list(set);
      summary[type] = entry;
    }
    for (const [type, byName] of this._multiples) {
      const entry: Record<string, ClientIdCounts> = {};
      for (const [name, value] of byName) {
        const total = sumOf(value);
        if (total === 0) continue;
        const shown = firstOf(value.counts.keys(), MAX_SUMMARY_CLIENT_IDS);
        entry[name] = {
          total,
          clientIds: Object.fromEntries(shown.map((cid) => [cid, value.counts.get(cid)!])),
          totalUnidentified: value.unidentified,
          clipped: value.counts.size > shown.length,
          totalClientIds: value.counts.size,
        };
      }
      summary[type] = entry as SummaryEntry;
    }
    return summary;
  }
}

function sumOf(entry: MultipleEntry): number {
  let sum = entry.unidentified;
  for (const n of entry.counts.values()) sum += n;
  return sum;
}

function firstOf(items: Iterable<string>, limit: number): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (out.length === limit) break;
    out.push(item);
  }
  return out;
}

function getOr<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/** Folds a message's annotations, oldest first, into its (clipped) summary. Pure. */
export function foldSummary(annotations: readonly StoredAnnotation[]): Summary {
  const fold = new SummaryFold();
  for (const a of annotations) fold.add(a);
  return fold.summary();
}
