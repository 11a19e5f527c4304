import { html } from 'lit/html.js';
import { hueOf, initialsOf } from './avatar.js';
import type { Locale } from '../../i18n/locale.js';

/** Initials on a colour derived from the clientId; decorative (the name is always next to it). */
export function renderAvatar(name: string, clientId: string) {
  // A property binding sets the CSSOM (allowed by a strict CSP), where a style attribute would not be.
  return html`<span class="avatar" aria-hidden="true" .style=${`--hue:${hueOf(clientId)}`}
    >${initialsOf(name)}</span
  >`;
}

/** Role badges come in one tint per family: support, commerce, bots, everyone else (neutral). */
const FAMILY: Partial<Record<string, 'support' | 'commerce' | 'bot'>> = {
  agent: 'support',
  moderator: 'support',
  seller: 'commerce',
  buyer: 'commerce',
  courier: 'commerce',
  bot: 'bot',
};

/** The verified role as a small pill; only ever from the user claim or the backend. */
export function renderBadge(role: string | undefined, locale: Locale) {
  if (!role) return null;
  return html`<span class="badge ${FAMILY[role] ?? 'neutral'}">${locale.role(role)}</span>`;
}
