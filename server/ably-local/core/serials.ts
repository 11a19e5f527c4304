import { randomBytes } from 'node:crypto';

/**
 * Fixed-width serials whose string order is publish order (DESIGN §3.3):
 * `<ms:14>-<counter:3>@<seriesId>:<index:3>`. One generator per server; the series id changes per start, so
 * serials of an earlier run sort before every serial of this one.
 */
export class SerialGenerator {
  readonly seriesId: string;
  private _lastMs = 0;
  private _counter = 0;

  constructor(private readonly _now: () => number) {
    this.seriesId = randomBytes(9).toString('base64url');
  }

  /** A new serial base (`ms-counter@series`), strictly greater than every earlier one. */
  nextBase(): string {
    const now = this._now();
    if (now > this._lastMs) {
      this._lastMs = now;
      this._counter = 0;
    } else if (++this._counter > 999) {
      this._lastMs += 1;
      this._counter = 0;
    }
    return `${serialFloor(this._lastMs)}-${String(this._counter).padStart(3, '0')}@${this.seriesId}`;
  }

  /** A single serial (index 000). */
  next(): string {
    return withIndex(this.nextBase(), 0);
  }
}

/** The time part of serials (`<ms:14>`): every serial from `ms` on sorts at or after it. */
export function serialFloor(ms: number): string {
  return String(ms).padStart(14, '0');
}

export function withIndex(base: string, index: number): string {
  return `${base}:${String(index).padStart(3, '0')}`;
}

const SERIAL_PATTERN = /^\d{14}-\d{3}@[\w-]+:\d{3}$/;

export function isSerial(value: unknown): value is string {
  return typeof value === 'string' && SERIAL_PATTERN.test(value);
}
