import type { StoredAnnotation } from './message-store.js';

/** Per-name entry of `distinct.v1` / `unique.v1` (and the whole entry of `flag.v1`). */
export interface ClientIdList {
  total: number;
  clientIds: string[];
  clipped: boolean;
}

/** Per-name entry of `multiple.v1`. */
export interface ClientIdCounts {
  total: number;
  clientIds: Record<string, number>;
  totalUnidentified: number;
  clipped: boolean;
  totalClientIds: number;
}

export type SummaryEntry =
  { total: number } | ClientIdList | Record<string, ClientIdList> | Record<string, ClientIdCounts>;

export type Summary = Record<string, SummaryEntry>;

const ANNOTATION_DELETE = 1;

/** The aggregation method of an annotation type `<namespace>:<method>.v1`, or undefined if unknown. */
export function summaryMethod(
  type: string,
): 'total' | 'flag' | 'distinct' | 'unique' | 'multiple' | undefined {
  const match = /:(total|flag|distinct|unique|multiple)\.v1$/.exec(type);
  return match?.[1] as 'total' | 'flag' | 'distinct' | 'unique' | 'multiple' | undefined;
}

/**
 * Folds a message's annotations, oldest first, into its summary (wire §5.8, DESIGN §4.7). Pure. `clientIds`
 * keep first-contribution order; names whose total drops to 0 disappear.
 */
export function foldSummary(annotations: readonly StoredAnnotation[]): Summary {
  const totals = new Map<string, number>();
  const flags = new Map<string, string[]>();
  const named = new Map<string, Map<string, string[]>>();
  const multiples = new Map<string, Map<string, { counts: Map<string, number>; unidentified: number }>>();
  for (const a of annotations) {
    const method = summaryMethod(a.type);
    const remove = a.action === ANNOTATION_DELETE;
    const cid = a.clientId;
    if (method === 'total') {
      totals.set(a.type, Math.max(0, (totals.get(a.type) ?? 0) + (remove ? -1 : 1)));
    } else if (method === 'flag' && cid) {
      const list = getOr(flags, a.type, () => []);
      without(list, cid);
      if (!remove) list.push(cid);
    } else if ((method === 'distinct' || method === 'unique') && cid) {
      const byName = getOr(named, a.type, () => new Map<string, string[]>());
      if (method === 'unique') {
        if (remove && a.name === undefined) byName.forEach((list) => without(list, cid));
        else if (!remove) byName.forEach((list, name) => name !== a.name && without(list, cid));
      }
      if (a.name !== undefined) {
        const list = getOr(byName, a.name, () => []);
        if (remove) without(list, cid);
        else if (!list.includes(cid)) list.push(cid);
      }
    } else if (method === 'multiple' && a.name !== undefined) {
      const byName = getOr(multiples, a.type, () => new Map());
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
  const summary: Summary = {};
  for (const [type, total] of totals) summary[type] = { total };
  for (const [type, list] of flags)
    summary[type] = { total: list.length, clientIds: [...list], clipped: false };
  for (const [type, byName] of named) {
    const entry: Record<string, ClientIdList> = {};
    for (const [name, list] of byName) {
      if (list.length > 0) entry[name] = { total: list.length, clientIds: [...list], clipped: false };
    }
    summary[type] = entry;
  }
  for (const [type, byName] of multiples) {
    const entry: Record<string, ClientIdCounts> = {};
    for (const [name, { counts, unidentified }] of byName) {
      const identified = [...counts.values()].reduce((s, n) => s + n, 0);
      if (identified + unidentified === 0) continue;
      entry[name] = {
        total: identified + unidentified,
        clientIds: Object.fromEntries(counts),
        totalUnidentified: unidentified,
        clipped: false,
        totalClientIds: counts.size,
      };
    }
    summary[type] = entry;
  }
  return summary;
}

/**
 * The summary as one client sees its own part (Chat `client-reactions`): only names it contributed to,
 * global totals, and `clientIds` holding just that client.
 */
export function clientSummary(summary: Summary, clientId: string): Summary {
  const out: Summary = {};
  for (const [type, entry] of Object.entries(summary)) {
    const method = summaryMethod(type);
    if (method !== 'distinct' && method !== 'unique' && method !== 'multiple') continue;
    const mine: Record<string, ClientIdList | ClientIdCounts> = {};
    for (const [name, value] of Object.entries(entry as Record<string, ClientIdList | ClientIdCounts>)) {
      if (Array.isArray(value.clientIds)) {
        if (value.clientIds.includes(clientId)) {
          mine[name] = { ...value, clientIds: [clientId], clipped: value.clientIds.length > 1 };
        }
      } else if (clientId in value.clientIds) {
        const counts = value as ClientIdCounts;
        mine[name] = {
          ...counts,
          clientIds: { [clientId]: counts.clientIds[clientId]! },
          clipped: counts.totalClientIds > 1,
        };
      }
    }
    out[type] = mine as SummaryEntry;
  }
  return out;
}

function getOr<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

function without(list: string[], item: string): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
