/** A row's height before it has been drawn (the average of the first rows measured, once there are some). */
const INITIAL_ESTIMATE = 60;
/** The estimate follows the measured average until this many rows are measured, then stays put. */
const SETTLE_AFTER = 40;

/**
 * Row heights of a long list, measured where drawn and estimated elsewhere, with the offsets of rows kept as
 * prefix sums that are extended, not recomputed: appending a row or measuring one near the end costs the rows
 * after it, so a conversation of 5,000 costs what one of 50 does when a message arrives.
 */
export class HeightIndex {
  private readonly _heights = new Map<string, number>();
  /** `_prefix[i]` = total height of rows 0…i-1, valid for i ≤ `_valid`. */
  private _prefix: number[] = [0];
  private _valid = 0;
  private _estimate = INITIAL_ESTIMATE;
  private _measured = 0;
  private _measuredSum = 0;

  /** `keyAt` reads the list as it is now. */
  constructor(private readonly _keyAt: (index: number) => string) {}

  /** The list changed at `index` and after (rows inserted or removed there): offsets beyond are recomputed. */
  changedFrom(index: number): void {
    this._valid = Math.max(0, Math.min(this._valid, index));
  }

  /** The height assumed for a row not drawn yet. */
  get estimate(): number {
    return this._estimate;
  }

  heightOf(key: string): number {
    return this._heights.get(key) ?? this._estimate;
  }

  /** Records a drawn row's height. */
  measure(key: string, index: number, height: number): void {
    const before = this._heights.get(key);
    if (before === height) return;
    this._heights.set(key, height);
    if (before === undefined && this._measured < SETTLE_AFTER) {
      this._measured++;
      this._measuredSum += height;
      const estimate = Math.round(this._measuredSum / this._measured);
      if (estimate !== this._estimate) {
        this._estimate = estimate;
        this._valid = 0;
      }
    }
    this._valid = Math.min(this._valid, index);
  }

  /** Top of row `index` (the total of the rows before it). */
  offsetOf(index: number): number {
    while (this._valid < index) {
      this._prefix[this._valid + 1] = this._prefix[this._valid]! + this.heightOf(this._keyAt(this._valid));
      this._valid++;
    }
    return this._prefix[index]!;
  }

  /** The row that covers offset `y` (the last one when `y` is past the end), among `count` rows. */
  indexAt(y: number, count: number): number {
    if (count === 0) return 0;
    this.offsetOf(count);
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this._prefix[mid]! <= y) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Forgets the heights of rows no longer in the list (discarded drafts, a restarted session). */
  retain(keep: (key: string) => boolean): void {
    for (const key of this._heights.keys()) if (!keep(key)) this._heights.delete(key);
  }
}
