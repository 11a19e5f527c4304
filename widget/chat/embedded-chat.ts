import { loadFailure } from '../internal/load-failure.js';
import { elementLanguage } from '../i18n/element-language.js';
import { loadingText } from '../i18n/loading.js';
import type { TokenPrefetch } from '../session/backend-client.js';
import {
  defineAttributeProperties,
  OBSERVED_ATTRIBUTES,
  readAttributes,
  type AttributeProperties,
  type ChatSettings,
} from './chat-settings.js';
import type { EmbeddedChatView } from './embedded-chat-view.js';
import { SKELETON_CSS, buildSkeleton } from './skeleton.js';

/** Parts of the inner view, re-exported so `embedded-chat::part(header)` works from the host page. */
const PARTS =
  'header, title, subtitle, banner, message-list, message, bubble, reactions, typing, composer, input, send-button, notice, participants';

/**
 * `<embedded-chat>`: a task's conversation in one tag. This class is the small, dependency-free loader: it
 * paints a skeleton at once and imports the chat itself (`ably`, `@ably/chat`, Lit and the view) only when the
 * element nears the viewport, on interaction, or at once with `loading="eager"`. Everything it shows and
 * fires comes from that view. For a chat on screen as the page opens, `embedded-chat.eager.js` holds this class
 * and the chat in one file (one download instead of two in a row; docs/embedding.md §5).
 *
 * @summary A task-bound chat (support ticket, order, game session) over Ably Chat.
 *
 * @attribute lang - BCP 47 language of the strings, dates and numbers (default: the nearest `lang` around it, then the page's); `ar`, `es`, `en`.
 * @attribute dir - `ltr` or `rtl` (default: from the language).
 *
 * @fires embedded-chat-ready - `{task, clientId, role}`: connected, attached and showing history.
 * @fires embedded-chat-message - `{message, own}`: each new live message.
 * @fires embedded-chat-unread - `{count}`: the unread count changed (also when first known).
 * @fires embedded-chat-status - `{state, previous}`: the connection changed state.
 * @fires embedded-chat-error - `{code, message, remediation?}`: the token endpoint refused, the connection failed…
 *
 * @slot header - Replaces the title area of the header (not its controls).
 * @slot empty - Replaces the "No messages yet" text of an empty conversation.
 *
 * @csspart header - The header bar.
 * @csspart title - The task title in the header.
 * @csspart subtitle - The line under the title (who is here, status).
 * @csspart banner - The connection banner (connecting, offline, failed).
 * @csspart message-list - The scrolling conversation (`role="log"`).
 * @csspart message - One message row (`article`).
 * @csspart bubble - The bubble of a message.
 * @csspart reactions - The reaction chips under a message.
 * @csspart typing - The "… is typing" line.
 * @csspart composer - The composer area (or the read-only notice in its place).
 * @csspart input - The message textbox.
 * @csspart send-button - The send button.
 * @csspart notice - The one-line notice or error above the composer.
 * @csspart participants - The participants panel.
 *
 * @cssproperty --embedded-chat-font - Font family (default: the system UI stack).
 * @cssproperty --embedded-chat-font-size - Base text size (default 14.5px; the textbox stays 16px).
 * @cssproperty --embedded-chat-accent - Own bubbles, the send button, focus rings and links (default #2f5ad8).
 * @cssproperty --embedded-chat-on-accent - Text on the accent (default: black or white, whichever is legible).
 * @cssproperty --embedded-chat-background - Background of the element.
 * @cssproperty --embedded-chat-foreground - Main text colour.
 * @cssproperty --embedded-chat-muted - Secondary text (times, meta, typing).
 * @cssproperty --embedded-chat-surface - Raised surfaces: header, composer field, chips.
 * @cssproperty --embedded-chat-own-bubble - Background of own messages (default: the accent).
 * @cssproperty --embedded-chat-own-bubble-text - Text of own messages (default: on-accent).
 * @cssproperty --embedded-chat-other-bubble - Background of other people's messages.
 * @cssproperty --embedded-chat-other-bubble-text - Text of other people's messages.
 * @cssproperty --embedded-chat-border - Colour of borders and separators.
 * @cssproperty --embedded-chat-radius - Bubble corner radius (default 16px).
 * @cssproperty --embedded-chat-frame-radius - Corner radius of the element's frame (default 12px; 0 to sit flush).
 * @cssproperty --embedded-chat-spacing - The spacing unit (default 4px; paddings are multiples of it).
 * @cssproperty --embedded-chat-danger - Errors and failed sends.
 */
