import { html, nothing } from 'lit';
import type { Locale } from '../../i18n/locale.js';
import { pencilIcon, smileIcon, trashIcon } from '../../internal/icons.js';
import { renderReactionPicker } from '../reactions/reaction-picker.js';

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
