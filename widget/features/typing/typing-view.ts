import { html, nothing } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';

/** The fixed-height "… is typing" line (a polite live region). */
export function renderTyping(locale: Locale, names: string[]) {
  const text = locale.typing(names);
  return html`<div class="typing" part="typing" aria-live="polite">
    ${
      text
        ? html`<span class="dots" aria-hidden="true"><span></span><span></span><span></span></span
            ><span>${text}</span>`
        : nothing
    }
  </div>`;
}
