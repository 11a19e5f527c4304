import { html, nothing } from 'lit';
import type { Locale } from '../i18n/locale.js';
import type { Participant } from '../features/participants/participant.js';
import { renderAvatar } from '../features/participants/avatar-view.js';
import { usersIcon } from '../internal/icons.js';

export interface HeaderProps {
  locale: Locale;
  title: string;
  /** Everyone here now except the viewer. */
  others: Participant[];
  /** People here now, the viewer included. */
  here: number;
  participantCount: number;
  panelOpen: boolean;
  /** The page filled the `header` slot: its content replaces the title area. */
  customHeader: boolean;
  onOpenParticipants: () => void;
  /** The "notify me" toggle, when offered. */
  notify?: unknown;
}

/** Title, who is here (one person: name · role · status; several: "N here"), and the participants button. */
export function renderHeader(p: HeaderProps) {
  const s = p.locale.strings;
  const first = p.others[0];
  let subtitle;
  if (p.others.length === 1 && first) {
    subtitle = html`<span class="dot"></span><span dir="auto">${first.name}</span>${
        first.role ? html`<span aria-hidden="true">·</span>${p.locale.role(first.role)}` : nothing
      }<span aria-hidden="true">·</span><span dir="auto">${first.status || s.online}</span>`;
  } else if (p.here > 1) {
    // A group: how many are here, and the first task status among them ("Kofi: 5 min away").
    const busy = p.others.find((o) => o.status);
    subtitle = html`<span class="dot"></span><span>${s.here(p.here, p.locale.number(p.here))}</span>${
        busy
          ? html`<span aria-hidden="true">·</span><span dir="auto">${busy.name}: ${busy.status}</span>`
          : nothing
      }`;
  } else {
    subtitle = html`<span class="dot away"></span
      ><span>${s.participantsCount(p.participantCount, p.locale.number(p.participantCount))}</span>`;
  }
  const faces = p.others.slice(0, 3);
  return html`<header part="header">
    <div class="heading">
      <slot name="header"></slot>
      ${
        p.customHeader
          ? nothing
          : html`<h2 class="title" part="title" dir="auto" title=${p.title}>${p.title}</h2>
              <p class="subtitle" part="subtitle">${subtitle}</p>`
      }
    </div>
    ${p.notify ?? nothing}
    <button
      class="stack"
      type="button"
      aria-haspopup="dialog"
      aria-expanded=${p.panelOpen ? 'true' : 'false'}
      @click=${p.onOpenParticipants}
    >
      <span class="faces" aria-hidden="true"
        >${faces.length > 0 ? faces.map((f) => renderAvatar(f.name, f.clientId)) : usersIcon}</span
      >
      <span class="sr">${s.participants}</span>
      <span class="count">${p.locale.number(p.participantCount)}</span>
    </button>
  </header>`;
}
