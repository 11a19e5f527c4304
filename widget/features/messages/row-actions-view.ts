import { html, nothing, svg } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import { icon, pencilIcon } from '../../internal/icons.js';
import { renderReactionPicker } from '../reactions/reaction-picker.js';

const smileIcon = icon(
  svg`<circle cx="12" cy="12" r="8.5"/><path d="M8.5 14.2c.9 1.2 2.1 1.8 3.5 1.8s2.6-.6 3.5-1.8"/><path d="M9.2 9.6h.01M14.8 9.6h.01" stroke-width="2.4"/>`,
);
const trashIcon = icon(
  svg`<path d="M5 7h14"/><path d="M10 4h4"/><path d="M7 7l.8 11.2A2 2 0 0 0 9.8 20h4.4a2 2 0 0 0 2-1.8L17 7"/>`,
);

/** What a row's actions offer now. */
export interface RowActionState {
  /** The row holds the list's tab stop: its buttons are reachable with Tab. */
  active: boolean;
  pickerOpen: boolean;
  canReact: boolean;
  canEdit: boolean;
  canDelete: boolean;
}

/**
 * A message's actions — react, edit, delete — as a toolbar shown on hover and on focus, and the reaction picker
 * when it is open for this message. Part of the chunk loaded after the first paint.
 */
export function renderRowActions(p: RowActionState, locale: Locale) {
  const s = locale.strings;
  const tab = p.active ? '0' : '-1';
  const button = (action: string, label: string, icon: unknown, expanded?: boolean) =>
    html`<button
      class="icon-button"
      type="button"
      tabindex=${tab}
      data-action=${action}
      aria-label=${label}
      aria-expanded=${expanded === undefined ? nothing : expanded ? 'true' : 'false'}
    >
      ${icon}
    </button>`;
  return html`<div class=${p.pickerOpen ? 'actions open' : 'actions'} role="toolbar" aria-label=${s.actions}>
      ${p.canReact ? button('picker', s.react, smileIcon, p.pickerOpen) : nothing}
      ${p.canEdit ? button('edit', s.edit, pencilIcon) : nothing}
      ${p.canDelete ? button('ask-delete', s.delete, trashIcon) : nothing}
    </div>
    ${
      p.pickerOpen
        ? html`<div class="row-picker">${renderReactionPicker(s.addReaction, 'message')}</div>`
        : nothing
    }`;
}

/** "Delete this message?" with Delete and Cancel, under the message. */
export function renderDeleteConfirm(locale: Locale) {
  const s = locale.strings;
  return html`<div class="confirm" role="group" aria-label=${s.confirmDelete}>
    <span>${s.confirmDelete}</span>
    <button class="text-button danger" type="button" data-action="confirm-delete">${s.deleteAction}</button>
    <button class="text-button" type="button" data-action="cancel-delete">${s.cancel}</button>
  </div>`;
}
