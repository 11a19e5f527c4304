import { defineEmbeddedChat } from './chat/define-embedded-chat.js';
import { defineEmbeddedChatInbox } from './inbox/embedded-chat-inbox.js';
import { defineEmbeddedChatLauncher } from './launcher/embedded-chat-launcher.js';

/**
 * The eager entry's first module: it defines the elements before the chat's code (the SDKs, Lit, the view)
 * is evaluated, so an element already in the page upgrades now — paints its skeleton and sends its token
 * request — and the token is on the network while the rest of the file runs, as the loader's is while its chunk
 * downloads. The element's import of the chat resolves once the whole file has run.
 */
defineEmbeddedChat();
defineEmbeddedChatInbox();
defineEmbeddedChatLauncher();
