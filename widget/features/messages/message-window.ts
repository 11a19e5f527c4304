import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { HeightIndex } from './height-index.js';
import type { ListRange } from './message-list-view.js';

/** The rows of the list, in display order. */
export interface ListModel {
  readonly count: number;
  keyAt(index: number): string;
  indexOf(key: string): number;
  /** See MessagesController.takeChangedFrom. */
  takeChangedFrom(): number | undefined;
}

/** Within this many pixels of the end, the list counts as "at the latest message" and sticks there. */
const STICK_PX = 48;
/** Older history is fetched once the top is this close. */
const PREFETCH_PX = 240;
/** Rows are drawn this many viewports beyond what is visible, above and below. */
const OVERSCAN_SCREENS = 1;

/**
 * Windowed rendering and scrolling of the message list. Only the rows on screen and a screen's worth either
 * side are in the DOM (a spacer stands in for the others, sized from measured heights or an estimate), so a
 * conversation of 5,000 messages keeps the DOM of one of 50. It also:
 * - sticks to the newest message while the reader is there;
 * - keeps the row the reader looks at still when rows above change: older pages arriving, rows measured
 *   taller or shorter than estimated (anchoring by the first visible row, which works in every engine);
 * - asks for older pages near the top;
 * - moves focus to the list before the focused row leaves the window, so the keyboard never loses its place.
 */
