import { defineEmbeddedChat } from './chat/define-embedded-chat.js';

/** `import 'embedded-chat/define'` registers `<embedded-chat>` (safe to import twice). */
defineEmbeddedChat();

export { EmbeddedChat } from './chat/embedded-chat.js';
