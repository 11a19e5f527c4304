import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Locale } from '../../i18n/locale.js';
import type { TimelineRow } from './timeline.js';
import { arrowDownIcon } from '../../internal/icons.js';
import { renderMessageRow, type MessageRowProps } from './message-view.js';
import { renderEmpty } from '../connection/status-views.js';

export interface MessageListProps {
  locale: Locale;
  rows: TimelineRow[];
  loadingOlder: boolean;
  hasOlder: boolean;
  /** Name for the empty state ("say hello to Dana"). */
  otherName?: string;
  customEmpty: boolean;
  onSlotChange: (event: Event) => void;
  /** Row props per message key (active, pickers, permissions). */
  rowProps: (key: string) => MessageRowProps;
  onKeyDown: (event: KeyboardEvent) => void;
  /** Shown when scrolled up: undefined hides the button, 0 shows "Jump to latest". */
  newCount?: number;
  onJump: () => void;
}

/** The conversation: a `role="log"` live region with day separators and message groups. */
export function renderMessageList(p: MessageListProps) {
  const s = p.locale.strings;
  const empty = p.rows.length === 0;
  return html`<div
      class="log"
      part="message-list"
      role="log"
      aria-label=${s.messages}
      aria-busy=${p.loadingOlder ? 'true' : 'false'}
      tabindex="0"
      @keydown=${p.onKeyDown}
    >
      ${
        empty
          ? renderEmpty(p.locale, p.otherName, p.customEmpty, p.onSlotChange)
          : html`<div class="history-edge">
                ${p.loadingOlder ? s.loadingOlder : p.hasOlder ? nothing : s.startOfConversation}
              </div>
              ${repeat(
                p.rows,
                (row) => row.key,
                (row) =>
                  row.kind === 'day'
                    ? html`<div class="day" role="heading" aria-level="3">${row.label}</div>`
                    : renderMessageRow(row, p.rowProps(row.key)),
              )}`
      }
    </div>
    ${
      p.newCount === undefined
        ? nothing
        : html`<button class="jump" type="button" @click=${p.onJump}>
            <span class="jump-icon">${arrowDownIcon}</span>
            ${p.newCount > 0 ? s.newMessages(p.newCount, p.locale.number(p.newCount)) : s.jumpToLatest}
          </button>`
    }`;
}
