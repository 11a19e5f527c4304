import type { ReactiveControllerHost } from 'lit';
import { EmbeddedChatErrorEvent } from '../../events/error-event.js';
import { fetchToken } from '../../session/backend-client.js';
import type { ChatSession } from '../../session/chat-session.js';
import type { RoomFeature } from '../../session/room-feature.js';

/** Where "notify me" stands: not offered, off, on, working on it, or blocked by the browser's setting. */
export type PushState = 'hidden' | 'off' | 'on' | 'busy' | 'blocked';

/** Which participant turned notifications on in this browser (the element's own key, not the SDK's). */
const MARKER = 'embedded-chat:push';

/**
 * "Notify me": offered when the role may `push-subscribe`, the task is open and the browser has
 * push; the work itself is in a chunk of its own (`push/push-activation.ts` with `ably/push`), imported on
 * the first toggle. On when this browser's push subscription exists and this participant turned it on.
 */
export class PushController implements RoomFeature {
  state: PushState = 'hidden';
  private _session?: ChatSession;
  /** A toggle is under way: it alone decides the state when it is done. */
  private _toggling = false;

  constructor(
    private readonly _host: ReactiveControllerHost & HTMLElement,
    private readonly _workerUrl: () => string,
  ) {}

  start(_room: unknown, session: ChatSession): void {
    this._session = session;
    void this._refresh();
  }

  stop(): void {
    this._session = undefined;
    this._set('hidden');
  }

  /** Turns notifications on (asking the browser's permission) or off. */
  async toggle(): Promise<void> {
    const session = this._session;
    const channel = session?.answer.notificationsChannel;
    if (!session || !channel || this._toggling || this.state === 'hidden') return;
    const on = this.state !== 'on';
    this._toggling = true;
    // Turning off, the toggle stays on until this browser's device is deregistered: it never says off while
    // a notification can still arrive.
    if (on) this._set('busy');
    try {
      const { enablePush, disablePush } = await import('./push-activation.js');
      const options = {
        clientOptions: session.answer.clientOptions,
        clientId: session.clientId,
        channel,
        workerUrl: this._workerUrl(),
        token: async () => (await fetchToken(await session.credential(true))).token,
      };
      if (on) {
        await enablePush(options);
        remember(session.clientId);
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
    } finally {
      this._toggling = false;
    }
    await this._refresh();
  }

  private async _refresh(): Promise<void> {
    if (this._toggling) return;
    const session = this._session;
    if (!session?.permissions.push || !supported()) return this._set('hidden');
    if (Notification.permission === 'denied') return this._set('blocked');
    const registration = await navigator.serviceWorker
      .getRegistration(this._workerUrl())
      .catch(() => undefined);
    const subscribed = Boolean(await registration?.pushManager.getSubscription().catch(() => null));
    const mine = remembered() === session.clientId;
    if (this._session === session && !this._toggling)
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
