import { html, nothing } from 'lit/html.js';

export interface HeaderProps {
  title: string;
  /** The page filled the `header` slot: its content replaces the title area. */
  customHeader: boolean;
  /** Who is here, under the title (drawn once the participants are known). */
  subtitle?: unknown;
  /** "Notify me" and the participants button. */
  controls?: unknown;
}

/** The header: the task's title with who is here under it (or the page's `header` slot), then its controls. */
export function renderHeader(p: HeaderProps) {
  return html`<header part="header">
    <div class="heading">
      <slot name="header"></slot>
      ${
        p.customHeader
          ? nothing
          : html`<h2 class="title" part="title" dir="auto" title=${p.title}>${p.title}</h2>
              <p class="subtitle" part="subtitle">${p.subtitle ?? nothing}</p>`
      }
    </div>
    ${p.controls ?? nothing}
  </header>`;
}
