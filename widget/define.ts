import { defineEmbeddedChat } from './define-embedded-chat.js';

/** `import 'embedded-chat/define'` registers `<embedded-chat>` (safe to import twice). */
defineEmbeddedChat();

export { EmbeddedChat } from './embedded-chat.js';
