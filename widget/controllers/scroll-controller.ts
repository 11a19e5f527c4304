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
  private _wasAtBottom = true;
  private _firstKey?: string;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _firstKeyOf: () => string | undefined,
    private readonly _onNearTop: () => void,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {}

  /** The scrolling element (a `ref` callback). */
  readonly attach = (el: Element | undefined): void => {
    if (el === this._el) return;
    this._el?.removeEventListener('scroll', this._onScroll);
    this._el = el as HTMLElement | undefined;
    this._el?.addEventListener('scroll', this._onScroll, { passive: true });
  };

  hostUpdate(): void {
    const el = this._el;
    if (!el) return;
    this._fromEnd = el.scrollHeight - el.scrollTop;
    this._wasAtBottom = this.atBottom;
    this._firstKey = this._firstKeyOf();
  }

  hostUpdated(): void {
    const el = this._el;
    if (!el) return;
    if (this._wasAtBottom) el.scrollTop = el.scrollHeight;
    else if (this._firstKeyOf() !== this._firstKey) el.scrollTop = el.scrollHeight - this._fromEnd;
    // A first page too short to scroll cannot reach "near the top" by scrolling: ask now.
    if (el.scrollHeight <= el.clientHeight + PREFETCH_PX) this._onNearTop();
  }

  scrollToBottom(): void {
    const el = this._el;
    if (!el) return;
    el.scrollTo({ top: el.scrollHeight, behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
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
