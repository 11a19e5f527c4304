import { html, nothing } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import type { ReactionChip } from '../messages/timeline.js';

/**
 * A message's reaction counts: toggle buttons (`aria-pressed`) named by emoji, count and who reacted. A press
 * is handled by the list (`data-action="react"`).
 */
export function renderReactionChips(chips: ReactionChip[], locale: Locale, canReact: boolean) {
  if (chips.length === 0) return nothing;
  return html`<div class="reactions" part="reactions">
    ${chips.map((r) => {
      const names = locale.list(r.names);
      return html`<button
        class="chip"
        type="button"
        data-action="react"
        data-emoji=${r.name}
        aria-pressed=${r.mine ? 'true' : 'false'}
        aria-label=${locale.strings.reactionChip(r.name, locale.number(r.count), names)}
        title=${names}
        ?disabled=${!canReact}
      >
        <span aria-hidden="true">${r.name}</span
        ><span class="n" aria-hidden="true">${locale.number(r.count)}</span>
      </button>`;
    })}
  </div>`;
}
