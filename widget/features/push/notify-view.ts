import { html, nothing, svg } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import { icon } from '../../internal/icons.js';

const bellIcon = icon(
  svg`<path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z"/><path d="M10 20.5a2.2 2.2 0 0 0 4 0"/>`,
);

export type NotifyState = 'hidden' | 'off' | 'on' | 'busy' | 'blocked';

/**
 * The header's "notify me" toggle (`aria-pressed`): alerts on this device while the person is away. Blocked
 * by the browser's setting, it stays visible, disabled, saying so.
 */
export function renderNotify(locale: Locale, state: NotifyState, onToggle: () => void) {
  if (state === 'hidden') return nothing;
  const s = locale.strings;
  const label = state === 'blocked' ? s.notifyBlocked : s.notify;
  return html`<button
    class="icon-button notify"
    type="button"
    aria-label=${label}
    title=${label}
    aria-pressed=${state === 'on' ? 'true' : 'false'}
    aria-busy=${state === 'busy' ? 'true' : 'false'}
    ?disabled=${state === 'blocked' || state === 'busy'}
    @click=${onToggle}
  >
    ${bellIcon}
  </button>`;
}
