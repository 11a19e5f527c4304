import { errors } from '../protocol/ably-error.js';
import { MODE_FLAGS } from '../protocol/flags.js';

/**
 * How far back a fresh attach starts (DESIGN §4.5): the last `count` messages, or those since `sinceMs` ago
 * (at most `limit`); the channel sends at most MAX_REWIND of them.
 */
export type Rewind = { count: number } | { sinceMs: number; limit?: number };

/** Channel params after validation (RTL4k1): what ATTACHED echoes and what the attach acts on. */
export interface NegotiatedParams {
  /** The recognised and validated params, as ATTACHED carries them (string values). */
  accepted: Record<string, string>;
  /** Modes requested by the `modes` param; they win over the ATTACH flags (as on Ably). */
  modes?: number;
  rewind?: Rewind;
}

/** Most messages a rewind sends (Ably's documented limit, DESIGN §4.5). */
export const MAX_REWIND = 100;

const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Validates the params of an ATTACH (DESIGN §4.3): `rewind` (`N` or a duration, numbers as strings),
 * `rewindLimit`, `modes` (comma-separated mode names), `delta` (`vcdiff` only), `occupancy`, `appendMode`.
 * Values may arrive as numbers or booleans (`{ rewind: 1 }` is sent as sent) and are echoed as strings.
 * Unknown params (`agent`, …) are ignored and not echoed, as Ably ignores them. A recognised param with a
 * value Ably would not accept → 40003. Pure.
 */
export function negotiateParams(raw: Record<string, unknown>): NegotiatedParams {
  const accepted: Record<string, string> = {};
  const value = (key: string): string | undefined => {
    const v = raw[key];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  };
  const out: NegotiatedParams = { accepted };
  const rewind = value('rewind');
  const rewindLimit = value('rewindLimit');
  if (rewindLimit !== undefined) {
    if (!/^\d+$/.test(rewindLimit) || Number(rewindLimit) === 0) {
      throw errors.invalidParam(`unable to attach; invalid rewindLimit param ${JSON.stringify(rewindLimit)}`);
    }
    accepted.rewindLimit = rewindLimit;
  }
  if (rewind !== undefined) {
    out.rewind = parseRewind(rewind, rewindLimit === undefined ? undefined : Number(rewindLimit));
    accepted.rewind = rewind;
  }
  const modes = value('modes');
  if (modes !== undefined) {
    out.modes = parseModes(modes);
    accepted.modes = modes;
  }
  const delta = value('delta');
  if (delta !== undefined) {
    // Ably supports one delta algorithm. Payloads are always sent whole, which Ably also does whenever a
    // delta would not be smaller (DESIGN §10), so the SDK needs no vcdiff decoder here.
    if (delta !== 'vcdiff') {
      throw errors.invalidParam(`unable to attach; unsupported delta param ${JSON.stringify(delta)}`);
    }
    accepted.delta = delta;
  }
  const occupancy = value('occupancy');
  if (occupancy !== undefined) accepted.occupancy = occupancy;
  const appendMode = value('appendMode');
  if (appendMode !== undefined) accepted.appendMode = appendMode;
  return out;
}

function parseRewind(text: string, limit: number | undefined): Rewind {
  if (/^\d+$/.test(text)) return { count: Math.min(Number(text), limit ?? Number.POSITIVE_INFINITY) };
  const duration = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!duration) {
    // Ably: a rewind that is neither a number nor a time specifier fails the attachment.
    throw errors.invalidParam(`unable to attach; invalid rewind param ${JSON.stringify(text)}`);
  }
  const sinceMs = Number(duration[1]) * DURATION_UNITS[duration[2] as keyof typeof DURATION_UNITS];
  return limit === undefined ? { sinceMs } : { sinceMs, limit };
}

function parseModes(text: string): number {
  let flags = 0;
  for (const name of text.split(',')) {
    const flag = MODE_FLAGS[name.trim().toLowerCase()];
    if (flag === undefined) {
      throw errors.invalidParam(`unable to attach; unknown channel mode ${JSON.stringify(name)}`);
    }
    flags |= flag;
  }
  return flags;
}
