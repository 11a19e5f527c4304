import type { Message } from '@ably/chat';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { ComposerController } from '../features/composer/composer-controller.js';
import { renderComposer } from '../features/composer/composer-view.js';
import { composerStyles } from '../features/composer/composer.styles.js';
import { connectionStyles } from '../features/connection/connection.styles.js';
import { bannerStateFor, renderBanner, renderFailure } from '../features/connection/connection-views.js';
import { listStyles } from '../features/messages/list.styles.js';
import { renderMessageList } from '../features/messages/message-list-view.js';
import { messageStyles } from '../features/messages/message.styles.js';
import { renderMessageRow } from '../features/messages/message-view.js';
import { MessageWindowController } from '../features/messages/message-window.js';
import { MessagesController, type PendingMessage } from '../features/messages/messages-controller.js';
import { RowActionsController } from '../features/messages/row-actions-controller.js';
import {
  fromChatMessage,
  fromPending,
  shapeAt,
  TimelineCache,
  type Naming,
  type TimelineEntry,
} from '../features/messages/timeline.js';
import { avatarStyles } from '../features/participants/avatar.styles.js';
import { ParticipantsController } from '../features/participants/participants-controller.js';
import { parseUserClaim } from '../features/participants/user-claim.js';
import type { PushController } from '../features/push/push-controller.js';
import { ReactionsController } from '../features/reactions/reactions-controller.js';
import { reactionsStyles } from '../features/reactions/reactions.styles.js';
import { ReadStateController } from '../features/read-state/read-state-controller.js';
import { VisibilityController } from '../features/read-state/visibility-controller.js';
import { TypingController } from '../features/typing/typing-controller.js';
import { renderTyping } from '../features/typing/typing-view.js';
import { typingStyles } from '../features/typing/typing.styles.js';
import { Locale, loadLocale } from '../i18n/locale.js';
import type { TokenPrefetch } from '../session/backend-client.js';
import type { ChatSession } from '../session/chat-session.js';
import { mayDelete } from '../session/permissions.js';
import { SessionController } from '../session/session-controller.js';
import type { ChatSettings } from './chat-settings.js';
import { ExtrasController } from './extras-controller.js';
import type { Extras } from './extras.js';
import { renderHeader } from './header-view.js';
import { layoutStyles } from './layout.styles.js';
import { narrowStyles } from './narrow.styles.js';
import { themeStyles } from './theme.styles.js';

const NO_SETTINGS: ChatSettings = {
  task: '',
  tokenUrl: '',
  participantToken: '',
  theme: 'auto',
  compact: false,
  status: '',
  loading: 'lazy',
  pushWorker: '',
  language: '',
  direction: '',
};

/**
 * The chat itself, inside `<embedded-chat>`'s shadow root (the loader imports this module lazily): a thin
 * shell that creates one controller per feature and composes their views. Internal: the public surface is
 * `<embedded-chat>` (embedded-chat.ts).
 */
export class EmbeddedChatView extends LitElement {
  static override styles = [
    themeStyles,
    layoutStyles,
    connectionStyles,
    listStyles,
    messageStyles,
    avatarStyles,
    reactionsStyles,
    typingStyles,
    composerStyles,
    narrowStyles,
  ];

  static override properties = {
    settings: { attribute: false },
    _panelOpen: { state: true },
    _slotted: { state: true },
  };

  settings: ChatSettings = NO_SETTINGS;
  /** The loader's first token request (used once). */
  tokenPrefetch?: TokenPrefetch;

  private _panelOpen = false;
  /** Slots the page filled (the loader forwards its own slots, so fallback content never shows by itself). */
  private _slotted = new Set<string>();
  private _locale = new Locale();
  private _localeFor?: string;
  private _busy?: boolean;
  /** The newest message from someone else that screen readers have been told of. */
  private _announced?: { key: string; text: string };
  private readonly _timeline = new TimelineCache<Message>();

