import { html, nothing, svg } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import { icon } from '../../internal/icons.js';
import { renderAvatar } from './avatar-view.js';
import type { Participant } from './participant.js';

const usersIcon = icon(
  svg`<circle cx="9" cy="8.5" r="3.2"/><path d="M3.5 19c.6-3.2 2.8-5 5.5-5s4.9 1.8 5.5 5"/><path d="M15.5 5.6a3.2 3.2 0 0 1 0 5.8M17.5 14.4c1.6.6 2.7 2.2 3 4.6"/>`,
);

/** Who is here, as the header says it: one other person (name · role · status), several ("3 here"), or nobody. */
export function renderPresence(locale: Locale, others: Participant[], participantCount: number) {
  const s = locale.strings;
  const first = others[0];
  if (others.length === 1 && first) {
    return html`<span class="dot"></span><span dir="auto">${first.name}</span>${
        first.role ? html`<span aria-hidden="true">·</span>${locale.role(first.role)}` : nothing
      }<span aria-hidden="true">·</span><span dir="auto">${first.status || s.online}</span>`;
  }
  const here = others.length + 1;
  if (here > 1) {
    // A group: how many are here, and the first task status among them ("Kofi: 5 min away").
    const busy = others.find((o) => o.status);
    return html`<span class="dot"></span><span>${s.here(here, locale.number(here))}</span>${
        busy
          ? html`<span aria-hidden="true">·</span><span dir="auto">${busy.name}: ${busy.status}</span>`
          : nothing
      }`;
  }
  return html`<span class="dot away"></span
    ><span>${s.participantsCount(participantCount, locale.number(participantCount))}</span>`;
}

/** The participants button: a stack of who is here (or a people icon) and how many participants there are. */
export function renderPeopleButton(
  locale: Locale,
  others: Participant[],
  participantCount: number,
  panelOpen: boolean,
  onClick: () => void,
) {
  const faces = others.slice(0, 3);
  return html`<button
    class="stack"
    type="button"
    aria-haspopup="dialog"
    aria-expanded=${panelOpen ? 'true' : 'false'}
    @click=${onClick}
  >
    <span class="faces" aria-hidden="true"
      >${faces.length > 0 ? faces.map((f) => renderAvatar(f.name, f.clientId)) : usersIcon}</span
    >
    <span class="sr">${locale.strings.participants}</span>
    <span class="count">${locale.number(participantCount)}</span>
  </button>`;
}
