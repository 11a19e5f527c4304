import { html, svg, type TemplateResult } from 'lit/html.js';

/** The kinds of task the inbox draws an icon for; anything else is `task`. */
export type TaskKind = 'ticket' | 'order' | 'deal' | 'game' | 'booking' | 'delivery' | 'task';

/** Task types, as hosts name them, by the kind whose icon they get. */
const KINDS: Record<string, TaskKind> = {
  ticket: 'ticket',
  support: 'ticket',
  case: 'ticket',
  issue: 'ticket',
  order: 'order',
  purchase: 'order',
  deal: 'deal',
  offer: 'deal',
  listing: 'deal',
  sale: 'deal',
  game: 'game',
  match: 'game',
  session: 'game',
  booking: 'booking',
  reservation: 'booking',
  appointment: 'booking',
  delivery: 'delivery',
  shipment: 'delivery',
};

/** The kind of a task's `type` (any case, before a `-`, `_` or space: `support-ticket` reads as `support`). Pure. */
export function kindOf(type: string): TaskKind {
  const word =
    type
      .trim()
      .toLowerCase()
      .split(/[-_\s]/u)[0] ?? '';
  return KINDS[word] ?? KINDS[type.trim().toLowerCase()] ?? 'task';
}

/** Hue of each kind's tile: stable, and distinct from its neighbours in a list. */
const HUES: Record<TaskKind, number> = {
  ticket: 25,
  order: 250,
  deal: 150,
  game: 300,
  booking: 200,
  delivery: 60,
  task: 265,
};

// 20×20 outlines at stroke 1.6, drawn as the chat's other icons.
const PATHS: Record<TaskKind, TemplateResult> = {
  // A ticket stub with its notches.
  ticket: svg`<path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h11A1.5 1.5 0 0 1 17 6.5V8a2 2 0 0 0 0 4v1.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 13.5V12a2 2 0 0 0 0-4V6.5Z" /><path d="M12 5.5v1.5M12 9.25v1.5M12 13v1.5" />`,
  // A parcel.
  order: svg`<path d="M10 2.8 16.5 6v8L10 17.2 3.5 14V6L10 2.8Z" /><path d="M3.7 6.1 10 9.3l6.3-3.2M10 9.3v7.7M6.8 4.4l6.4 3.2" />`,
  // A price tag.
  deal: svg`<path d="M10.6 3H16a1 1 0 0 1 1 1v5.4a1 1 0 0 1-.3.7l-6.9 6.9a1 1 0 0 1-1.4 0l-5.4-5.4a1 1 0 0 1 0-1.4l6.9-6.9a1 1 0 0 1 .7-.3Z" /><circle cx="13.5" cy="6.5" r="1.2" />`,
  // A game controller.
  game: svg`<path d="M6.5 6h7a4 4 0 0 1 3.9 4.9l-.6 2.6a2 2 0 0 1-3.4.9L12 13H8l-1.4 1.4a2 2 0 0 1-3.4-.9l-.6-2.6A4 4 0 0 1 6.5 6Z" /><path d="M6.5 8.5v2.5M5.25 9.75h2.5" /><path d="M13 9.5h.01M14.5 11h.01" stroke-width="2.2" />`,
  // A calendar page.
  booking: svg`<rect x="3.5" y="4.5" width="13" height="12" rx="1.5" /><path d="M3.5 8.5h13M7 3v3M13 3v3" />`,
  // A delivery van.
  delivery: svg`<path d="M2.5 5.5h9v8h-9zM11.5 8.5h3l2.5 2.5v2.5h-5.5" /><circle cx="6" cy="14.5" r="1.5" /><circle cx="14" cy="14.5" r="1.5" />`,
  // Two speech bubbles: a conversation about anything.
  task: svg`<path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h7A1.5 1.5 0 0 1 13 4.5v4A1.5 1.5 0 0 1 11.5 10H7l-3 2.5V10h-.5" /><path d="M15.5 7.5H16a1 1 0 0 1 1 1V13a1 1 0 0 1-1 1h-.5v2l-2.5-2H9.5a1 1 0 0 1-1-1v-.5" />`,
};

/**
 * A row's tile when no other person spoke last: an icon of the task's kind (a ticket, a parcel, a tag, a game
 * controller…) on a tile of the kind's colour, square-cornered so it reads as a thing, not a person. Decorative:
 * the row's text names the type.
 */
export function typeIcon(type: string) {
  const kind = kindOf(type);
  return html`<span class="avatar kind" data-kind=${kind} aria-hidden="true" .style=${`--hue:${HUES[kind]}`}
    ><svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      ${PATHS[kind]}
    </svg></span
  >`;
}
