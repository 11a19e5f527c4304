import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ComposerController } from '../features/composer/composer-controller.js';
import { MessagesController } from '../features/messages/messages-controller.js';
import { PresenceController } from '../features/participants/presence-controller.js';
import { PushController } from '../features/push/push-controller.js';
import { ReactionsController } from '../features/reactions/reactions-controller.js';
import { ReadStateController } from '../features/read-state/read-state-controller.js';
import { mayDo } from '../session/room-feature.js';
import { RowActionsController } from '../features/messages/row-actions-controller.js';
import { ScrollController } from '../features/messages/scroll-controller.js';
import { SessionController } from '../session/session-controller.js';
import { TypingController } from '../features/typing/typing-controller.js';
import { VisibilityController } from '../features/read-state/visibility-controller.js';
import { Locale, loadLocale } from '../i18n/locale.js';
import type { TokenPrefetch } from '../session/token-client.js';
import {
  buildTimeline,
  fromChatMessage,
  fromPending,
  TimelineCache,
  type TimelineMessage,
} from '../features/messages/timeline.js';
import { People } from '../features/participants/people.js';
import { parseUserClaim } from '../features/participants/user-claim.js';
import { composerStyles } from '../features/composer/composer.styles.js';
import { layoutStyles } from './layout.styles.js';
import { listStyles } from '../features/messages/list.styles.js';
import { messageStyles } from '../features/messages/message.styles.js';
import { narrowStyles } from './narrow.styles.js';
import { panelStyles } from '../features/participants/panel.styles.js';
import { themeStyles } from './theme.styles.js';
import { renderComposer } from '../features/composer/composer-view.js';
import { renderHeader } from './header-view.js';
import { renderMessageList } from '../features/messages/message-list-view.js';
import { renderNotify } from '../features/push/notify-view.js';
import type { MessageRowProps } from '../features/messages/message-view.js';
import { renderParticipants } from '../features/participants/participants-view.js';
import {
  bannerStateFor,
  renderBanner,
  renderFailure,
  renderTyping,
} from '../features/connection/status-views.js';

/**
 * The chat itself, inside `<embedded-chat>`'s shadow root (the loader imports this module lazily). A thin
 * shell over one controller per concern; it declares properties, wires controllers and renders views.
 * Internal: the public surface is `<embedded-chat>` (embedded-chat.ts).
 */
export class EmbeddedChatView extends LitElement {
  static override styles = [
    themeStyles,
    layoutStyles,
    listStyles,
    messageStyles,
    composerStyles,
    panelStyles,
    narrowStyles,
  ];

  static override properties = {
    task: {},
    tokenUrl: {},
    participantToken: {},
    getParticipantToken: { attribute: false },
    language: {},
    direction: {},
    theme: { reflect: true },
    compact: { type: Boolean, reflect: true },
    status: {},
    pushWorker: {},
    _panelOpen: { state: true },
    _roomPicker: { state: true },
    _slotted: { state: true },
  };

  task = '';
  tokenUrl = '';
  participantToken = '';
  getParticipantToken?: () => Promise<string>;
  /** The loader's first token request (used once). */
  tokenPrefetch?: TokenPrefetch;
  language = '';
  direction = '';
  theme: 'light' | 'dark' | 'auto' = 'auto';
  compact = false;
  status = '';
  pushWorker = '';

  private _panelOpen = false;
  private _roomPicker = false;
  /** Slots the page filled (the loader forwards its own slots, so fallback content never shows by itself). */
  private _slotted = new Set<string>();

  private _locale = new Locale();
  private _localeFor?: string;
  private _busy?: boolean;
  /** Newest serial the reader has seen at the bottom; the jump button counts what came after. */
  private _seenNewest?: string;
  private readonly _timeline = new TimelineCache();

