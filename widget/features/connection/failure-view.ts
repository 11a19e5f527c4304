import { html } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import { alertIcon } from '../../internal/icons.js';

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
