import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whether a person can see the element now: the page is visible and the element is on screen. */
export class VisibilityController implements ReactiveController {
  private _onScreen = false;
  private _observer?: IntersectionObserver;

  constructor(private readonly _host: ReactiveControllerHost & HTMLElement) {
    _host.addController(this);
  }

  get visible(): boolean {
    return this._onScreen && document.visibilityState === 'visible';
  }

  hostConnected(): void {
    this._observer = new IntersectionObserver((entries) => {
      this._onScreen = entries.some((e) => e.isIntersecting);
      this._host.requestUpdate();
    });
    this._observer.observe(this._host);
    document.addEventListener('visibilitychange', this._onVisibility);
  }

  hostDisconnected(): void {
    this._observer?.disconnect();
    document.removeEventListener('visibilitychange', this._onVisibility);
  }

  private readonly _onVisibility = (): void => this._host.requestUpdate();
}