export class MessageWindowController implements ReactiveController {
  atBottom = true;
  private readonly _heights: HeightIndex;
  private _el?: HTMLElement;
  private _start = 0;
  private _end = 0;
  /** The first drawn row's key: the window follows it when rows are inserted above. */
  private _startKey?: string;
  private _anchor?: { key: string; offset: number };
  private _jumpTo?: number;
  private _toBottom = false;
  private _frame = 0;
  private readonly _observer: ResizeObserver;
  private readonly _observed = new Set<Element>();

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _model: ListModel,
    /** The scrolling list as rendered now, if any (it comes and goes with the loading and error states). */
    private readonly _list: () => HTMLElement | null,
    private readonly _root: () => ShadowRoot | HTMLElement,
    private readonly _onNearTop: () => void,
  ) {
    this._heights = new HeightIndex((index) => _model.keyAt(index));
    this._observer = new ResizeObserver((entries) => this._onResize(entries));
    _host.addController(this);
  }

  hostDisconnected(): void {
    this._observer.disconnect();
    this._observed.clear();
    cancelAnimationFrame(this._frame);
  }

  /** The rows to draw now (called while rendering). */
  range(): ListRange {
    const count = this._model.count;
    const start = Math.min(this._start, count);
    const end = Math.min(Math.max(this._end, start), count);
    const total = this._heights.offsetOf(count);
    const before = this._heights.offsetOf(start);
    return { start, end, before, after: total - this._heights.offsetOf(end) };
  }

  /** Keyboard: draws row `index` (and its surroundings) so it can take focus. */
  reveal(index: number): void {
    if (index >= this._start && index < this._end) return;
    this._setAtBottom(index >= this._model.count - 1);
    this._jumpTo = index;
    this._host.requestUpdate();
  }

  /** "Jump to latest": draws the newest rows and sticks to them (at once: a smooth scroll over spacers would flicker). */
  scrollToBottom(): void {
    this._toBottom = true;
    this._host.requestUpdate();
  }

  /** Before the DOM changes: follow inserted rows, pick the window, keep focus, note the anchor. */
  hostUpdate(): void {
    const changed = this._model.takeChangedFrom();
    let insertedAbove = false;
    if (changed !== undefined) {
      this._heights.changedFrom(changed);
      const followed = this._startKey === undefined ? -1 : this._model.indexOf(this._startKey);
      if (followed !== -1 && followed !== this._start) {
        insertedAbove = true;
        this._end += followed - this._start;
        this._start = followed;
      }
    }
    const el = this._el;
    // Where the reader is, read now (before the DOM changes): a scroll made since the last frame counts, so
    // an update arriving first cannot pull the reader back to the bottom.
    // An empty list (a new session, a restart) opens at the newest message.
    if (this._toBottom || this._model.count === 0) this.atBottom = true;
    else if (el && this._jumpTo === undefined) this.atBottom = isAtBottom(el);
    this._toBottom = false;
    this._anchor = this.atBottom || this._jumpTo !== undefined ? undefined : this._firstVisible();
    // Rows inserted above move the content under the scroll position: the window keeps its rows this time,
    // and the anchor puts them back where they were; the scroll that follows moves the window if needed.
    if (this.atBottom || this._jumpTo !== undefined || (!insertedAbove && el && this._needsShift(el)))
      this._place();
    this._keepFocus();
  }

  /** After the DOM changed: stick, restore the anchor or reveal, measure new rows, fetch older ones. */
  hostUpdated(): void {
    const el = this._attach();
    if (!el) return;
    this._startKey = this._model.count > this._start ? this._model.keyAt(this._start) : undefined;
    this._observeRows(el);
    if (this._jumpTo !== undefined) {
      el.querySelector<HTMLElement>(`[data-index="${this._jumpTo}"]`)?.scrollIntoView({ block: 'nearest' });
      this._jumpTo = undefined;
    } else if (this.atBottom) {
      el.scrollTop = el.scrollHeight;
    } else {
      this._restore(el);
    }
    // The top drawn near the top (a first page too short to scroll, a jump to the top): older history now.
    if (this._start === 0 && (el.scrollTop < PREFETCH_PX || el.scrollHeight <= el.clientHeight + PREFETCH_PX))
      this._onNearTop();
  }

  /** Chooses the window: around the bottom, around a row to reveal, or around what the scroll shows. */
  private _place(): void {
    const count = this._model.count;
    const el = this._el;
    const screen = el?.clientHeight || 600;
    const overscan = screen * OVERSCAN_SCREENS;
    const heights = this._heights;
    if (this._jumpTo !== undefined) {
      const at = heights.offsetOf(this._jumpTo);
      this._setRange(
        heights.indexAt(at - overscan - screen / 2, count),
        heights.indexAt(at + overscan + screen / 2, count) + 1,
      );
    } else if (this.atBottom || !el) {
      const total = heights.offsetOf(count);
      this._setRange(heights.indexAt(total - screen - overscan, count), count);
    } else {
      const top = el.scrollTop - this._itemsTop(el);
      this._setRange(
        heights.indexAt(top - overscan, count),
        heights.indexAt(top + screen + overscan, count) + 1,
      );
    }
  }

  private _setRange(start: number, end: number): void {
    this._start = Math.max(0, start);
    this._end = Math.min(this._model.count, Math.max(end, this._start));
  }

  /** Where the first row's slot begins in the list's scrolled content (below the history edge). */
  private _itemsTop(el: HTMLElement): number {
    const spacer = el.querySelector<HTMLElement>('.spacer');
    return spacer ? spacer.offsetTop : 0;
  }

  /** Follows the list element across renders. */
  private _attach(): HTMLElement | undefined {
    const el = this._list() ?? undefined;
    if (el !== this._el) {
      this._el?.removeEventListener('scroll', this._onScroll);
      this._el = el;
      this._el?.addEventListener('scroll', this._onScroll, { passive: true });
    }
    return el;
  }

  private _observeRows(el: HTMLElement): void {
    for (const row of this._observed) {
      if (!row.isConnected) {
        this._observer.unobserve(row);
        this._observed.delete(row);
      }
    }
    for (const row of el.querySelectorAll('[data-index]')) {
      if (!this._observed.has(row)) {
        this._observed.add(row);
        this._observer.observe(row);
      }
    }
  }

  /**
   * Drawn rows measured (first drawn, or grown: an edit, reactions, a font): their heights replace estimates
   * for later windows. The spacers stand for rows not drawn, so they change only when the estimate does; at
   * the bottom the list stays at the bottom.
   */
  private _onResize(entries: ResizeObserverEntry[]): void {
    const el = this._el;
    if (!el) return;
    const estimate = this._heights.estimate;
    for (const entry of entries) {
      const row = entry.target as HTMLElement;
      if (!row.isConnected) continue;
      const height = entry.borderBoxSize[0]?.blockSize ?? row.offsetHeight;
      this._heights.measure(row.dataset.key!, Number(row.dataset.index), Math.round(height));
    }
    if (this.atBottom) el.scrollTop = el.scrollHeight;
    // A render now would draw and observe rows inside this very notification loop: wait for the next frame.
    if (this._heights.estimate !== estimate) requestAnimationFrame(() => this._host.requestUpdate());
  }

  private _restore(el: HTMLElement): void {
    const anchor = this._anchor;
    this._anchor = undefined;
    if (!anchor) return;
    const row = el.querySelector<HTMLElement>(`[data-key="${CSS.escape(anchor.key)}"]`);
    if (!row) return;
    const moved = row.getBoundingClientRect().top - el.getBoundingClientRect().top - anchor.offset;
    // Engines with scroll anchoring (overflow-anchor) have kept it in place already: leave the scroll alone.
    if (Math.abs(moved) >= 1) el.scrollTop += moved;
  }

  private _firstVisible(): { key: string; offset: number } | undefined {
    const el = this._el;
    if (!el) return undefined;
    const top = el.getBoundingClientRect().top;
    for (const row of el.querySelectorAll<HTMLElement>('[data-index]')) {
      const rect = row.getBoundingClientRect();
      if (rect.bottom - top > 0) return { key: row.dataset.key!, offset: rect.top - top };
    }
    return undefined;
  }

  /** Focus on a row about to leave the window moves to the list itself, which keeps the keyboard's place. */
  private _keepFocus(): void {
    const el = this._el;
    const focused = this._root() instanceof ShadowRoot ? (this._root() as ShadowRoot).activeElement : null;
    const row = focused?.closest<HTMLElement>('[data-index]');
    if (!el || !row) return;
    const index = Number(row.dataset.index);
    if (index < this._start || index >= this._end) el.focus({ preventScroll: true });
  }

  private readonly _onScroll = (): void => {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => {
      const el = this._el;
      if (!el) return;
      this._setAtBottom(isAtBottom(el));
      if (el.scrollTop < PREFETCH_PX && this._start === 0) this._onNearTop();
      if (this._needsShift(el)) this._host.requestUpdate();
    });
  };

  /** Whether what the scroll shows has come within half a screen of the window's drawn edge. */
  private _needsShift(el: HTMLElement): boolean {
    const count = this._model.count;
    const top = el.scrollTop - this._itemsTop(el);
    const margin = el.clientHeight / 2;
    const first = this._heights.indexAt(top - margin, count);
    const last = this._heights.indexAt(top + el.clientHeight + margin, count);
    return (first < this._start && this._start > 0) || (last >= this._end && this._end < count);
  }

  private _setAtBottom(value: boolean): void {
    if (value === this.atBottom) return;
    this.atBottom = value;
    this._host.requestUpdate();
  }
}

function isAtBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
}
