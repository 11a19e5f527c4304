// First: the elements are defined (and the token asked for) before the chat's code below is evaluated.
import './eager-define.js';
import './chat/embedded-chat-view.js';

/**
 * The entry of `embedded-chat.eager.js`: the loader's elements and the chat they import, in one module, for
 * pages that show a conversation as they open. `embedded-chat.js` downloads the chat only once it has run and
 * seen the element — two downloads one after the other; here the chat comes with the first one, and the
 * element's import of it resolves at once. What loads after the first paint or on demand (the extras, locales,
 * "notify me", attachments, agent runs, the inbox's list, the launcher's panel) stays in its own chunks. A module
 * only: the chunks import the chat from this file.
 */
