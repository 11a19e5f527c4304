import { html, nothing } from 'lit';
import { MESSAGE_REACTIONS, ROOM_REACTIONS } from './reaction-sets.js';
import type { TimelineMessage } from '../messages/timeline.js';
import type { Locale } from '../../i18n/locale.js';

interface ChipProps {
  locale: Locale;
  canReact: boolean;
  namesOf: (clientIds: string[]) => string;
  onReact: (message: TimelineMessage, name: string) => void;
}

/** Count chips: toggle buttons (`aria-pressed`) named by emoji, count and who reacted. */
export function renderReactionChips(m: TimelineMessage, p: ChipProps) {
  if (m.reactions.length === 0) return nothing;
  return html`<div class="reactions" part="reactions">
    ${m.reactions.map(
      (r) =>
        html`<button
          class="chip"
          type="button"
          aria-pressed=${r.mine ? 'true' : 'false'}
          aria-label=${p.locale.strings.reactionChip(r.name, p.locale.number(r.count), p.namesOf(r.clientIds))}
          title=${p.namesOf(r.clientIds)}
          ?disabled=${!p.canReact}
          @click=${() => p.onReact(m, r.name)}
        >
          <span aria-hidden="true">${r.name}</span
          ><span class="n" aria-hidden="true">${p.locale.number(r.count)}</span>
        </button>`,
    )}
  </div>`;
}

/** A row of emoji buttons (message reactions or room reactions). */
export function renderPicker(label: string, onPick: (name: string) => void, kind: 'message' | 'room') {
  const set = kind === 'message' ? MESSAGE_REACTIONS : ROOM_REACTIONS;
  return html`<div class="picker" role="group" aria-label=${label}>
    ${set.map((name) => html`<button type="button" @click=${() => onPick(name)}>${name}</button>`)}
  </div>`;
}
