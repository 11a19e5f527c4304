import { loadFailure } from '../internal/load-failure.js';

/** The attributes `<embedded-chat-launcher>` observes. */
export const LAUNCHER_ATTRIBUTES = [
  'token-url',
  'user-token',
  'task',
  'position',
  'label',
  'open',
  'theme',
  'lang',
  'dir',
] as const;

/** What the launcher's chunk attaches to the element: it hears of every attribute change. */
export interface LauncherView {
  sync(): void;
  connect(): void;
  disconnect(): void;
}

/**
 * `<embedded-chat-launcher>`: a floating chat button for product sites, in a corner of the viewport, with the
 * unread badge of one task (`task`) or of the user's whole inbox, that opens a panel with the conversation (or
 * the inbox). Closed, it is this class and a small chunk: the badge comes from the backend's count and stays live
 * over Ably's SSE API on the user's inbox channel, without the chat, the inbox or the Ably SDK, which load on the
 * first open (or when the pointer or focus reaches the button).
 *
 * The button is named "Open chat" ("Open chat, 3 unread" with unread messages; the host's `label` in place of
 * "Open chat" when given) and "Close chat" while the panel is open, with `aria-expanded` and `aria-controls`. The
 * panel is a dialog named "Chat", anchored above the button: focus moves into it when it opens; Escape, the
 * button (and at phone widths, ≤ 480 px, the sheet's own "Close chat" button) close it and focus returns to the
 * button. An Escape that closes something of the chat's own first (its reaction picker, a delete confirmation, the
 * participants panel) leaves the panel open. At phone widths the panel is a full-screen modal sheet.
 *
 * @summary A floating button with an unread badge that opens the chat or the inbox.
 *
 * @attribute token-url - The backend's token endpoint (required), as for `<embedded-chat>`.
 * @attribute user-token - A user token signed by the host's backend (`sub`, no task). Prefer `getUserToken`.
 * Without either, the backend's `identify` hook (the host session) says who the user is.
 * @attribute task - The task whose conversation the panel holds and whose unread messages the badge counts;
 * without it the panel holds the user's inbox (`<embedded-chat-inbox open="inline">`) and the badge counts all of
 * them.
 * @attribute position - `bottom-end` (default: the bottom right corner, left in right-to-left pages) or
 * `bottom-start`.
 * @attribute label - Text shown beside the icon (e.g. "Chat with us"), which also names the button in place of
 * "Open chat".
 * @attribute theme - `light`, `dark` or `auto` (default), for the panel and what it holds.
 * @attribute lang - BCP 47 language (default: the nearest `lang` around it); `ar`, `es`, `en`.
 * @attribute dir - `ltr` or `rtl` (default: from the language); right-to-left mirrors the corner.
 *
 * @fires embedded-chat-launcher-toggle - `{open}`: the panel opened or closed (by the person or by `open`).
 * @fires embedded-chat-launcher-unread - `{count}`: the badge's count changed (also when first known), for the
 * host's tab title.
 * @fires embedded-chat-error - `{code, message, remediation?}`: the token endpoint, the inbox route or Ably refused
 * the count.
 *
 * @csspart button - The floating button.
 * @csspart icon - The chat icon in the button.
 * @csspart label - The `label` text in the button.
 * @csspart badge - The unread count on the button.
 * @csspart panel - The panel (`role="dialog"`).
 * @csspart close-button - The sheet's close button at phone widths.
 *
 * @cssproperty --embedded-chat-launcher-background - The button's colour (default: the accent).
 * @cssproperty --embedded-chat-launcher-foreground - The icon and label on the button (default: black or white,
 * whichever is legible).
 * @cssproperty --embedded-chat-launcher-size - The button's height (and width without a label; default 56px).
 * @cssproperty --embedded-chat-launcher-offset-inline - From the viewport's side (default 20px).
 * @cssproperty --embedded-chat-launcher-offset-block - From the viewport's bottom (default 20px).
 * @cssproperty --embedded-chat-launcher-badge - The unread badge's colour (default #e5484d).
 * @cssproperty --embedded-chat-launcher-badge-ring - The ring around the badge (default white, near-black in the dark theme).
 * @cssproperty --embedded-chat-launcher-panel-width - The panel's width (default 400px, less on narrow screens).
 * @cssproperty --embedded-chat-launcher-panel-height - The panel's height (default 680px, less on short screens).
 * @cssproperty --embedded-chat-launcher-z-index - Above the page (default 2147483000).
 * @cssproperty --embedded-chat-accent - Focus rings, and the button unless set (as for `<embedded-chat>`).
 */
export class EmbeddedChatLauncher extends HTMLElement {
  static readonly observedAttributes = LAUNCHER_ATTRIBUTES;
  /**
   * Called whenever a fresh user token is needed (the count, each Ably token renewal, and the chat or inbox in the
   * panel); takes precedence over the `user-token` attribute.
   */
  declare getUserToken?: () => Promise<string>;
  private _view?: LauncherView;
  private _import?: Promise<void>;

  /**
   * Whether the panel is open; reflects the `open` attribute. Setting it opens or closes the panel.
   * @attr open
   */
  get open(): boolean {
    return this.hasAttribute('open');
  }
  set open(value: boolean) {
    this.toggleAttribute('open', value);
  }

  connectedCallback(): void {
    if (this._view) {
      this._view.connect();
      return;
    }
    this._import ??= import('./launcher-view.js').then(
      ({ attachLauncher }) => {
        this._view = attachLauncher(this);
        if (this.isConnected) this._view.connect();
      },
      (err: unknown) => {
        this._import = undefined;
        this.dispatchEvent(loadFailure('launcher', err));
      },
    );
  }

  disconnectedCallback(): void {
    this._view?.disconnect();
  }

  attributeChangedCallback(): void {
    this._view?.sync();
  }
}

/** Registers `<embedded-chat-launcher>` unless something already did. */
export function defineEmbeddedChatLauncher(): void {
  if (!customElements.get('embedded-chat-launcher'))
    customElements.define('embedded-chat-launcher', EmbeddedChatLauncher);
}

declare global {
  interface HTMLElementTagNameMap {
    'embedded-chat-launcher': EmbeddedChatLauncher;
  }
}
