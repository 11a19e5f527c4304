import { html, svg } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import type { Participant } from './participant.js';
import { renderAvatar, renderBadge } from './avatar-view.js';
import { icon } from '../../internal/icons.js';

const closeIcon = icon(svg`<path d="M6.5 6.5l11 11M17.5 6.5l-11 11"/>`);

/** Everyone in the task: here now first (with status line), then away. Escape or Close returns focus. */
export function renderParticipants(locale: Locale, people: readonly Participant[], onClose: () => void) {
  const s = locale.strings;
  const sorted = [...people].sort((a, b) => Number(b.present) - Number(a.present));
  return html`<section
    class="panel"
    part="participants"
    role="dialog"
    aria-modal="false"
    aria-labelledby="participants-title"
    @keydown=${(event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onClose();
      }
    }}
  >
    <div class="panel-head">
      <h2 id="participants-title">${s.participants}</h2>
      <button class="icon-button" type="button" aria-label=${s.close} @click=${onClose}>${closeIcon}</button>
    </div>
    <ul class="people">
      ${sorted.map(
        (person) =>
          html`<li class=${person.present ? 'person' : 'person away'}>
            <span class="avatar-wrap"
              >${renderAvatar(person.name, person.clientId)}<span
                class=${person.present ? 'dot' : 'dot away'}
              ></span
            ></span>
            <span class="who">
              <span class="name-line"
                ><span class="name">${person.self ? `${person.name} (${s.you})` : person.name}</span
                >${renderBadge(person.role, locale)}</span
              >
              <span class="status">${person.present ? person.status || s.online : s.away}</span>
            </span>
          </li>`,
      )}
    </ul>
  </section>`;
}
