import { html, nothing } from 'lit/html.js';
import type { ConnectionState } from '../../events/status-event.js';
import type { Locale } from '../../i18n/locale.js';

export type BannerState = 'connecting' | 'reconnecting' | 'offline' | 'failed' | undefined;

/** The banner for a connection state: none while connected or closed; "reconnecting" once it has connected. */
export function bannerStateFor(connection: ConnectionState, everConnected: boolean): BannerState {
  const c = connection;
  if (c === 'connected' || c === 'initialized' || c === 'closing' || c === 'closed') return undefined;
  if (c === 'failed') return 'failed';
  if (c === 'suspended') return 'offline';
  return everConnected ? 'reconnecting' : 'connecting';
}

/** Connection trouble, in flow above the list (never over messages), with a retry. */
export function renderBanner(locale: Locale, state: BannerState, onRetry: () => void) {
  if (!state) return nothing;
  const s = locale.strings;
  const text = {
    connecting: s.connecting,
    reconnecting: s.reconnecting,
    offline: s.offline,
    failed: s.failed,
  }[state];
  return html`<div class=${state === 'failed' ? 'banner failed' : 'banner'} part="banner" role="status">
    <span>${text}</span>
    ${state === 'connecting' ? nothing : html`<button class="text-button" type="button" @click=${onRetry}>${s.retry}</button>`}
  </div>`;
}
