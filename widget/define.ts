import { EmbeddedChat } from './embedded-chat.js';
import './events/events.js';

/**
 * `import 'embedded-chat/define'` (and the `embedded-chat.js` script) registers `<embedded-chat>`. Safe to load
 * twice: a second copy leaves the first definition in place.
 */
if (!customElements.get('embedded-chat')) customElements.define('embedded-chat', EmbeddedChat);

declare global {
  interface HTMLElementTagNameMap {
    'embedded-chat': EmbeddedChat;
  }
}

export { EmbeddedChat };
