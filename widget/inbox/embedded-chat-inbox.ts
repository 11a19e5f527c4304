import { loadFailure } from '../internal/load-failure.js';
import { INBOX_ATTRIBUTES } from './inbox-settings.js';

/**
 * `<embedded-chat-inbox>`: every task the signed-in user is in, live, with unread counts. This class is the
 * loader's small part; the list itself (and `ably`, when no chat loaded it yet) comes as its own chunk when the
 * element joins the page.
 *
 * The list is a single-select listbox named "Conversations", the pattern of a mail or chat client's message
 * list: Tab reaches it once (on the open conversation, else the newest), the arrow keys, Home and End move between
 * conversations, Enter, Space or a click opens one, and `aria-selected` marks the one that is open. Each row is
 * one option read as one line — title, type, "Closed", time, the last message with its author and "3 unread
 * messages" — so a screen reader user hears a whole conversation per arrow press, as in a mail list; the "Unread"
 * filter is a toggle button (`aria-pressed`). Rows move to the top live without announcements (the count is in
 * each row and in `embedded-chat-inbox-unread` for the host's own badge or title).
 *
 * Under the header, a search landmark holds one box named "Search conversations": once typing pauses (250 ms, or
 * at Enter) the list is read again with the tasks whose title contains the text, ignoring case and accents (the
 * inbox route's `q`); Escape or its "Clear search" button empties it. While it is set, live updates move and count
 * the tasks shown but add none whose title does not match; the unread total stays the whole inbox's.
 *
 * @summary Every conversation of a user, newest activity first, with unread counts.
 *
 * @attribute token-url - The backend's token endpoint (required), as for `<embedded-chat>`; the inbox finds its
 * other routes from the endpoint's answer.
 * @attribute user-token - A user token signed by the host's backend (`sub`, no task). Prefer `getUserToken`.
 * @attribute theme - `light`, `dark` or `auto` (default).
 * @attribute selected - The task whose row is selected (set by the inbox when one is chosen).
 * @attribute open - `inline`: show the selected conversation beside the list (or, narrower than 640 px, in
 * its place with a back button).
 * @attribute lang - BCP 47 language (default: the nearest `lang` around it); `ar`, `es`, `en`.
 * @attribute dir - `ltr` or `rtl` (default: from the language).
 *
 * @fires embedded-chat-inbox-select - `{task}`: a conversation was chosen.
 * @fires embedded-chat-inbox-unread - `{total, tasks}`: the unread counts changed (also when first known).
 * @fires embedded-chat-error - `{code, message, remediation?}`: the token endpoint or the inbox route refused.
 *
 * @csspart list - The list column.
 * @csspart header - The list's header (title and the "Unread" filter).
 * @csspart search - The title search under the header (a `search` landmark with one box).
 * @csspart row - One conversation (`role="option"`).
 * @csspart badge - A row's unread count.
 * @csspart conversation - The conversation pane (`open="inline"`).
 *
 * @cssproperty --embedded-chat-accent - Unread badges, the selected row and focus rings (as for `<embedded-chat>`).
 */
export class EmbeddedChatInbox extends HTMLElement {
  static readonly observedAttributes = INBOX_ATTRIBUTES;
  /**
   * Called whenever a fresh user token is needed (on open, each renewal and each page); takes precedence over
   * the `user-token` attribute.
   */
  declare getUserToken?: () => Promise<string>;
  private _view?: { sync(): void };
  private _import?: Promise<void>;

  connectedCallback(): void {
    this._import ??= import('../chat/embedded-chat-view.js')
      .then(({ loadInboxView }) => loadInboxView())
      .then(
        ({ attachInbox }) => {
          this._view = attachInbox(this);
        },
        (err: unknown) => {
          this._import = undefined;
          this.dispatchEvent(loadFailure('inbox', err));
        },
      );
  }

  attributeChangedCallback(): void {
    this._view?.sync();
  }
}

/** Registers `<embedded-chat-inbox>` unless something already did. */
export function defineEmbeddedChatInbox(): void {
  if (!customElements.get('embedded-chat-inbox'))
    customElements.define('embedded-chat-inbox', EmbeddedChatInbox);
}

declare global {
  interface HTMLElementTagNameMap {
    'embedded-chat-inbox': EmbeddedChatInbox;
  }
}
