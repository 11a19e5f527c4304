/** What one subscriber received that it should not have, or did not receive (DESIGN-free: pure counting). */
export interface Tally {
  /** Messages a publisher confirmed that never arrived. */
  lost: number;
  /** Extra copies of messages that did arrive. */
  duplicated: number;
  /** Arrivals older than one already received from the same publisher. */
  reordered: number;
  /** Arrivals no publisher confirmed (a sequence number at or beyond its count). */
  unexpected: number;
  /** Arrivals counted. */
  received: number;
}

export const EMPTY_TALLY: Tally = { lost: 0, duplicated: 0, reordered: 0, unexpected: 0, received: 0 };

/**
 * Compares what a subscriber received (per publisher, sequence numbers in arrival order) with what each
 * publisher confirmed (sequence numbers 0 … count − 1). Pure.
 */
export function tally(
  confirmed: ReadonlyMap<string, number>,
  received: ReadonlyMap<string, readonly number[]>,
): Tally {
  const out: Tally = { ...EMPTY_TALLY };
  for (const [publisher, count] of confirmed) {
    const arrivals = received.get(publisher) ?? [];
    const seen = new Uint32Array(count);
    let highest = -1;
    for (const seq of arrivals) {
      out.received++;
      if (!Number.isInteger(seq) || seq < 0 || seq >= count) {
        out.unexpected++;
        continue;
      }
      if (seen[seq]! > 0) out.duplicated++;
      seen[seq]!++;
      if (seq < highest) out.reordered++;
      else highest = seq;
    }
    for (let seq = 0; seq < count; seq++) if (seen[seq] === 0) out.lost++;
  }
  for (const [publisher, arrivals] of received) {
    if (!confirmed.has(publisher)) {
      out.received += arrivals.length;
      out.unexpected += arrivals.length;
    }
  }
  return out;
}

/** Sums tallies (over subscribers). */
export function addTallies(tallies: Tally[]): Tally {
  return tallies.reduce(
    (sum, t) => ({
      lost: sum.lost + t.lost,
      duplicated: sum.duplicated + t.duplicated,
      reordered: sum.reordered + t.reordered,
      unexpected: sum.unexpected + t.unexpected,
      received: sum.received + t.received,
    }),
    { ...EMPTY_TALLY },
  );
}
