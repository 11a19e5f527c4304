import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatCore, ChatExtras } from './extras.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Loads the chat's second chunk (`extras.ts`: everything beyond showing the first conversation) once: when the
 * first conversation has been painted and the page is idle, or earlier when someone reaches for what it holds.
 * Its styles join the shadow root when it arrives.
 */
export class ExtrasController implements ReactiveController {
  extras?: ChatExtras;
  private _loading?: Promise<ChatExtras>;
  private _idle?: number;

  constructor(
    private readonly _host: Host,
    private readonly _core: () => ChatCore,
  ) {
    _host.addController(this);
  }

  hostDisconnected(): void {
    if (this._idle !== undefined) cancelIdle(this._idle);
    this._idle = undefined;
  }

  /** Loads now (or returns the load under way). */
  load(): Promise<ChatExtras> {
    this._loading ??= import('./extras.js').then(({ ChatExtras }) => {
      const root = this._host.shadowRoot;
      if (root) {
        root.adoptedStyleSheets = [
          ...root.adoptedStyleSheets,
          ...ChatExtras.styles.flatMap((style) => (style.styleSheet ? [style.styleSheet] : [])),
        ];
      }
      const extras = new ChatExtras(this._core());
      this.extras = extras;
      this._host.requestUpdate();
      return extras;
    });
    return this._loading;
  }

  /** The first conversation is on screen: load when the page is next idle. */
  loadWhenIdle(): void {
    if (this._loading || this._idle !== undefined) return;
    this._idle = whenIdle(() => {
      this._idle = undefined;
      void this.load();
    });
  }
}

/** Safari has no `requestIdleCallback`: a short timeout stands in. */
function whenIdle(run: () => void): number {
  return typeof requestIdleCallback === 'function'
    ? requestIdleCallback(run, { timeout: 2000 })
    : (setTimeout(run, 200) as unknown as number);
}

function cancelIdle(handle: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
  else clearTimeout(handle);
}
