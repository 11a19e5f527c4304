import { defineEmbeddedChat } from './chat/define-embedded-chat.js';
import { defineEmbeddedChatInbox } from './inbox/embedded-chat-inbox.js';

/** `import 'embedded-chat/define'` registers `<embedded-chat>` and `<embedded-chat-inbox>` (safe to import twice). */
defineEmbeddedChat();
defineEmbeddedChatInbox();

export { EmbeddedChat } from './chat/embedded-chat.js';
export { EmbeddedChatInbox } from './inbox/embedded-chat-inbox.js';
