import { html, nothing } from 'lit/html.js';
import type { InboxTask } from '../../server/contract/api-contract.js';
import { hueOf, initialsOf } from '../features/participants/avatar.js';
import type { InboxLocale } from './inbox-strings.js';
import { typeIcon } from './inbox-type-icon.js';

/** One option of the listbox: title, type, closed marker, time, last message with its author, unread badge. */
export function inboxRowView(
  row: InboxTask,
  options: {
    locale: InboxLocale;
    now: number;
    selected: boolean;
    focusable: boolean;
    me: string | undefined;
  },
) {
  const { locale, now, selected, focusable, me } = options;
  const s = locale.strings;
  const last = row.lastMessage;
  const author = last ? (last.author.id !== null && last.author.id === me ? s.you : last.author.name) : '';
  const text = last ? last.preview || s.files(last.attachments) : s.noMessages;
  const at = last?.at ?? row.activity;
  // The other side of the conversation when they spoke last, else the task's kind.
  const other = last && last.author.id !== me ? last.author : undefined;
  return html`<li
    role="option"
    part="row"
    class="row"
    data-task=${row.task}
    aria-selected=${selected ? 'true' : 'false'}
    tabindex=${focusable ? 0 : -1}
    ?data-unread=${row.unread > 0}
    ?data-closed=${row.closed}
  >
    ${
      other
        ? html`<span class="avatar" aria-hidden="true" .style=${`--hue:${hueOf(other.id ?? other.name)}`}
            >${initialsOf(other.name)}</span
          >`
        : typeIcon(row.type)
    }
    <span class="main">
      <span class="line">
        <span class="title" dir="auto">${row.title}</span>
        <span class="type">${row.type}</span>
        ${row.closed ? html`<span class="closed">${s.closed}</span>` : nothing}
        <time class="time" datetime=${new Date(at).toISOString()}>${locale.ago(at, now)}</time>
      </span>
      <span class="line">
        <span class="preview" dir="auto"
          >${author ? html`<span class="author">${author}:</span>${' '}` : nothing}${text}</span
        >
        ${
          row.unread > 0
            ? html`<span class="badge" part="badge" aria-hidden="true">${locale.number(row.unread)}</span
                ><span class="sr">, ${s.unread(row.unread, locale.number(row.unread))}</span>`
            : nothing
        }
      </span>
    </span>
  </li>`;
}
