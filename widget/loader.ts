import { defineEmbeddedChat } from './chat/define-embedded-chat.js';
import { defineEmbeddedChatInbox } from './inbox/embedded-chat-inbox.js';
import { defineEmbeddedChatLauncher } from './launcher/embedded-chat-launcher.js';

/**
 * The entry of `embedded-chat.js` (the script tag's file). As a module it defines `<embedded-chat>`,
 * `<embedded-chat-inbox>` and `<embedded-chat-launcher>`. Loaded by a classic `<script src>` from another origin, `import()` would resolve its
 * chunks against `about:blank` (the script is CORS-cross-origin), so the same file is loaded again as a module
 * and that copy defines them.
 */
const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.src) {
  const module = document.createElement('script');
  module.type = 'module';
  module.src = script.src;
  script.after(module);
} else {
  defineEmbeddedChat();
  defineEmbeddedChatInbox();
  defineEmbeddedChatLauncher();
}