export class EmbeddedChat extends HTMLElement implements AttributeProperties {
  static readonly observedAttributes = OBSERVED_ATTRIBUTES;

  /**
   * The task id (required), e.g. `order:8841`.
   * @attr task
   */
  declare task: string;
  /**
   * The backend's token endpoint (required), absolute or relative, e.g. `https://chat.example.com/api/token`.
   * @attr token-url
   */
  declare tokenUrl: string;
  /**
   * A participant token signed by the host's backend. Prefer `getParticipantToken` for long sessions.
   * @attr participant-token
   */
  declare participantToken: string;
  /**
   * A user token signed by the host's backend (instead of a participant token): the chat opens any task the user
   * belongs to, with their stored role. Prefer `getUserToken` for long sessions.
   * @attr user-token
   */
  declare userToken: string;
  /**
   * `light`, `dark` or `auto` (default: follows `prefers-color-scheme`).
   * @attr theme
   */
  declare theme: 'auto' | 'light' | 'dark';
  /**
   * Tighter spacing and no avatars, for narrow sidebars.
   * @attr compact
   */
  declare compact: boolean;
  /**
   * This participant's task status line ("courier 5 min away"), shown to the others live.
   * @attr status
   */
  declare status: string;
  /**
   * `lazy` (default): load the chat when the element nears the viewport or on interaction; `eager`: at once
   * (for unread badges of a chat not yet shown).
   * @attr loading
   */
  declare loading: 'lazy' | 'eager';
  /**
   * URL of the service worker on the page's origin for "notify me" (default `/embedded-chat-sw.js`: one line,
   * `importScripts('<backend>/embedded-chat-sw.js')`).
   * @attr push-worker
   */
  declare pushWorker: string;

  private _view?: EmbeddedChatView;
  private _skeleton?: HTMLElement;
  private _observer?: IntersectionObserver;
  private _import?: Promise<void>;
  private _getParticipantToken?: () => Promise<string>;
  private _getUserToken?: () => Promise<string>;

  /**
   * Called whenever a fresh participant token is needed (on open and each renewal), so sessions outlive
   * one participant token. Takes precedence over the `participant-token` attribute.
   */
  get getParticipantToken(): (() => Promise<string>) | undefined {
    return this._getParticipantToken;
  }
  set getParticipantToken(value: (() => Promise<string>) | undefined) {
    this._getParticipantToken = value;
    this._sync();
  }

  /** Like `getParticipantToken`, for a user token (used when no participant token is given). */
  get getUserToken(): (() => Promise<string>) | undefined {
    return this._getUserToken;
  }
  set getUserToken(value: (() => Promise<string>) | undefined) {
    this._getUserToken = value;
    this._sync();
  }