  private readonly _messages = new MessagesController(this);
  private readonly _participants = new ParticipantsController(this);
  private readonly _typing = new TypingController(this);
  private readonly _reactions = new ReactionsController(this);
  private readonly _read = new ReadStateController(this, this._messages, this._participants);
  private readonly _session = new SessionController(this, () => this._sessionConfig(), [
    this._messages,
    this._participants,
    this._typing,
    this._reactions,
    this._read,
  ]);
  private readonly _composer = new ComposerController(
    this,
    this._messages,
    this._typing,
    () => this._locale,
    () => void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus()),
  );
  private readonly _window = new MessageWindowController(
    this,
    this._messages,
    () => this.renderRoot.querySelector('.log'),
    () => this.renderRoot as ShadowRoot,
    () => void this._messages.loadOlder(),
  );
  private readonly _rows = new RowActionsController(
    this,
    this._messages,
    this._window,
    this._reactions,
    {
      startEdit: (serial) => {
        const message = this._messages.bySerial(serial);
        if (message) this._composer.startEdit(message);
      },
      showError: (err) => this._composer.showError(err),
      reconnect: () => this._session.reconnect(),
    },
    (index) => this.renderRoot.querySelector(`[data-index="${index}"] article`),
  );
  private readonly _visibility = new VisibilityController(this);
  private _push?: PushController;
  private readonly _extras = new ExtrasController(this, (extras) => this._onExtras(extras));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('settings')) return;
    const before = changed.get('settings') ?? NO_SETTINGS;
    const now = this.settings;
    if (now.language !== before.language || this._localeFor === undefined) this._loadLocale(now.language);
    if (now.direction !== before.direction) this._applyLocale();
    this.toggleAttribute('compact', now.compact);
    this.setAttribute('theme', now.theme);
    if (now.status !== before.status)
      void this._participants.setOwn({ status: now.status }).catch(() => undefined);
    const restart =
      (before !== NO_SETTINGS && (now.task !== before.task || now.tokenUrl !== before.tokenUrl)) ||
      (now.participantToken !== before.participantToken && this._session.state.phase === 'error');
    if (restart && this.isConnected) this._session.restart();
  }

  protected override updated(): void {
    const busy = this._isBusy();
    if (busy !== this._busy) {
      this._busy = busy;
      this.dispatchEvent(new CustomEvent('embedded-chat-view-busy', { detail: busy }));
      if (!busy) this._extras.loadWhenIdle();
    }
    const newest = this._messages.messages.at(-1);
    if (this._window.atBottom && newest && this._visibility.visible) this._read.markRead(newest.serial);
    this._messages.arrived.clear();
  }

  override render() {
    const state = this._session.state;
    if (state.phase === 'error') {
      return html`<div class="frame">
        ${renderFailure(this._locale, state.error.message, () => this._session.restart())}
      </div>`;
    }
    if (this._isBusy() || state.phase !== 'ready') return html`<div class="frame" aria-hidden="true"></div>`;
    const { session } = state;
    const locale = this._locale;
    const others = this._participants.presentOthers();
    const extras = this._extras.extras;
    const participantCount = Math.max(this._participants.participants.length, others.length + 1);
    return html`<div class="frame" @slotchange=${this._onSlotChange}>
      ${renderHeader({
        locale,
        title: session.answer.title || session.answer.task,
        others,
        here: others.length + 1,
        participantCount,
        panelOpen: this._panelOpen,
        customHeader: this._slotted.has('header'),
        onOpenParticipants: () => this._togglePanel(),
        ...(extras && this._push
          ? { notify: extras.renderNotify(locale, this._push.state, () => void this._push!.toggle()) }
          : {}),
      })}
      ${renderBanner(locale, bannerStateFor(this._session.connection, this._session.everConnected), () =>
        this._session.reconnect(),
      )}
      <div
        class="body"
        @click=${this._rows.onClick}
        @focusin=${this._onListFocus}
        @pointerover=${this._onListPointer}
        @keydown=${this._rows.onKeyDown}
      >
        ${this._renderList(session)}
        <div class="bursts" aria-hidden="true">
          ${this._reactions.bursts.map(
            (b) => html`<span class="burst" .style=${`--x:${(b.id * 17) % 36}px`}>${b.name}</span>`,
          )}
        </div>
        ${
          this._panelOpen && extras
            ? extras.renderParticipants(locale, this._participants.participants, () => this._togglePanel())
            : nothing
        }
      </div>
      ${renderTyping(
        locale,
        this._typing.typers.map(
          (t) => parseUserClaim(t.userClaim).name ?? this._participants.nameOf(t.clientId) ?? t.clientId,
        ),
      )}
      ${this._renderComposer(session, extras)}
    </div>`;
  }

  private _renderList(session: ChatSession) {
    const locale = this._locale;
    const messages = this._messages;
    const me = session.clientId;
    const naming: Naming = {
      me,
      nameOf: (id) => this._participants.nameOf(id),
      time: (date) => locale.time(date),
      you: locale.strings.you,
    };
    // View models stay right until a name they used or the locale changes.
    const context = `${locale.lang}|${me}|${this._participants.participants.map((p) => p.name).join('\u0000')}`;
    const now = new Date();
    const entryAt = (index: number): TimelineEntry | undefined => {
      const item = messages.itemAt(index);
      if (!item) return undefined;
      return 'serial' in item
        ? { clientId: item.clientId, at: item.timestamp }
        : { clientId: me, at: item.createdAt };
    };
    const permissions = session.permissions;
    const extras = this._extras.extras;
    const lastOwn = messages.lastOwn()?.serial;
    const count = messages.count;
    const activeKey =
      this._rows.activeKey && messages.indexOf(this._rows.activeKey) !== -1
        ? this._rows.activeKey
        : count > 0
          ? messages.keyAt(count - 1)
          : undefined;
    const renderRow = (index: number) => {
      const item = messages.itemAt(index)!;
      const message =
        'serial' in item
          ? this._timeline.get(item, context, (m) => fromChatMessage(m, naming))
          : fromPending(item as PendingMessage, naming, session.answer.name);
      const shape = shapeAt(entryAt, index, locale, now);
      const key = message.key;
      const active = key === activeKey;
      const pickerOpen = this._reactions.pickerOpenFor({ message: key });
      const sent = message.state === 'sent' && !message.deleted;
      const canEdit = message.own && permissions.editOwn;
      const canDelete = mayDelete(permissions, message.own);
      const showActions =
        extras !== undefined &&
        sent &&
        (active || key === this._rows.hoverKey || pickerOpen) &&
        (permissions.react || canEdit || canDelete);
      const confirming = extras !== undefined && this._rows.confirmKey === key;
      const seenBy = key === lastOwn ? this._participants.seenBy(key) : [];
      const seenText = seenBy.length > 0 ? locale.strings.seenBy(locale.list(seenBy)) : undefined;
      const arrived = messages.arrived.has(key);
      return guard(
        [
          message,
          shape.first,
          shape.last,
          shape.day?.label,
          index,
          active,
          arrived,
          permissions,
          seenText,
          showActions,
          pickerOpen,
          confirming,
          locale,
        ],
        () =>
          renderMessageRow(
            {
              message,
              shape,
              index,
              active,
              arrived,
              canReact: permissions.react,
              ...(seenText ? { seenBy: seenText } : {}),
              ...(showActions
                ? {
                    actions: extras.renderRowActions(
                      { active, pickerOpen, canReact: permissions.react, canEdit, canDelete },
                      locale,
                    ),
                  }
                : {}),
              ...(confirming ? { confirm: extras.renderDeleteConfirm(locale) } : {}),
            },
            locale,
          ),
      );
    };
    const unread = this._read.unread ?? 0;
    return html`${renderMessageList({
      locale,
      count,
      range: this._window.range(),
      keyAt: (index) => messages.keyAt(index),
      renderRow,
      loadingOlder: messages.loadingOlder,
      hasOlder: messages.hasOlder,
      otherName: this._participants.greeting(),
      customEmpty: this._slotted.has('empty'),
      ...(this._window.atBottom ? {} : { newCount: unread }),
    })}${this._renderAnnouncement(naming)}`;
  }

  /** Tells screen readers of the newest live message from someone else (once; never of rows drawn by scrolling). */
  private _renderAnnouncement(naming: Naming) {
    for (const key of this._messages.arrived) {
      const message = this._messages.bySerial(key);
      if (message) {
        const vm = fromChatMessage(message, naming);
        this._announced = { key, text: `${vm.name}: ${vm.text}` };
      }
    }
    const said = this._announced;
    return html`<div class="sr" role="status" aria-live="polite">
      ${
        said
          ? repeat(
              [said],
              (a) => a.key,
              (a) => html`<p>${a.text}</p>`,
            )
          : nothing
      }
    </div>`;
  }

  private _renderComposer(session: ChatSession, extras: Extras | undefined) {
    const permissions = session.permissions;
    const locale = this._locale;
    const pickerOpen = this._reactions.pickerOpenFor('room');
    return renderComposer({
      locale,
      draft: this._composer.draft,
      notice: this._composer.notice,
      readOnly: permissions.readOnly,
      canRoomReact: permissions.send,
      pickerOpen,
      ...(pickerOpen && extras
        ? { picker: extras.renderReactionPicker(locale.strings.roomReaction, 'room') }
        : {}),
      onInput: (value) => this._composer.input(value),
      onKeyDown: (event) => {
        if (event.key === 'Escape') this._reactions.closePicker();
        this._composer.keyDown(event);
      },
      onSubmit: () => void this._composer.submit(),
      onCancelEdit: () => this._composer.cancelEdit(),
      onDismissNotice: () => this._composer.dismissNotice(),
      onTogglePicker: () => {
        void this._extras.load();
        this._reactions.togglePicker('room');
      },
      onPick: (event) => {
        const emoji = (event.target as Element).closest<HTMLElement>('[data-action="pick"]')?.dataset.emoji;
        if (!emoji) return;
        this._reactions.closePicker();
        this._reactions.sendRoomReaction(emoji).catch((err: unknown) => this._composer.showError(err));
      },
    });
  }

  private readonly _onListFocus = (event: FocusEvent): void => {
    void this._extras.load();
    this._rows.onFocusIn(event);
  };

  private readonly _onListPointer = (event: PointerEvent): void => {
    void this._extras.load();
    this._rows.onPointerOver(event);
  };

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
  };

  /** The chunk after the first paint arrived: "notify me" joins the session. */
  private _onExtras(extras: Extras): void {
    this._push = new extras.PushController(this, () => this.settings.pushWorker || '/embedded-chat-sw.js');
    this._session.addFeature(this._push);
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
    const { task, tokenUrl, participantToken, getParticipantToken } = this.settings;
    return {
      task,
      tokenUrl,
      participantToken,
      ...(getParticipantToken ? { getParticipantToken } : {}),
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

  private _togglePanel(): void {
    void this._extras.load().then(() => {
      this._panelOpen = !this._panelOpen;
      void this.updateComplete.then(() => {
        const target = this._panelOpen ? '.panel .icon-button' : '.stack';
        this.renderRoot.querySelector<HTMLElement>(target)?.focus();
      });
    });
  }
}

/** Registers the internal view tag once (the loader calls this after importing the chunk). */
export function defineView(): typeof EmbeddedChatView {
  if (!customElements.get('embedded-chat-view'))
    customElements.define('embedded-chat-view', EmbeddedChatView);
  return customElements.get('embedded-chat-view') as typeof EmbeddedChatView;
}
