import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EmbeddedChatErrorEvent } from '../../events/error-event.js';
import { fetchToken } from '../../session/token-client.js';
import { mayDo, type RoomFeature, type SessionInfo } from '../../session/room-feature.js';

/** Where "notify me" stands: not offered, off, on, working on it, or blocked by the browser's setting. */
export type PushState = 'hidden' | 'off' | 'on' | 'busy' | 'blocked';

/** Which participant turned notifications on in this browser (the element's own key, not the SDK's). */
const MARKER = 'embedded-chat:push';

/**
 * "Notify me" (DESIGN §4): offered when the role may `push-subscribe`, the task is open and the browser has
 * push; the work itself is in a chunk of its own (`push/push-activation.ts` with `ably/push`), imported on
 * the first toggle. On when this browser's push subscription exists and this participant turned it on.
 */
export class PushController implements ReactiveController, RoomFeature {
  state: PushState = 'hidden';
  private _info?: SessionInfo;

  constructor(
    private readonly _host: ReactiveControllerHost & HTMLElement,
    private readonly _workerUrl: () => string,
  ) {
    _host.addController(this);
  }

  hostDisconnected(): void {
    this._info = undefined;
  }

  start(_room: unknown, info: SessionInfo): void {
    this._info = info;
    void this._refresh();
  }

  stop(): void {
    this._info = undefined;
    this._set('hidden');
  }

  /** Turns notifications on (asking the browser's permission) or off. */
  async toggle(): Promise<void> {
    const info = this._info;
    const channel = info?.answer.notificationsChannel;
    if (!info || !channel || this.state === 'busy' || this.state === 'hidden') return;
    const on = this.state !== 'on';
    this._set('busy');
    try {
      const { enablePush, disablePush } = await import('./push-activation.js');
      const options = {
        clientOptions: info.answer.clientOptions,
        clientId: info.clientId,
        channel,
        workerUrl: this._workerUrl(),
        token: async () => (await fetchToken(await info.credential(true))).token,
      };
      if (on) {
        await enablePush(options);
        remember(info.clientId);
      } else {
        remember(undefined);
        await disablePush(options);
      }
    } catch (err) {
      this._host.dispatchEvent(
        new EmbeddedChatErrorEvent({
          code: (err as { code?: number }).code ?? 0,
          message: `unable to turn notifications ${on ? 'on' : 'off'}; ${(err as Error).message}`,
        }),
      );
    }
    await this._refresh();
  }

  private async _refresh(): Promise<void> {
    const info = this._info;
    if (!info?.answer.notificationsChannel || !mayDo(info, 'push-subscribe') || !supported()) {
      return this._set('hidden');
    }
    if (Notification.permission === 'denied') return this._set('blocked');
    const registration = await navigator.serviceWorker
      .getRegistration(this._workerUrl())
      .catch(() => undefined);
    const subscribed = Boolean(await registration?.pushManager.getSubscription().catch(() => null));
    const mine = remembered() === info.clientId;
    if (this._info === info)
      this._set(subscribed && mine && Notification.permission === 'granted' ? 'on' : 'off');
  }

  private _set(state: PushState): void {
    this.state = state;
    this._host.requestUpdate();
  }
}

/** Storage can be off (a sandboxed frame, a privacy setting): then nobody is remembered. */
function remembered(): string | null {
  try {
    return localStorage.getItem(MARKER);
  } catch {
    return null;
  }
}

function remember(clientId: string | undefined): void {
  try {
    if (clientId === undefined) localStorage.removeItem(MARKER);
    else localStorage.setItem(MARKER, clientId);
  } catch {
    // Without storage the toggle cannot show "on" after a reload; push itself still works.
  }
}

function supported(): boolean {
  return (
    isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
  );
}
