import { html, nothing } from 'lit';
import type { Locale } from '../i18n/locale.js';
import { alertIcon, chatIcon } from './icons.js';

/** The fixed-height "… is typing" line (polite live region). */
export function renderTyping(locale: Locale, names: string[]) {
  const text = locale.typing(names);
  return html`<div class="typing" part="typing" aria-live="polite">
    ${text ? html`<span class="dots" aria-hidden="true"><span></span><span></span><span></span></span><span>${text}</span>` : nothing}
  </div>`;
}

export type BannerState = 'connecting' | 'reconnecting' | 'offline' | 'failed' | undefined;

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

/** The chat could not open: what went wrong (the backend's own message) and a retry. */
export function renderFailure(locale: Locale, message: string, onRetry: () => void) {
  const s = locale.strings;
  return html`<div class="failure" role="alert">
    ${alertIcon}
    <h2>${s.unableToOpen}</h2>
    <p>${message}</p>
    <button class="primary" type="button" @click=${onRetry}>${s.retry}</button>
  </div>`;
}

/** An empty conversation: the `empty` slot, or "say hello to Dana". */
export function renderEmpty(
  locale: Locale,
  otherName: string | undefined,
  custom: boolean,
  onSlotChange: (event: Event) => void,
) {
  return html`<div class="empty">
    ${custom ? nothing : chatIcon}
    <slot name="empty" @slotchange=${onSlotChange}></slot>
    ${custom ? nothing : html`<p>${locale.strings.empty(otherName)}</p>`}
  </div>`;
}
