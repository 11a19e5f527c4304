import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Locale } from '../../i18n/locale.js';
import { arrowDownIcon, chatIcon } from '../../internal/icons.js';

/** The rows to draw, and the space the others take above and below them. */
export interface ListRange {
  start: number;
  end: number;
  before: number;
  after: number;
}

export interface MessageListProps {
  locale: Locale;
  /** Rows in the list (drawn or not). */
  count: number;
  range: ListRange;
  keyAt: (index: number) => string;
  /** Row `index`, drawn (called for the window's rows only). */
  renderRow: (index: number) => unknown;
  loadingOlder: boolean;
  hasOlder: boolean;
  /** Name for the empty state ("say hello to Dana"). */
  otherName?: string;
  customEmpty: boolean;
  /** The newest live message from someone else, told to screen readers once (the list is not a live region). */
  announcement?: { key: string; text: string };
  /** Shown when scrolled up: undefined hides the button, 0 shows "Jump to latest". */
  newCount?: number;
  /** Drawn after the rows (an agent's reply in a conversation with no message before it). */
  tail?: unknown;
}

/**
 * The conversation: a `role="log"` list with day separators and message groups, drawn as a window over the
 * whole conversation with spacers for the rest. Windowing adds and removes rows as the reader scrolls, so the
 * list is not a live region (`aria-live="off"`): new messages from others are told once, in a polite status
 * line beside it. Clicks, focus and keys are handled once, around the list (RowActionsController).
 */
export function renderMessageList(p: MessageListProps) {
  const s = p.locale.strings;
  const { start, end, before, after } = p.range;
  return html`<div
      class="log"
      part="message-list"
      role="log"
      aria-live="off"
      aria-label=${s.messages}
      aria-busy=${p.loadingOlder ? 'true' : 'false'}
      tabindex="0"
    >
      ${
        p.count === 0 && !p.tail
          ? renderEmpty(p.locale, p.otherName, p.customEmpty)
          : html`<div class="history-edge">
                ${p.loadingOlder ? s.loadingOlder : p.hasOlder ? nothing : s.startOfConversation}
              </div>
              <div class="spacer" aria-hidden="true" .style=${`height:${before}px`}></div>
              ${repeat(
                indices(start, end),
                (i) => p.keyAt(i),
                (i) => p.renderRow(i),
              )}
              <div class="spacer" aria-hidden="true" .style=${`height:${after}px`}></div>
              ${p.tail}`
      }
    </div>
    <div class="sr" role="status" aria-live="polite">
      ${
        p.announcement
          ? repeat(
              [p.announcement],
              (a) => a.key,
              (a) => html`<p>${a.text}</p>`,
            )
          : nothing
      }
    </div>
    ${
      p.newCount === undefined
        ? nothing
        : html`<button class="jump" type="button" data-action="jump">
            <span class="jump-icon">${arrowDownIcon}</span>
            ${p.newCount > 0 ? s.newMessages(p.newCount, p.locale.number(p.newCount)) : s.jumpToLatest}
          </button>`
    }`;
}

/** An empty conversation: the `empty` slot, or "say hello to Dana". */
function renderEmpty(locale: Locale, otherName: string | undefined, custom: boolean) {
  return html`<div class="empty">
    ${custom ? nothing : chatIcon}
    <slot name="empty"></slot>
    ${custom ? nothing : html`<p>${locale.strings.empty(otherName)}</p>`}
  </div>`;
}

function indices(start: number, end: number): number[] {
  const list: number[] = [];
  for (let i = start; i < end; i++) list.push(i);
  return list;
}
