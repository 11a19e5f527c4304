import { html, nothing } from 'lit/html.js';
import { AgentSignal } from '../features/agent/agent-signal.js';
import { renderComposer } from '../features/composer/composer-view.js';
import { composerStyles } from '../features/composer/composer.styles.js';
import { renderFailure } from '../features/connection/failure-view.js';
import { failureStyles } from '../features/connection/failure.styles.js';
import { listStyles } from '../features/messages/list.styles.js';
import { renderMessageList, type ListRange } from '../features/messages/message-list-view.js';
import { messageStyles } from '../features/messages/message.styles.js';
import { MessageRows } from '../features/messages/message-rows.js';
import { MessagesController } from '../features/messages/messages-controller.js';
import { avatarStyles } from '../features/participants/avatar.styles.js';
import { reactionsStyles } from '../features/reactions/reactions.styles.js';
import { renderTyping } from '../features/typing/typing-view.js';
import { typingStyles } from '../features/typing/typing.styles.js';
import { Locale, loadLocale } from '../i18n/locale.js';
import type { TokenPrefetch } from '../session/backend-client.js';
import type { ChatSession } from '../session/chat-session.js';
import { SessionController } from '../session/session-controller.js';
import type { ChatSettings } from './chat-settings.js';
import { ExtrasController } from './extras-controller.js';
import type { ChatExtras } from './extras.js';
import { renderHeader } from './header-view.js';
import { layoutStyles } from './layout.styles.js';
import { narrowStyles } from './narrow.styles.js';
import { themeStyles } from './theme.styles.js';
import { ViewElement } from '../internal/view-element.js';

/** The least height of a row (one line of text in a group), for the rows drawn before the windowing has loaded. */
const MIN_ROW_PX = 36;

const NO_SETTINGS: ChatSettings = {
  task: '',
  tokenUrl: '',
  participantToken: '',
  userToken: '',
  theme: 'auto',
  compact: false,
  status: '',
  loading: 'lazy',
  pushWorker: '',
  language: '',
  direction: '',
};

/**
 * The chat itself, inside `<embedded-chat>`'s shadow root (the loader imports this module lazily). It holds
 * what the first conversation needs — the session, the messages, the rows, the header, the composer — and
 * composes the rest (extras.ts: who is here, reading, typing, reactions, sending, windowing…) once that has
 * loaded, right after the first paint. Internal: the public surface is `<embedded-chat>` (embedded-chat.ts).
 */
export class EmbeddedChatView extends ViewElement {
  private _settings = NO_SETTINGS;
  /** The settings before the last change, until the update that follows it has seen them. */
  private _previous?: ChatSettings;
  /** The loader's first token request (used once). */
  tokenPrefetch?: TokenPrefetch;

  /** Slots the page filled (the loader forwards its own slots, so fallback content never shows by itself). */
  private _slotted = new Set<string>();

  constructor() {
    super([
      themeStyles,
      layoutStyles,
      listStyles,
      messageStyles,
      avatarStyles,
      reactionsStyles,
      typingStyles,
      composerStyles,
      failureStyles,
      narrowStyles,
    ]);
  }

  /** Everything the chat reads from its element, handed over as one snapshot on every change. */
  get settings(): ChatSettings {
    return this._settings;
  }
  set settings(value: ChatSettings) {
    this._previous ??= this._settings;
    this._settings = value;
    this.requestUpdate();
  }
  private _locale = new Locale();
  private _localeFor?: string;
  private _busy?: boolean;
  /** What the composer holds before the rest of the chat has loaded. */
  private _draft = '';
  /** The list was at its newest message before this render (until the windowing takes over). */
  private _atBottom = true;
  /** The session whose frame may be drawn before its history is in (a task after it attached: see render). */
  private _frameFor?: ChatSession;

