import { html, nothing, svg } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import type { AgentStrings } from '../../i18n/strings.js';
import { icon } from '../../internal/icons.js';
import { linkify } from '../messages/linkify.js';
import { renderText } from '../messages/message-view.js';
import { renderAvatar, renderBadge } from '../participants/avatar-view.js';
import type { AgentRun } from './agent-run.js';
import { liveText } from './live-text.js';

const stopIcon = icon(svg`<rect x="7" y="7" width="10" height="10" rx="2"/>`);

/** One run as drawn: the run, its agent's name, and what the reader may do with it. */
export interface RunRow {
  run: AgentRun;
  name: string;
  /** Opens a sender group (its author line); false when it continues the agent's previous message. */
  first: boolean;
  /** The reader is the person the run answers: the Stop button shows while it streams. */
  canStop: boolean;
  /** Stop was pressed and the run has not ended yet (the button stays focusable: focus is not lost meanwhile). */
  stopping: boolean;
  onStop: () => void;
  onGrow: () => void;
}

/**
 * An agent's reply as it is written: an `article` like a message's (avatar, name and verified badge, bubble),
 * busy while it streams, its text growing in place ({@link liveText}), a quiet "Writing…" under it with Stop
 * for the person it answers; stopped and failed runs say so and keep their text. Its `data-key` is the run's,
 * so the list's row actions never take it for the message it follows.
 */
export function renderRun(row: RunRow, locale: Locale, strings: AgentStrings) {
  const { run } = row;
  const time = locale.time(new Date(run.at));
  const streaming = run.status === 'streaming';
  const classes = `row other run ${row.first ? 'first' : ''} last ${run.status}`;
  return html`<div class="run-item" data-key=${`run:${run.runId}`}>
    <article
      class=${classes}
      part="message"
      aria-label=${`${row.name}, ${time}`}
      aria-busy=${streaming ? 'true' : 'false'}
      tabindex="-1"
    >
      ${renderAvatar(row.name, run.agentId)}
      <div class="content">
        ${
          row.first
            ? html`<div class="author">
                <span class="name">${row.name}</span>${renderBadge('bot', locale)}
              </div>`
            : nothing
        }
        <div class="bubble-line">
          <div class="bubble" part="bubble" dir="auto">
            ${
              streaming
                ? html`${liveText(run, row.onGrow)}<span class="caret" aria-hidden="true"></span>`
                : renderText(linkify(run.text))
            }
          </div>
        </div>
        ${renderRunMeta(row, time, strings)}
      </div>
    </article>
  </div>`;
}

function renderRunMeta(row: RunRow, time: string, strings: AgentStrings) {
  const { run } = row;
  if (run.status === 'streaming') {
    return html`<div class="meta">
      <span class="writing">${strings.writing}</span>
      ${
        row.canStop
          ? html`<button
              class="stop"
              type="button"
              aria-label=${strings.stop}
              aria-disabled=${row.stopping ? 'true' : 'false'}
              @click=${row.onStop}
            >
              ${stopIcon}<span aria-hidden="true">${strings.stop}</span>
            </button>`
          : nothing
      }
    </div>`;
  }
  if (run.status === 'cancelled') return html`<div class="meta">${strings.stopped} · ${time}</div>`;
  if (run.status === 'failed') return html`<div class="meta failed-run">${strings.failed(run.reason)}</div>`;
  return html`<div class="meta"><time datetime=${new Date(run.at).toISOString()}>${time}</time></div>`;
}
