import type { Request } from 'express';

/**
 * Builds a Link header whose entries ably-js can parse: `<./<segment>?<query>>; rel="…"` with every value
 * percent-encoded (DESIGN §7.2). The query fully describes the page, so cursors are stateless.
 */
export function linkHeader(req: Request, segment: string, next?: Record<string, string>): string {
  const base = currentQuery(req);
  const entries = [
    `<./${segment}?${encode(withoutCursor(base))}>; rel="first"`,
    `<./${segment}?${encode(base)}>; rel="current"`,
  ];
  if (next) entries.push(`<./${segment}?${encode({ ...base, ...next })}>; rel="next"`);
  return entries.join(', ');
}

const TRANSIENT = new Set(['envelope', 'rnd']);

function currentQuery(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v === 'string' && !TRANSIENT.has(k)) out[k] = v;
  }
  return out;
}

function withoutCursor(query: Record<string, string>): Record<string, string> {
  const { cursor: _cursor, ...rest } = query;
  return rest;
}

function encode(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/**
 * Splits a look-ahead fetch (`limit + 1` items) into the page and the `next` cursor, present only when
 * another item exists.
 */
export function pageOf<T>(
  fetched: T[],
  limit: number,
  cursorOf: (item: T) => string,
): { items: T[]; next?: Record<string, string> } {
  const items = fetched.slice(0, limit);
  return fetched.length > limit ? { items, next: { cursor: cursorOf(items[items.length - 1]!) } } : { items };
}
