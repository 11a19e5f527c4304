import { html } from 'lit/html.js';
import { MESSAGE_REACTIONS, ROOM_REACTIONS } from './reaction-sets.js';

/**
 * The one reaction picker: a row of emoji buttons for a message's reactions or the room's. A press is handled
 * where the picker sits (`data-action="pick"`, `data-emoji`).
 */
export function renderReactionPicker(label: string, kind: 'message' | 'room') {
  const set = kind === 'message' ? MESSAGE_REACTIONS : ROOM_REACTIONS;
  return html`<div class="picker" role="group" aria-label=${label}>
    ${set.map((name) => html`<button type="button" data-action="pick" data-emoji=${name}>${name}</button>`)}
  </div>`;
}
