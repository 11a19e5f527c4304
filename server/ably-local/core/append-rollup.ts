import { errors } from '../protocol/ably-error.js';
import type { Payload } from '../protocol/wire-types.js';

/** Ably's default append roll-up window, and the largest a connection may ask for (DESIGN §4.7). */
export const DEFAULT_APPEND_ROLLUP_WINDOW_MS = 40;
export const MAX_APPEND_ROLLUP_WINDOW_MS = 500;

/**
 * The `appendRollupWindow` transport param in ms (DESIGN §4.7): an integer from 0 to 500, optionally with
 * `ms` (`40`, `100ms`); Ably's default when absent. Any other value is refused with 40003. Pure.
 */
export function appendRollupWindowOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_APPEND_ROLLUP_WINDOW_MS;
  const match = /^(\d{1,3})(?:ms)?$/.exec(value);
  const ms = match ? Number(match[1]) : NaN;
  if (!(ms <= MAX_APPEND_ROLLUP_WINDOW_MS)) {
    throw errors.invalidParam(
      `unable to connect; appendRollupWindow must be 0 to ${MAX_APPEND_ROLLUP_WINDOW_MS} ms, not ${JSON.stringify(value)}`,
    );
  }
  return ms;
}

/** One delivery of a message's appends: the fragments since the last one, joined, and what sends them. */
export interface RolledUpAppend {
  serial: string;
  /** The fragments in the order they were appended (strings or bytes, never mixed: the store refused that). */
  fragment: Payload;
  /** The context of the last append rolled into it (its version, its publisher, its frame id). */
  last: unknown;
}

interface Window {
  timer: NodeJS.Timeout;
  fragments: Payload[];
  last?: unknown;
}

/**
 * Append roll-up for the fan-out of one channel (DESIGN §4.7), as Ably rolls up a stream's appends: the first
 * append to a message is delivered at once and opens a window of the publisher's `appendRollupWindow`; the
 * appends that arrive within it are delivered together when it closes, as one append carrying their joined
 * fragments and the last one's version, and the next window opens. A window with nothing in it closes.
 * Only delivery is rolled up: every append is stored and acknowledged as it arrives.
 *
 * {@link flush} delivers every open window's fragments now: the channel calls it before any other frame goes
 * out (so channel serials stay in order) and before an attach (so a rewound or resumed message is never
 * followed by fragments it already holds).
 */
export class AppendRollup {
  private readonly _windows = new Map<string, Window>();

  constructor(
    private readonly _deliver: (append: RolledUpAppend) => void,
    private readonly _report: (err: unknown) => void,
  ) {}

  /** An append stored just now; delivered now (returns true) or later in its window (returns false). */
  offer(serial: string, fragment: Payload, windowMs: number, last: unknown): boolean {
    const open = this._windows.get(serial);
    if (open) {
      open.fragments.push(fragment);
      open.last = last;
      return false;
    }
    if (windowMs > 0) this._open(serial, windowMs);
    return true;
  }

  /** Whether an append to `serial` now would be held in an open window (it is not a message of its own). */
  holds(serial: string): boolean {
    return this._windows.has(serial);
  }

  /** Delivers what every open window holds now (windows stay open, so the roll-up rate holds). */
  flush(): void {
    for (const [serial, window] of this._windows) this._deliverHeld(serial, window);
  }

  private _open(serial: string, windowMs: number): void {
    const timer = setTimeout(() => {
      const window = this._windows.get(serial);
      if (!window) return;
      if (window.fragments.length === 0) {
        this._windows.delete(serial);
        return;
      }
      try {
        this._deliverHeld(serial, window);
      } catch (err) {
        this._report(err);
      }
      window.timer.refresh();
    }, windowMs);
    timer.unref();
    this._windows.set(serial, { timer, fragments: [] });
  }

  private _deliverHeld(serial: string, window: Window): void {
    if (window.fragments.length === 0) return;
    const fragments = window.fragments;
    const last = window.last;
    // Emptied before delivering: delivery may flush again (a frame going out), which must find nothing.
    window.fragments = [];
    window.last = undefined;
    this._deliver({ serial, fragment: join(fragments), last });
  }
}

function join(fragments: Payload[]): Payload {
  if (fragments.length === 1) return fragments[0]!;
  if (typeof fragments[0] === 'string') return (fragments as string[]).join('');
  return Buffer.concat(fragments as Buffer[]);
}
