import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import type { ComposerNotice } from './composer-notice.js';
import { alertIcon, heartIcon, lockIcon, pencilIcon, sendIcon } from '../../internal/icons.js';

export interface ComposerProps {
  locale: Locale;
  draft: string;
  notice: ComposerNotice;
  /** Observer, or a closed task: a notice replaces the composer. */
  readOnly: 'observer' | 'closed' | undefined;
  canRoomReact: boolean;
  pickerOpen: boolean;
  /** The room's reaction picker while open (drawn by the chunk loaded after the first paint). */
  picker?: TemplateResult;
  /** The "Attach file" button, where the participant may attach (drawn by the chunk loaded after the first paint). */
  attach?: unknown;
  /** The message's files above the textbox. */
  files?: unknown;
  /** The message has files: it may go without words. */
  hasFiles?: boolean;

  onInput: (value: string) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  onSubmit: () => void;
  onCancelEdit: () => void;
  onDismissNotice: () => void;
  onTogglePicker: () => void;
  /** A press in the picker (`data-action="pick"`, `data-emoji`). */
  onPick: (event: Event) => void;
  /** Closes the picker; true when it was open. */
  onClosePicker: () => boolean;
}

/** Escape in the room's picker closes it, spends the key and gives focus back to the button that opened it. */
function pickerKeyDown(p: ComposerProps, event: KeyboardEvent): void {
  if (event.key !== 'Escape' || !p.onClosePicker()) return;
  event.preventDefault();
  const row = (event.currentTarget as Element).closest('.composer-row');
  row?.querySelector<HTMLButtonElement>('button[aria-expanded]')?.focus();
}

/** The textbox ("Message") and Send button, or the read-only notice in their place. */
export function renderComposer(p: ComposerProps) {
  const s = p.locale.strings;
  if (p.readOnly) {
    return html`<div class="composer" part="composer">
      <p class="read-only" role="note">
        ${lockIcon}<span>${p.readOnly === 'closed' ? s.closed : s.readOnly}</span>
      </p>
    </div>`;
  }
  return html`<div class="composer" part="composer">
    ${renderNotice(p)} ${p.files ?? nothing}
    <div class="composer-row">
      ${
        p.pickerOpen && p.picker
          ? html`<div
              class="composer-picker"
              @click=${p.onPick}
              @keydown=${(event: KeyboardEvent) => pickerKeyDown(p, event)}
            >
              ${p.picker}
            </div>`
          : nothing
      }
      <form
        class="field"
        @submit=${(event: Event) => {
          event.preventDefault();
          p.onSubmit();
        }}
      >
        ${p.attach ?? nothing}
        ${
          p.canRoomReact
            ? html`<button
                class="icon-button"
                type="button"
                aria-label=${s.roomReaction}
                aria-expanded=${p.pickerOpen ? 'true' : 'false'}
                @click=${p.onTogglePicker}
              >
                ${heartIcon}
              </button>`
            : nothing
        }
        <textarea
          part="input"
          rows="1"
          aria-label=${s.message}
          placeholder=${s.placeholder}
          enterkeyhint="send"
          .value=${p.draft}
          @input=${(event: InputEvent) => p.onInput((event.target as HTMLTextAreaElement).value)}
          @keydown=${p.onKeyDown}
        ></textarea>
        <button
          class="send"
          part="send-button"
          type="submit"
          aria-label=${p.notice?.kind === 'editing' ? s.save : s.send}
          ?disabled=${p.draft.trim() === '' && !p.hasFiles}
        >
          ${sendIcon}
        </button>
      </form>
    </div>
  </div>`;
}

function renderNotice(p: ComposerProps) {
  const s = p.locale.strings;
  if (!p.notice) return nothing;
  if (p.notice.kind === 'editing') {
    return html`<div class="notice" part="notice">
      ${pencilIcon}<span>${s.editing} · ${s.escToCancel}</span>
      <button class="text-button" type="button" @click=${p.onCancelEdit}>${s.cancel}</button>
    </div>`;
  }
  return html`<div class="notice error" part="notice" role="alert">
    ${alertIcon}<span>${p.notice.text}</span>
    <button class="text-button" type="button" @click=${p.onDismissNotice}>${s.close}</button>
  </div>`;
}