  private readonly _messages = new MessagesController(this);
  private readonly _agentSignal = new AgentSignal();
  private readonly _session = new SessionController(this, () => this._sessionConfig(), [
    this._messages,
    this._agentSignal,
  ]);
  private readonly _extras = new ExtrasController(this, () => ({
    host: this,
    session: this._session,
    messages: this._messages,
    agentSignal: this._agentSignal,
    locale: () => this._locale,
    settings: () => this.settings,
    root: () => this.renderRoot,
    draft: this._draft,
    focusInput: () => void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus()),
  }));
  private readonly _rows = new MessageRows(this._messages);

  protected override willUpdate(): void {
    const log = this.renderRoot.querySelector('.log');
    this._atBottom = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    const before = this._previous;
    if (!before) return;
    this._previous = undefined;
    const now = this.settings;
    if (now.language !== before.language || this._localeFor === undefined) this._loadLocale(now.language);
    if (now.direction !== before.direction) this._applyLocale();
    this.toggleAttribute('compact', now.compact);
    this.setAttribute('theme', now.theme);
    if (now.status !== before.status) {
      void this._extras.extras?.participants.setOwn({ status: now.status }).catch(() => undefined);
    }
    const restart =
      (before !== NO_SETTINGS && (now.task !== before.task || now.tokenUrl !== before.tokenUrl)) ||
      ((now.participantToken !== before.participantToken || now.userToken !== before.userToken) &&
        this._session.state.phase === 'error');
    if (restart && this.isConnected) this._session.restart();
  }

  protected override updated(): void {
    const busy = this._isBusy();
    if (busy !== this._busy) {
      this._busy = busy;
      this.dispatchEvent(new CustomEvent('embedded-chat-view-busy', { detail: busy }));
      if (!busy) this._extras.loadWhenIdle();
    }
    const extras = this._extras.extras;
    if (extras) extras.afterRender();
    else this._pinToBottom();
    this._messages.arrived.clear();
  }

  override render() {
    const state = this._session.state;
    if (state.phase === 'error') {
      return html`<div class="frame">
        ${renderFailure(this._locale, state.error.message, () => this._session.restart())}
      </div>`;
    }
    if (
      state.phase !== 'ready' ||
      this._localeFor !== this.settings.language ||
      !this._frameDue(state.session)
    ) {
      return html`<div class="frame" aria-hidden="true"></div>`;
    }
    const { session } = state;
    const locale = this._locale;
    const extras = this._extras.extras;
    // Drawn as soon as the room is attached, under the skeleton and out of reach (inert) until history is in:
    // the chat's own first layout happens while the history request is on the network.
    return html`<div class="frame" ?inert=${!this._messages.loaded} @slotchange=${this._onSlotChange}>
      ${renderHeader({
        title: session.answer.title || session.answer.task,
        customHeader: this._slotted.has('header'),
        ...(extras ? { subtitle: extras.subtitle(locale), controls: extras.controls(locale) } : {}),
      })}
      ${extras?.banner(locale) ?? nothing}
      <div
        class="body"
        @click=${this._onClick}
        @focusin=${this._onFocus}
        @pointerover=${this._onPointer}
        @keydown=${this._onKey}
      >
        ${this._renderList(session, extras)} ${extras?.overlays(locale) ?? nothing}
      </div>
      ${renderTyping(locale, extras?.typers() ?? [])} ${this._renderComposer(session, extras)}
    </div>`;
  }

  private _renderList(session: ChatSession, extras: ChatExtras | undefined) {
    const locale = this._locale;
    const messages = this._messages;
    const count = messages.count;
    // Until the list's windowing has loaded, only the newest rows that can fill the element are drawn: the
    // first conversation shows sooner, and the reader cannot scroll up before the windowing arrives.
    const range: ListRange = extras?.window.range() ?? {
      start: Math.max(0, count - this._firstRows()),
      end: count,
      before: 0,
      after: 0,
    };
    const unread = extras?.read.unread ?? 0;
    return renderMessageList({
      locale,
      count,
      range,
      keyAt: (index) => messages.keyAt(index),
      renderRow: this._rows.renderer(session, locale, extras),
      loadingOlder: messages.loadingOlder,
      hasOlder: messages.hasOlder,
      ...(extras ? { otherName: extras.participants.greeting() } : {}),
      customEmpty: this._slotted.has('empty'),
      announcement: this._rows.announcement(),
      ...(extras && !extras.window.atBottom ? { newCount: unread } : {}),
      tail: extras?.agent.tail(),
    });
  }

  private _renderComposer(session: ChatSession, extras: ChatExtras | undefined) {
    const permissions = session.permissions;
    const locale = this._locale;
    const composer = extras?.composer;
    const picker = extras?.roomPicker(locale);
    return renderComposer({
      locale,
      draft: composer?.draft ?? this._draft,
      notice: composer?.notice,
      readOnly: permissions.readOnly,
      canRoomReact: permissions.send,
      pickerOpen: picker !== undefined,
      ...(picker ? { picker } : {}),
      ...extras?.attachments.composer(),
      onInput: (value) => {
        if (composer) composer.input(value);
        else this._draft = value;
        void this._extras.load();
      },
      onKeyDown: (event) => {
        if (!composer) {
          if (event.key === 'Enter' && !event.shiftKey) event.preventDefault();
          void this._extras.load().then((x) => x.composer.keyDown(event));
          return;
        }
        if (event.key === 'Escape' && extras.reactions.closePicker()) event.preventDefault();
        composer.keyDown(event);
      },
      onSubmit: () => void this._extras.load().then((x) => x.composer.submit()),
      onCancelEdit: () => composer?.cancelEdit(),
      onDismissNotice: () => composer?.dismissNotice(),
      onTogglePicker: () => void this._extras.load().then((x) => x.reactions.togglePicker('room')),
      onClosePicker: () => extras?.reactions.closePicker() ?? false,
      onPick: (event) => {
        const emoji = (event.target as Element).closest<HTMLElement>('[data-action="pick"]')?.dataset.emoji;
        if (!emoji || !extras) return;
        extras.reactions.closePicker();
        extras.reactions.sendRoomReaction(emoji).catch((err: unknown) => extras.composer.showError(err));
      },
    });
  }

  /**
   * Clicks, focus and hover in the list go to the rows' actions, once they have loaded (they load now). The
   * target is read at once: a shadow tree's event no longer has one once it has been dispatched.
   */
  private readonly _onClick = (event: MouseEvent) =>
    this._withRows(event, (rows, target) => rows.click(target));
  private readonly _onFocus = (event: FocusEvent) =>
    this._withRows(event, (rows, target) => rows.focus(target));
  private readonly _onPointer = (event: PointerEvent) =>
    this._withRows(event, (rows, target) => rows.hover(target));
  private readonly _onKey = (event: KeyboardEvent) => {
    const rows = this._extras.extras?.rows;
    if (rows) rows.onKeyDown(event);
    else void this._extras.load();
  };

  private _withRows(event: Event, act: (rows: ChatExtras['rows'], target: Element) => void): void {
    const target = event.target as Element;
    const extras = this._extras.extras;
    if (extras) act(extras.rows, target);
    else void this._extras.load().then((x) => act(x.rows, target));
  }

  private readonly _onSlotChange = (event: Event): void => {
    const slot = event.target as HTMLSlotElement;
    const filled = slot
      .assignedNodes({ flatten: true })
      .some((n) => n.nodeType === Node.ELEMENT_NODE || Boolean(n.textContent?.trim()));
    if (filled === this._slotted.has(slot.name)) return;
    const next = new Set(this._slotted);
    if (filled) next.add(slot.name);
    else next.delete(slot.name);
    this._slotted = next;
    this.requestUpdate();
  };

  /**
   * How many rows fill the list at the least height a row has (a one-line message), with two to spare for a
   * smaller font. The list's own height once the frame is drawn (it is, under the skeleton, while history is on
   * the network: `willUpdate` has just measured it), else the element's.
   */
  private _firstRows(): number {
    const log = this.renderRoot.querySelector('.log');
    const height = log ? log.clientHeight : this.getBoundingClientRect().height;
    return Math.ceil(height / MIN_ROW_PX) + 2;
  }

  /**
   * Whether the chat's frame may be drawn: once history is in, or a task after the room attached. Not in the
   * same task: the history request goes out a few promise turns after the attach, and the frame's first render
   * and layout would hold it back. The task after that makes the time formatter (Locale.prepare), also while
   * the history request is on the network.
   */
  private _frameDue(session: ChatSession): boolean {
    if (this._messages.loaded || this._frameFor === session) return true;
    setTimeout(() => {
      if (this._frameFor === session) return;
      this._frameFor = session;
      this.requestUpdate();
      setTimeout(() => this._locale.prepare());
    });
    return false;
  }

  /** Before the windowing has loaded, the list sits at its newest message unless the reader scrolled away. */
  private _pinToBottom(): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this._atBottom) log.scrollTop = log.scrollHeight;
  }

  /** Loads the strings of a language; the skeleton stays up meanwhile, so no English flashes first. */
  private _loadLocale(language: string): void {
    this._localeFor = undefined;
    void loadLocale(language || undefined).then((locale) => {
      if (language !== this.settings.language) return;
      this._locale = locale;
      this._localeFor = language;
      this._applyLocale();
      this.requestUpdate();
    });
  }

  private _applyLocale(): void {
    this.setAttribute('dir', this.settings.direction || this._locale.dir);
    this.setAttribute('lang', this._locale.lang);
  }

  private _sessionConfig() {
    const { task, tokenUrl, participantToken, getParticipantToken, userToken, getUserToken } = this.settings;
    return {
      task,
      tokenUrl,
      participantToken,
      userToken,
      ...(getParticipantToken ? { getParticipantToken } : {}),
      ...(getUserToken ? { getUserToken } : {}),
      takePrefetch: () => {
        const prefetch = this.tokenPrefetch;
        this.tokenPrefetch = undefined;
        return prefetch;
      },
    };
  }

  private _isBusy(): boolean {
    const phase = this._session.state.phase;
    if (phase === 'error') return false;
    if (this._localeFor !== this.settings.language) return true;
    return phase !== 'ready' || !this._messages.loaded;
  }
}

/**
 * The inbox's chunk, imported through this one so `<embedded-chat-inbox>` shares the SDKs and Lit with the chat
 * (and adds nothing to the chat's first conversation).
 */
export const loadInboxView = () => import('../inbox/embedded-chat-inbox-view.js');

/** Registers the internal view tag once (the loader calls this after importing the chunk). */
export function defineView(): typeof EmbeddedChatView {
  if (!customElements.get('embedded-chat-view'))
    customElements.define('embedded-chat-view', EmbeddedChatView);
  return customElements.get('embedded-chat-view') as typeof EmbeddedChatView;
}
