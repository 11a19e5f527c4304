import { defineEmbeddedChat } from './chat/define-embedded-chat.js';
import { defineEmbeddedChatInbox } from './inbox/embedded-chat-inbox.js';
import { defineEmbeddedChatLauncher } from './launcher/embedded-chat-launcher.js';

/** `import 'embedded-chat/define'` registers `<embedded-chat>`, `<embedded-chat-inbox>` and `<embedded-chat-launcher>` (safe to import twice). */
defineEmbeddedChat();
defineEmbeddedChatInbox();
defineEmbeddedChatLauncher();

export { EmbeddedChat } from './chat/embedded-chat.js';
export { EmbeddedChatInbox } from './inbox/embedded-chat-inbox.js';
export { EmbeddedChatLauncher } from './launcher/embedded-chat-launcher.js';
