import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Within this many pixels of the end, the list counts as "at the latest message" and sticks there. */
const STICK_PX = 48;
/** Older history is fetched once the top is this close. */
const PREFETCH_PX = 240;

/**
 * The message list's scroll position: sticks to the newest message while the reader is there, keeps the
 * visible messages still when older ones are prepended (scroll anchoring by distance from the end, which
 * works in every engine), and asks for older pages near the top.
 */
export class ScrollController implements ReactiveController {
  atBottom = true;
  private _el?: HTMLElement;
  private _fromEnd = 0;
  /** The first message row on screen before an update, and its offset from the list's top edge. */
  private _anchor?: { key: string; offset: number };
  private _wasAtBottom = true;
  /** The first message key as last rendered: a different one after an update means older ones came in. */
  private _renderedFirstKey?: string;

  constructor(
    private readonly _host: ReactiveControllerHost,
    /** The scrolling list as rendered now, if any. */
    private readonly _list: () => HTMLElement | null,
    private readonly _firstKeyOf: () => string | undefined,
    private readonly _onNearTop: () => void,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {}

  /** Follows the list element across renders (it comes and goes with the loading and error states). */
  private _attach(): HTMLElement | undefined {
    const el = this._list() ?? undefined;
    if (el !== this._el) {
      this._el?.removeEventListener('scroll', this._onScroll);
      this._el = el;
      this._el?.addEventListener('scroll', this._onScroll, { passive: true });
    }
    return el;
  }

  hostUpdate(): void {
    const el = this._el;
    if (!el) return;
    this._wasAtBottom = this.atBottom;
    // Measured only when hostUpdated will restore (scrolled up, older messages arriving): reading every
    // row's position forces layout, and most renders are a keystroke or a hover.
    if (this._wasAtBottom || this._firstKeyOf() === this._renderedFirstKey) return;
    this._fromEnd = el.scrollHeight - el.scrollTop;
    this._anchor = this._firstVisible(el);
  }

  hostUpdated(): void {
    const el = this._attach();
    if (!el) return;
    const firstKey = this._firstKeyOf();
    if (this._wasAtBottom) el.scrollTop = el.scrollHeight;
    else if (firstKey !== this._renderedFirstKey) this._restore(el);
    this._renderedFirstKey = firstKey;
    // A first page too short to scroll cannot reach "near the top" by scrolling: ask now.
    if (el.scrollHeight <= el.clientHeight + PREFETCH_PX) this._onNearTop();
  }

  /** Puts the anchor row back where it was; without one, keeps the distance from the end. */
  private _restore(el: HTMLElement): void {
    const anchor =
      this._anchor && el.querySelector<HTMLElement>(`[data-key="${CSS.escape(this._anchor.key)}"]`);
    if (!anchor) {
      el.scrollTop = el.scrollHeight - this._fromEnd;
      return;
    }
    el.scrollTop +=
      anchor.getBoundingClientRect().top - el.getBoundingClientRect().top - this._anchor!.offset;
  }

  private _firstVisible(el: HTMLElement): { key: string; offset: number } | undefined {
    const top = el.getBoundingClientRect().top;
    for (const row of el.querySelectorAll<HTMLElement>('[data-key]')) {
      const rect = row.getBoundingClientRect();
      if (rect.bottom - top > 0) return { key: row.dataset.key!, offset: rect.top - top };
    }
    return undefined;
  }

  scrollToBottom(): void {
    const el = this._el;
    if (!el) return;
    el.scrollTo({
      top: el.scrollHeight,
      behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
    this._setAtBottom(true);
  }

  private readonly _onScroll = (): void => {
    const el = this._el!;
    this._setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX);
    if (el.scrollTop < PREFETCH_PX) this._onNearTop();
  };

  private _setAtBottom(value: boolean): void {
    if (value === this.atBottom) return;
    this.atBottom = value;
    this._host.requestUpdate();
  }
}
