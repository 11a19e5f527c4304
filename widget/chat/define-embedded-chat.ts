import { EmbeddedChat } from './embedded-chat.js';
import '../events/events.js';

/** Registers `<embedded-chat>` unless something already did (a second copy leaves the first in place). */
export function defineEmbeddedChat(): void {
  if (!customElements.get('embedded-chat')) customElements.define('embedded-chat', EmbeddedChat);
}

declare global {
  interface HTMLElementTagNameMap {
    'embedded-chat': EmbeddedChat;
  }
}
