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

/** The aggregation method of an annotation type `<namespace>:<method>.v1`, or undefined if unknown. */
export function summaryMethod(
  type: string,
): 'total' | 'flag' | 'distinct' | 'unique' | 'multiple' | undefined {
  const match = /:(total|flag|distinct|unique|multiple)\.v1$/.exec(type);
  return match?.[1] as 'total' | 'flag' | 'distinct' | 'unique' | 'multiple' | undefined;
}