  private readonly _messages = new MessagesController(this);
  private readonly _presence = new PresenceController(this, (members) => this._read.onPresence(members));
  private readonly _typing = new TypingController(this);
  private readonly _reactions = new ReactionsController(this);
  private readonly _read = new ReadStateController(this, this._messages, this._presence);
  private readonly _push = new PushController(this, () => this.pushWorker || '/embedded-chat-sw.js');
  private readonly _session = new SessionController(this, () => this._config(), [
    this._messages,
    this._presence,
    this._typing,
    this._reactions,
    this._read,
    this._push,
  ]);
  private readonly _composer = new ComposerController(
    this,
    this._messages,
    this._typing,
    () => this._locale,
    () => void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus()),
  );
  private readonly _scroll = new ScrollController(
    this,
    () => this.renderRoot.querySelector('.log'),
    () => this._messages.messages[0]?.serial,
    () => void this._messages.loadOlder(),
  );
  private readonly _visibility = new VisibilityController(this);
  private readonly _rows = new RowActionsController(this, this._messages, this._reactions, (err) =>
    this._composer.showError(err),
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('language')) this._loadLocale(this.language);
    if (changed.has('direction')) this._applyLocale();
    if (changed.has('status')) void this._presence.set({ status: this.status }).catch(() => undefined);
    const restart =
      (changed.has('task') && changed.get('task') !== undefined) ||
      (changed.has('tokenUrl') && changed.get('tokenUrl') !== undefined) ||
      (changed.has('participantToken') && this._session.state.phase === 'error');
    if (restart && this.isConnected) this._session.restart();
  }

  protected override updated(): void {
    const busy = this._isBusy();
    if (busy !== this._busy) {
      this._busy = busy;
      this.dispatchEvent(new CustomEvent('embedded-chat-view-busy', { detail: busy }));
    }
    const newest = this._messages.messages[this._messages.messages.length - 1];
    if (this._scroll.atBottom && newest) {
      this._seenNewest = newest.serial;
      if (this._visibility.visible) this._read.markRead(newest.serial);
    }
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
    const { info } = state;
    const me = info.clientId;
    const people = new People(this._read.participants, this._presence.members, me);
    const nameOf = (clientId: string) => people.nameOf(clientId);
    const time = (date: Date) => this._locale.time(date);
    const context = `${this._locale.lang}|${me}|${[...people.names].join(',')}`;
    const timeline: TimelineMessage[] = this._messages.messages.map((m) =>
      this._timeline.get(m, context, (message) => fromChatMessage(message, me, nameOf, time)),
    );
    for (const p of this._messages.pending) timeline.push(fromPending(p, me, info.answer.name, time));
    const rows = buildTimeline(timeline, this._locale, new Date());
    const byKey = new Map(timeline.map((m) => [m.key, m]));
    const lastOwn = this._messages.lastOwn();
    const activeKey =
      this._rows.activeKey && byKey.has(this._rows.activeKey)
        ? this._rows.activeKey
        : timeline[timeline.length - 1]?.key;
    const others = people.presentOthers();
    const canPublish = mayDo(info, 'publish');
    const canReact = mayDo(info, 'annotation-publish');
    const namesOf = (ids: string[]) =>
      this._locale.list(ids.map((id) => (id === me ? this._locale.strings.you : (nameOf(id) ?? id))));
    const rowProps = (key: string): MessageRowProps => {
      const m = byKey.get(key)!;
      return {
        locale: this._locale,
        active: key === activeKey,
        hovered: key === this._rows.hoverKey,
        arrived: this._messages.arrived.has(key),
        canReact,
        canEdit: m.own && canPublish && mayDo(info, 'message-update-own'),
        canDelete: mayDo(info, 'message-delete-any') || (m.own && mayDo(info, 'message-delete-own')),
        pickerOpen: this._rows.pickerKey === key,
        confirmingDelete: this._rows.confirmKey === key,
        ...(lastOwn?.serial === key ? { seenBy: this._read.seenBy(key) } : {}),
        namesOf,
        onFocus: (k) => this._rows.focus(k),
        onHover: (k) => this._rows.hover(k),
        onTogglePicker: (k) => this._rows.togglePicker(k),
        onReact: (msg, name) => this._rows.react(msg, name),
        onEdit: (msg) => typeof msg.source !== 'string' && this._composer.startEdit(msg.source),
        onAskDelete: (msg) => this._rows.askDelete(msg.key),
        onConfirmDelete: (msg) => this._rows.delete(msg),
        onCancelDelete: () => this._rows.cancelDelete(),
        onRetry: (msg) => {
          // Someone retrying expects the chat to come back now, not at the SDK's next scheduled attempt.
          this._session.reconnect();
          void this._messages.retry(msg.key);
        },
        onDiscard: (msg) => this._messages.discard(msg.key),
      };
    };
    const newCount = this._scroll.atBottom ? undefined : this._countAfter(this._seenNewest, me);
    return html`<div class="frame">
      ${renderHeader({
        locale: this._locale,
        title: info.answer.title || info.answer.task,
        others,
        // People here now (presence, several tabs of one person once), the viewer included.
        here: others.length + 1,
        participantCount: Math.max(this._read.participants.length, others.length + 1),
        panelOpen: this._panelOpen,
        customHeader: this._slotted.has('header'),
        onSlotChange: this._onSlotChange,
        onOpenParticipants: () => this._togglePanel(),
        notify: renderNotify(this._locale, this._push.state, () => void this._push.toggle()),
      })}
      ${renderBanner(
        this._locale,
        bannerStateFor(this._session.connection, this._session.everConnected),
        () => this._session.reconnect(),
      )}
      <div class="body">
        ${renderMessageList({
          locale: this._locale,
          rows,
          loadingOlder: this._messages.loadingOlder,
          hasOlder: this._messages.hasOlder,
          otherName: people.greeting(),
          rowProps,
          customEmpty: this._slotted.has('empty'),
          onSlotChange: this._onSlotChange,
          onKeyDown: (event) =>
            this._rows.keyDown(event, [...this.renderRoot.querySelectorAll<HTMLElement>('article.row')]),
          ...(newCount === undefined ? {} : { newCount }),
          onJump: () => this._scroll.scrollToBottom(),
        })}
        <div class="bursts" aria-hidden="true">
          ${this._reactions.bursts.map(
            (b) => html`<span class="burst" .style=${`--x:${(b.id * 17) % 36}px`}>${b.name}</span>`,
          )}
        </div>
        ${this._panelOpen ? renderParticipants(this._locale, people.panel(), () => this._togglePanel()) : nothing}
      </div>
      ${renderTyping(
        this._locale,
        this._typing.typers.map((t) => parseUserClaim(t.userClaim).name ?? nameOf(t.clientId) ?? t.clientId),
      )}
      ${renderComposer({
        locale: this._locale,
        draft: this._composer.draft,
        notice: this._composer.notice,
        readOnly: info.readOnly ? 'closed' : info.operations.has('publish') ? undefined : 'observer',
        canRoomReact: canPublish,
        pickerOpen: this._roomPicker,
        onInput: (value) => this._composer.input(value),
        onKeyDown: (event) => {
          if (event.key === 'Escape') this._roomPicker = false;
          this._composer.keyDown(event);
        },
        onSubmit: () => void this._composer.submit(),
        onCancelEdit: () => this._composer.cancelEdit(),
        onDismissNotice: () => this._composer.dismissNotice(),
        onTogglePicker: () => (this._roomPicker = !this._roomPicker),
        onRoomReaction: (name) => {
          this._roomPicker = false;
          void this._reactions.sendRoomReaction(name).catch((err: unknown) => this._composer.showError(err));
        },
      })}
    </div>`;
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
  };

  /** Loads the strings of a language; the skeleton stays up meanwhile, so no English flashes first. */
  private _loadLocale(language: string): void {
    this._localeFor = undefined;
    void loadLocale(language || undefined).then((locale) => {
      if (language !== this.language) return;
      this._locale = locale;
      this._localeFor = language;
      this._applyLocale();
      this.requestUpdate();
    });
  }

  private _applyLocale(): void {
    this.setAttribute('dir', this.direction || this._locale.dir);
    this.setAttribute('lang', this._locale.lang);
  }

  private _config() {
    return {
      task: this.task,
      tokenUrl: this.tokenUrl,
      participantToken: this.participantToken,
      ...(this.getParticipantToken ? { getParticipantToken: this.getParticipantToken } : {}),
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
    if (this._localeFor !== this.language) return true;
    return phase !== 'ready' || !this._messages.loaded;
  }

  private _countAfter(serial: string | undefined, me: string): number {
    if (!serial) return 0;
    return this._messages.messages.filter((m) => m.serial > serial && m.clientId !== me).length;
  }

  private _togglePanel(): void {
    this._panelOpen = !this._panelOpen;
    void this.updateComplete.then(() => {
      const target = this._panelOpen ? '.panel .icon-button' : '.stack';
      this.renderRoot.querySelector<HTMLElement>(target)?.focus();
    });
  }
}

/** Registers the internal view tag once (the loader calls this after importing the chunk). */
export function defineView(): typeof EmbeddedChatView {
  if (!customElements.get('embedded-chat-view'))
    customElements.define('embedded-chat-view', EmbeddedChatView);
  return customElements.get('embedded-chat-view') as typeof EmbeddedChatView;
}
