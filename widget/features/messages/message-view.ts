import { html, nothing } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import { renderAvatar, renderBadge } from '../participants/avatar-view.js';
import { renderReactionChips } from '../reactions/reaction-chips.js';
import { fileIcon } from '../../internal/icons.js';
import { isPhoto, photoBox, type AttachmentRef } from './attachment-refs.js';
import type { TextSegment } from './linkify.js';
import type { RowShape, TimelineMessage } from './timeline.js';

/** One row of the list as drawn: its message, where it sits, and what the reader is doing with it. */
export interface MessageRow {
  message: TimelineMessage;
  shape: RowShape;
  /** Its place in the whole list (the windowing measures rows by it). */
  index: number;
  /** The roving-tabindex message: the one Tab lands on in the list. */
  active: boolean;
  /** Arrived live just now (a short appear animation). */
  arrived: boolean;
  /** Reactions can be toggled from its chips. */
  canReact: boolean;
  /** "Seen by …", under the viewer's latest message only. */
  seenBy?: string;
  /** Its toolbar and picker, where the reader is (drawn by the chunk loaded after the first paint). */
  actions?: unknown;
  /** The delete confirmation under it, while asked. */
  confirm?: unknown;
  /** Its files as the rest of the chat draws them (photos that open, download links). */
  files?: unknown;
  /** Drawn after the message, in its row (an agent's reply being written). */
  after?: unknown;
}

/**
 * One message: its day separator when it opens a day, then an `article` named by its author and time, with its
 * bubble, reactions and meta. Interactive parts carry `data-action` (handled once, on the list) instead of a
 * listener each, so a row costs no closures and an unchanged row is not rebuilt.
 */
export function renderMessageRow(row: MessageRow, locale: Locale) {
  const m = row.message;
  const s = locale.strings;
  const { first, last, day } = row.shape;
  const author = m.own ? s.you : m.name;
  const classes = [
    'row',
    m.own ? 'own' : 'other',
    first ? 'first' : '',
    last ? 'last' : '',
    m.state === 'sending' ? 'pending' : '',
    m.state === 'failed' ? 'failed' : '',
    row.arrived ? 'arrived' : '',
  ].join(' ');
  return html`<div class="item" data-key=${m.key} data-index=${row.index}>
    ${day ? html`<div class="day" role="heading" aria-level="3">${day.label}</div>` : nothing}
    <article
      class=${classes}
      part="message"
      tabindex=${row.active ? '0' : '-1'}
      aria-label=${`${author}, ${m.time}`}
    >
      ${m.own ? nothing : renderAvatar(m.name, m.clientId)}
      <div class="content">
        ${
          first && !m.own
            ? html`<div class="author">
                <span class="name">${m.name}</span>${renderBadge(m.role, locale)}
              </div>`
            : nothing
        }
        ${m.attachments.length > 0 && !m.deleted ? (row.files ?? renderFilePlaceholders(m.attachments, locale)) : nothing}
        <div class="bubble-line">
          ${
            m.text === '' && m.attachments.length > 0
              ? nothing
              : html`<div class=${m.deleted ? 'bubble deleted' : 'bubble'} part="bubble" dir="auto">
                  ${m.deleted ? s.deleted : renderText(m.segments)}
                </div>`
          }
          ${
            last || m.state !== 'sent'
              ? nothing
              : html`<span class="hover-time" aria-hidden="true">${m.time}</span>`
          }
        </div>
        ${m.deleted ? nothing : renderReactionChips(m.reactions, locale, row.canReact)}
        ${renderMeta(m, last, locale)} ${row.confirm ?? nothing}
        ${row.seenBy ? html`<div class="seen">${row.seenBy}</div>` : nothing}
      </div>
      ${row.actions ?? nothing}
    </article>
    ${row.after ?? nothing}
  </div>`;
}

function renderMeta(m: TimelineMessage, last: boolean, locale: Locale) {
  const s = locale.strings;
  if (m.state === 'sending') return html`<div class="meta">${s.sending}</div>`;
  if (m.state === 'failed') {
    // Only failures worth a retry stay on the bubble (the others give the draft back with their reason).
    const reason = m.failure?.kind === 'offline' ? 'offline' : 'generic';
    return html`<div class="meta" role="alert">
      <span>${s.notSent[reason]}</span><span aria-hidden="true">·</span>
      <button class="text-button" type="button" data-action="retry">${s.retry}</button>
      <span aria-hidden="true">·</span>
      <button class="text-button" type="button" data-action="discard">${s.cancel}</button>
    </div>`;
  }
  const edited = m.edited && !m.deleted;
  if (!last && !edited) return nothing;
  return html`<div class="meta">
    ${last ? html`<time datetime=${m.at.toISOString()}>${m.time}</time>` : nothing}
    ${last && edited ? html`<span aria-hidden="true">·</span>` : nothing}
    ${edited ? html`<span>${s.edited}</span>` : nothing}
  </div>`;
}

/**
 * A message's files before the rest of the chat has loaded and said where they are: each in its final place and
 * size (a photo's box from its dimensions, a file's name and size), so nothing moves when they load.
 */
export function renderFilePlaceholders(refs: AttachmentRef[], locale: Locale) {
  return html`<div class="attachments">
    ${refs.map((ref) =>
      isPhoto(ref)
        ? html`<span class="photo" .style=${photoBox(ref)}></span>`
        : fileChip(ref, locale, html`<span class="file-name" dir="auto">${ref.name}</span>`),
    )}
  </div>`;
}

/** A file chip: its icon, its name (`name`: the text, or a link to download it) and size. */
export function fileChip(ref: AttachmentRef, locale: Locale, name: unknown) {
  return html`<span class="file"
    >${fileIcon}${name}<span class="file-size">${locale.fileSize(ref.size)}</span></span
  >`;
}

/** Text as text nodes and safe links: never HTML. Plain text (most messages) is one text node, without a list. */
export function renderText(segments: TextSegment[]) {
  if (segments.length === 1 && !segments[0]!.href) return segments[0]!.text;
  return segments.map((segment) =>
    segment.href
      ? html`<a href=${segment.href} target="_blank" rel="noopener noreferrer nofollow ugc"
          >${segment.text}</a
        >`
      : segment.text,
  );
}
