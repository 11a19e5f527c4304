// First: the elements are defined before the chat's code below (the SDKs, Lit, the view) is evaluated, so an
// element already in the page upgrades now — paints its skeleton and sends its token request — and the token is on
// the network while the rest of the file runs, as the loader's is while its chunk downloads. The element's import
// of the chat resolves once the whole file has run.
import './define.js';
import './chat/embedded-chat-view.js';

/**
 * The entry of `embedded-chat.eager.js`: the loader's elements and the chat they import, in one module, for
 * pages that show a conversation as they open. `embedded-chat.js` downloads the chat only once it has run and
 * seen the element — two downloads one after the other; here the chat comes with the first one, and the
 * element's import of it resolves at once. What loads after the first paint or on demand (the extras, locales,
 * "notify me", attachments, agent runs, the inbox's list, the launcher's panel) stays in its own chunks. A module
 * only: the chunks import the chat from this file.
 */