  connectedCallback(): void {
    if (!this.shadowRoot) this._renderShell();
    if (this._view) return;
    // In view (or nearly) already: load now rather than a frame later, when the observer first reports.
    if (this.loading === 'eager' || nearViewport(this)) {
      void this._load();
      return;
    }
    this._observer ??= new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void this._load();
      },
      { rootMargin: '25%' },
    );
    this._observer.observe(this);
  }

  disconnectedCallback(): void {
    this._observer?.disconnect();
  }

  attributeChangedCallback(name: string): void {
    if (name === 'loading' && this.loading === 'eager' && this.isConnected) void this._load();
    if (name === 'lang') this._skeleton?.setAttribute('aria-label', loadingText(this._language()));
    this._sync();
  }

  private _renderShell(): void {
    const root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SKELETON_CSS);
    root.adoptedStyleSheets = [sheet];
    const skeleton = buildSkeleton(loadingText(this._language()));
    root.append(skeleton);
    this._skeleton = skeleton;
    const load = () => void this._load();
    for (const type of ['pointerenter', 'focusin', 'touchstart']) {
      this.addEventListener(type, load, { once: true, passive: true });
    }
  }

  /** Imports the view chunk once; creates the view inside the shadow root. */
  private _load(): Promise<void> {
    this._observer?.disconnect();
    if (this._import) return this._import;
    const prefetch = this._prefetchToken();
    // A page's first Intl object loads ICU's data (15–30 ms on a slow machine): made while the chat downloads,
    // when the page is idle, the chat's time formatter costs a fraction of a millisecond at its first render.
    // Not when the chat is already here (the eager entry): it would hold back the connection, and the chat makes
    // its formatter itself while its history request is on the network.
    const language = this._language();
    setTimeout(() => {
      if (this._view) return;
      try {
        new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(0);
      } catch {
        // Not a language tag Intl takes: the chat falls back to English, and Intl loads its data then.
      }
    });
    this._import = import('./embedded-chat-view.js').then(
      ({ defineView }) => {
        const View = defineView();
        const view = new View();
        view.tokenPrefetch = prefetch;
        view.setAttribute('exportparts', PARTS);
        for (const name of ['header', 'empty']) {
          const slot = document.createElement('slot');
          slot.name = name;
          slot.slot = name;
          view.append(slot);
        }
        view.addEventListener('embedded-chat-view-busy', (event) => {
          this._skeleton!.hidden = !(event as CustomEvent<boolean>).detail;
        });
        this._view = view;
        this._sync();
        this.shadowRoot!.prepend(view);
      },
      (err: unknown) => {
        this._import = undefined;
        this._skeleton!.dataset.failed = '';
        this.dispatchEvent(loadFailure('chat', err));
      },
    );
    return this._import;
  }

  /**
   * Starts the first token request now, while the chat downloads: it needs only the attributes, so the
   * conversation arrives one round trip sooner.
   */
  private _prefetchToken(): TokenPrefetch | undefined {
    const { task, tokenUrl } = this;
    // A user token's conversation asks for its token when the chat arrives.
    if (!task || !tokenUrl || this.userToken || this._getUserToken) return undefined;
    const request = (token: string | undefined) =>
      fetch(new URL(tokenUrl, document.baseURI), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(token ? { task, participantToken: token } : { task }),
        credentials: 'same-origin',
      });
    const participantToken = this._getParticipantToken
      ? this._getParticipantToken()
      : Promise.resolve(this.participantToken || undefined);
    // With the attribute's token, sent now rather than a promise turn later: in the eager entry this runs while
    // the file is still being evaluated, and a later turn would wait for all of it.
    const response = this._getParticipantToken
      ? participantToken.then(request)
      : request(this.participantToken || undefined);
    // Read (and its failure reported) by the session; unused when the task changes before the chat arrives.
    response.catch(() => undefined);
    return { task, tokenUrl, participantToken, response };
  }

  /** A page in Arabic gets an Arabic chat unless the element says otherwise. */
  private _language(): string {
    return elementLanguage(this);
  }

  /** Hands the chat a snapshot of the current attributes and properties. */
  private _sync(): void {
    const view = this._view;
    if (!view) return;
    const settings: ChatSettings = {
      ...readAttributes(this),
      language: this._language(),
      direction: this.getAttribute('dir') ?? '',
      ...(this._getParticipantToken ? { getParticipantToken: this._getParticipantToken } : {}),
      ...(this._getUserToken ? { getUserToken: this._getUserToken } : {}),
    };
    view.settings = settings;
  }
}

defineAttributeProperties(EmbeddedChat.prototype);

/** Whether the element is within a quarter of the viewport's size of it (the observer's margin, measured now). */
function nearViewport(element: Element): boolean {
  const box = element.getBoundingClientRect();
  const width = window.innerWidth;
  const height = window.innerHeight;
  if (box.width === 0 && box.height === 0) return false;
  return (
    box.bottom >= -height / 4 &&
    box.top <= height * 1.25 &&
    box.right >= -width / 4 &&
    box.left <= width * 1.25
  );
}
