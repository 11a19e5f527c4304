import { z } from 'zod';
import { errors } from '../errors.js';

/** Where a pagination stands: its start, the last row it gave, and the filters it was read with. */
export interface InboxCursor {
  /** The instant tasks rank by (see `InboxQuery.asOf`). */
  asOf: number;
  rank: number;
  task: string;
  /** The filters, as {@link filterKey} wrote them. */
  filters: string;
}

const cursorSchema = z.object({
  v: z.literal(1),
  a: z.number().int().nonnegative(),
  r: z.number().int().nonnegative(),
  t: z.string().min(1).max(256),
  f: z.string().max(512),
});

/** The filters of a page, as a cursor remembers them. Pure. */
export function filterKey(filters: { unread?: boolean; state?: string; q?: string }): string {
  return JSON.stringify([filters.unread ?? false, filters.state ?? '', filters.q ?? '']);
}

/** An opaque cursor (base64url JSON): not a secret — it only says where the user's own list goes on. Pure. */
export function encodeCursor(cursor: InboxCursor): string {
  const { asOf: a, rank: r, task: t, filters: f } = cursor;
  return Buffer.from(JSON.stringify({ v: 1, a, r, t, f })).toString('base64url');
}

/** Reads a cursor back; BackendError 1031 when it is not one {@link encodeCursor} made. Pure. */
export function decodeCursor(text: string, operation: string): InboxCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor(operation, 'is not one this backend gave');
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) throw errors.invalidCursor(operation, 'is not one this backend gave');
  const { a, r, t, f } = parsed.data;
  return { asOf: a, rank: r, task: t, filters: f };
}
