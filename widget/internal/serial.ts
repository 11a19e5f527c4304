/** Chat message serials sort as plain strings in publish order (CHA-M5; server/ably-local/DESIGN.md §4.6). */
export function compareSerials(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The greater of two optional serials. */
export function maxSerial(a: string | undefined | null, b: string | undefined | null): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return a >= b ? a : b;
}
