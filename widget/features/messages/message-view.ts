import { html, nothing } from 'lit';
import type { Locale } from '../../i18n/locale.js';
import type { TextSegment } from './linkify.js';
import type { TimelineMessage, TimelineRow } from './timeline.js';
import { renderAvatar, renderBadge } from '../participants/avatar-view.js';
import { pencilIcon, smileIcon, trashIcon } from '../../internal/icons.js';
import { renderPicker, renderReactionChips } from '../reactions/reactions-view.js';

export interface MessageRowProps {
  locale: Locale;
  /** The roving-tabindex message: the one Tab lands on in the list. */
  active: boolean;
  /** The pointer is over it: its actions are rendered (only the active and hovered rows carry them). */
  hovered: boolean;
  /** Arrived live just now (a short appear animation). */
  arrived: boolean;
  canReact: boolean;
  canEdit: boolean;
  canDelete: boolean;
  pickerOpen: boolean;
  confirmingDelete: boolean;
  /** "Seen by …" names, under the viewer's latest message only. */
  seenBy?: string[];
  namesOf: (clientIds: string[]) => string;
  onFocus: (key: string) => void;
  onHover: (key: string) => void;
  onTogglePicker: (key: string) => void;
  onReact: (message: TimelineMessage, name: string) => void;
  onEdit: (message: TimelineMessage) => void;
  onAskDelete: (message: TimelineMessage) => void;
  onConfirmDelete: (message: TimelineMessage) => void;
  onCancelDelete: () => void;
  onRetry: (message: TimelineMessage) => void;
  onDiscard: (message: TimelineMessage) => void;
}

type MessageRow = Extract<TimelineRow, { kind: 'message' }>;

/** One message: an `article` named by its author and time, with its bubble, reactions and actions. */
export function renderMessageRow(row: MessageRow, p: MessageRowProps) {
  const m = row.message;
  const s = p.locale.strings;
  const time = m.time;
  const author = m.own ? s.you : m.name;
  const classes = [
    'row',
    m.own ? 'own' : 'other',
    row.first ? 'first' : '',
    row.last ? 'last' : '',
    m.state === 'sending' ? 'pending' : '',
    m.state === 'failed' ? 'failed' : '',
    p.arrived ? 'arrived' : '',
  ].join(' ');
  const sent = m.state === 'sent' && !m.deleted;
  // Actions exist only where someone can use them now: the focused (roving) row and the hovered one. Rendering
  // a toolbar per message would triple the list's DOM.
  const showActions =
    sent && (p.active || p.hovered || p.pickerOpen) && (p.canReact || p.canEdit || p.canDelete);
  return html`<article
    class=${classes}
    part="message"
    data-key=${m.key}
    tabindex=${p.active ? '0' : '-1'}
    aria-label=${`${author}, ${time}`}
    @focusin=${() => p.onFocus(m.key)}
    @pointerenter=${() => p.onHover(m.key)}
  >
    ${m.own ? nothing : renderAvatar(m.name, m.clientId)}
    <div class="content">
      ${
        row.first && !m.own
          ? html`<div class="author">
              <span class="name">${m.name}</span>${renderBadge(m.role, p.locale)}
            </div>`
          : nothing
      }
      <div class="bubble-line">
        <div class=${m.deleted ? 'bubble deleted' : 'bubble'} part="bubble" dir="auto">
          ${m.deleted ? s.deleted : renderText(m.segments)}
        </div>
        ${row.last || m.state !== 'sent' ? nothing : html`<span class="hover-time" aria-hidden="true">${time}</span>`}
      </div>
      ${m.deleted ? nothing : renderReactionChips(m, p)} ${renderMeta(row, p, time)}
      ${
        p.confirmingDelete
          ? html`<div class="confirm" role="group" aria-label=${s.confirmDelete}>
              <span>${s.confirmDelete}</span>
              <button class="text-button danger" type="button" @click=${() => p.onConfirmDelete(m)}>
                ${s.deleteAction}
              </button>
              <button class="text-button" type="button" @click=${p.onCancelDelete}>${s.cancel}</button>
            </div>`
          : nothing
      }
      ${
        p.seenBy && p.seenBy.length > 0
          ? html`<div class="seen">${s.seenBy(p.locale.list(p.seenBy))}</div>`
          : nothing
      }
    </div>
    ${showActions ? renderActions(m, p) : nothing}
    ${
      p.pickerOpen
        ? html`<div class="row-picker">
            ${renderPicker(s.addReaction, (name) => p.onReact(m, name), 'message')}
          </div>`
        : nothing
    }
  </article>`;
}

function renderMeta(row: MessageRow, p: MessageRowProps, time: string) {
  const m = row.message;
  const s = p.locale.strings;
  if (m.state === 'sending') return html`<div class="meta">${s.sending}</div>`;
  if (m.state === 'failed') {
    return html`<div class="meta" role="alert">
      <span>${s.notSent}</span><span aria-hidden="true">·</span>
      <button class="text-button" type="button" @click=${() => p.onRetry(m)}>${s.retry}</button>
      <span aria-hidden="true">·</span>
      <button class="text-button" type="button" @click=${() => p.onDiscard(m)}>${s.cancel}</button>
    </div>`;
  }
  if (!row.last && !m.edited) return nothing;
  return html`<div class="meta">
    ${row.last ? html`<time datetime=${m.at.toISOString()}>${time}</time>` : nothing}
    ${row.last && m.edited && !m.deleted ? html`<span aria-hidden="true">·</span>` : nothing}
    ${m.edited && !m.deleted ? html`<span>${s.edited}</span>` : nothing}
  </div>`;
}

function renderActions(m: TimelineMessage, p: MessageRowProps) {
  const s = p.locale.strings;
  const tab = p.active ? '0' : '-1';
  return html`<div class=${p.pickerOpen ? 'actions open' : 'actions'} role="toolbar" aria-label=${s.actions}>
    ${
      p.canReact
        ? html`<button
            class="icon-button"
            type="button"
            tabindex=${tab}
            aria-label=${s.react}
            aria-expanded=${p.pickerOpen ? 'true' : 'false'}
            @click=${() => p.onTogglePicker(m.key)}
          >
            ${smileIcon}
          </button>`
        : nothing
    }
    ${
      p.canEdit
        ? html`<button
            class="icon-button"
            type="button"
            tabindex=${tab}
            aria-label=${s.edit}
            @click=${() => p.onEdit(m)}
          >
            ${pencilIcon}
          </button>`
        : nothing
    }
    ${
      p.canDelete
        ? html`<button
            class="icon-button"
            type="button"
            tabindex=${tab}
            aria-label=${s.delete}
            @click=${() => p.onAskDelete(m)}
          >
            ${trashIcon}
          </button>`
        : nothing
    }
  </div>`;
}

/** Text as text nodes and safe links: never HTML. */
function renderText(segments: TextSegment[]) {
  return segments.map((segment) =>
    segment.href
      ? html`<a href=${segment.href} target="_blank" rel="noopener noreferrer nofollow ugc"
          >${segment.text}</a
        >`
      : segment.text,
  );
}
