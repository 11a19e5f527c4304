import { html, nothing } from 'lit/html.js';
import type { ReactiveControllerHost } from 'lit';
import { AgentController } from '../features/agent/agent-controller.js';
import type { AgentSignal } from '../features/agent/agent-signal.js';
import { AttachmentsController } from '../features/attachments/attachments-controller.js';
import { ComposerController } from '../features/composer/composer-controller.js';
import { Outbox } from '../features/composer/outbox.js';
import { bannerStyles } from '../features/connection/banner.styles.js';
import { bannerStateFor, renderBanner } from '../features/connection/banner-view.js';
import { MessageWindowController } from '../features/messages/message-window.js';
import type { MessagesController } from '../features/messages/messages-controller.js';
import { RowActionsController } from '../features/messages/row-actions-controller.js';
import { renderDeleteConfirm, renderRowActions } from '../features/messages/row-actions-view.js';
import { rowActionsStyles } from '../features/messages/row-actions.styles.js';
import type { RowDecoration, RowDecorator } from '../features/messages/message-rows.js';
import type { TimelineMessage } from '../features/messages/timeline.js';
import { panelStyles } from '../features/participants/panel.styles.js';
import { ParticipantsController } from '../features/participants/participants-controller.js';
import { renderParticipants } from '../features/participants/participants-view.js';
import { renderPeopleButton, renderPresence } from '../features/participants/people-view.js';
import { peopleStyles } from '../features/participants/people.styles.js';
import { parseUserClaim } from '../features/participants/user-claim.js';
import { renderNotify } from '../features/push/notify-view.js';
import { PushController } from '../features/push/push-controller.js';
import { reactionPickerStyles } from '../features/reactions/reaction-picker.styles.js';
import { renderReactionPicker } from '../features/reactions/reaction-picker.js';
import { ReactionsController } from '../features/reactions/reactions-controller.js';
import { burstStyles } from '../features/reactions/bursts.styles.js';
import { ReadStateController } from '../features/read-state/read-state-controller.js';
import { VisibilityController } from '../features/read-state/visibility-controller.js';
import { TypingController } from '../features/typing/typing-controller.js';
import { typingDotsStyles } from '../features/typing/typing-dots.styles.js';
import type { Locale } from '../i18n/locale.js';
import { mayDelete } from '../session/permissions.js';
import type { SessionController } from '../session/session-controller.js';
import type { ChatSettings } from './chat-settings.js';

/** What the first conversation hands the rest of the chat. */
export interface ChatCore {
  host: ReactiveControllerHost & HTMLElement;
  session: SessionController;
  messages: MessagesController;
  agentSignal: AgentSignal;
  locale: () => Locale;
  settings: () => ChatSettings;
  root: () => ShadowRoot;
  /** The composer's draft typed before this chunk arrived. */
  draft: string;
  focusInput: () => void;
}

/**
 * Everything the chat does beyond showing the first conversation, loaded right after it is painted (or at the
 * first hover, focus or key that needs it) — so a page downloads only what the first conversation needs before
 * it shows: who is here and their read markers, unread counts and reading, typing, reactions and the picker,
 * sending, editing and deleting, the list's windowing and keyboard, the connection banner, the participants
 * panel, "notify me", photos and files, and agents' replies. Each feature is a controller of the chat view, added to its session
 * here.
 */
export class ChatExtras implements RowDecorator {
  static readonly styles = [
    peopleStyles,
    bannerStyles,
    typingDotsStyles,
    rowActionsStyles,
    reactionPickerStyles,
    burstStyles,
    panelStyles,
  ];

  readonly participants: ParticipantsController;
  readonly read: ReadStateController;
  readonly typing: TypingController;
  readonly reactions: ReactionsController;
  readonly outbox: Outbox;
  readonly composer: ComposerController;
  readonly window: MessageWindowController;
  readonly rows: RowActionsController;
  readonly push: PushController;
  readonly attachments: AttachmentsController;
  readonly agent: AgentController;
  panelOpen = false;
  private readonly _visibility: VisibilityController;

  constructor(private readonly _core: ChatCore) {
    const { host, session, messages } = _core;
    this.participants = new ParticipantsController(host);
    this.read = new ReadStateController(host, messages, this.participants);
    this.typing = new TypingController(host);
    this.reactions = new ReactionsController(host);
    this.outbox = new Outbox(messages);
    const current = () => (session.state.phase === 'ready' ? session.state.session : undefined);
    this.attachments = new AttachmentsController(host, current, _core.locale, _core.root);
    this.composer = new ComposerController(
      host,
      messages,
      this.outbox,
      this.typing,
      _core.locale,
      _core.focusInput,
      this.attachments.files,
    );
    this.composer.draft = _core.draft;
    this.window = new MessageWindowController(
      host,
      messages,
      () => _core.root().querySelector('.log'),
      _core.root,
      () => void messages.loadOlder(),
    );
    this.rows = new RowActionsController(
      host,
      messages,
      this.outbox,
      this.window,
      this.reactions,
      {
        startEdit: (serial) => {
          const message = messages.bySerial(serial);
          if (message) this.composer.startEdit(message);
        },
        showError: (err) => this.composer.showError(err),
        reconnect: () => session.reconnect(),
        viewFile: (id) => this.attachments.view(id),
      },
      (index) => _core.root().querySelector(`[data-index="${index}"] article`),
    );
    this._visibility = new VisibilityController(host);
    this.push = new PushController(host, () => _core.settings().pushWorker || '/embedded-chat-sw.js');
    this.agent = new AgentController(
      {
        host,
        messages,
        locale: _core.locale,
        nameOf: (id) => this.participants.nameOf(id),
        atBottom: () => this.window.atBottom,
        log: () => _core.root().querySelector('.log'),
        showError: (err) => this.composer.showError(err),
        focusInput: _core.focusInput,
      },
      _core.agentSignal,
      () => session.realtime,
    );
    for (const feature of [
      this.participants,
      this.typing,
      this.reactions,
      this.read,
      this.push,
      this.agent,
    ]) {
      session.addFeature(feature);
    }
    void this.participants.setOwn({ status: _core.settings().status }).catch(() => undefined);
  }

  /** Who is here, under the title. */
  subtitle(locale: Locale) {
    const others = this.participants.presentOthers();
    return renderPresence(locale, others, this._participantCount(others.length));
  }

  /** "Notify me" (when offered) and the participants button. */
  controls(locale: Locale) {
    const others = this.participants.presentOthers();
    return html`${renderNotify(locale, this.push.state, () => void this.push.toggle())}
    ${renderPeopleButton(locale, others, this._participantCount(others.length), this.panelOpen, () =>
      this.togglePanel(),
    )}`;
  }

  /** The connection banner, in flow above the list. */
  banner(locale: Locale) {
    const session = this._core.session;
    return renderBanner(locale, bannerStateFor(session.connection, session.everConnected), () =>
      session.reconnect(),
    );
  }

  /** Room reactions on their way up, and the participants panel when open. */
  overlays(locale: Locale) {
    return html`<div class="bursts" aria-hidden="true">
        ${this.reactions.bursts.map(
          (b) => html`<span class="burst" .style=${`--x:${(b.id * 17) % 36}px`}>${b.name}</span>`,
        )}
      </div>
      ${
        this.panelOpen
          ? renderParticipants(locale, this.participants.participants, () => this.togglePanel())
          : nothing
      }
      ${this.attachments.overlays()} ${this.agent.status()}`;
  }

  /** The row the reader moved to with the keyboard. */
  get activeKey(): string | undefined {
    return this.rows.activeKey;
  }

  nameOf(clientId: string): string | undefined {
    return this.participants.nameOf(clientId);
  }

  /** Changes whenever a participant's name does (view models made with the old ones are dropped). */
  get namesKey(): string {
    return this.participants.participants.map((p) => `${p.clientId}:${p.name}`).join('\u0000');
  }

  /** Names of the others typing now. */
  typers(): string[] {
    return this.typing.typers.map(
      (t) => parseUserClaim(t.userClaim).name ?? this.participants.nameOf(t.clientId) ?? t.clientId,
    );
  }

  /** The row's tab stop, toolbar and picker, delete confirmation and "Seen by" line. */
  decorate(
    message: TimelineMessage,
    activeKey: string | undefined,
    lastOwn: string | undefined,
  ): RowDecoration {
    const locale = this._core.locale();
    const permissions =
      this._core.session.state.phase === 'ready' ? this._core.session.state.session.permissions : undefined;
    const key = message.key;
    const active = key === activeKey;
    const pickerOpen = this.reactions.pickerOpenFor({ message: key });
    const canEdit = message.own && Boolean(permissions?.editOwn);
    const canDelete = permissions !== undefined && mayDelete(permissions, message.own);
    const canReact = Boolean(permissions?.react);
    const showActions =
      message.state === 'sent' &&
      !message.deleted &&
      (active || key === this.rows.hoverKey || pickerOpen) &&
      (canReact || canEdit || canDelete);
    const confirming = this.rows.confirmKey === key;
    const seen = key === lastOwn ? this.participants.seenBy(key) : [];
    const seenBy = seen.length > 0 ? locale.strings.seenBy(locale.list(seen)) : undefined;
    const files = message.attachments.length > 0 ? this.attachments.row(message.attachments) : undefined;
    const { stamp, ...agent } = this.agent.decorate(message);
    return {
      ...agent,
      active,
      ...(files ? { files } : {}),
      ...(showActions
        ? { actions: renderRowActions({ active, pickerOpen, canReact, canEdit, canDelete }, locale) }
        : {}),
      ...(confirming ? { confirm: renderDeleteConfirm(locale) } : {}),
      ...(seenBy ? { seenBy } : {}),
      deps: [
        active,
        showActions,
        pickerOpen,
        confirming,
        seenBy,
        canReact,
        canEdit,
        canDelete,
        message.attachments.length > 0 ? this.attachments.version : 0,
        stamp,
      ],
    };
  }

  /** The room's reaction picker, while open above the composer. */
  roomPicker(locale: Locale) {
    return this.reactions.pickerOpenFor('room')
      ? renderReactionPicker(locale.strings.roomReaction, 'room')
      : undefined;
  }

  /** After each render: what is on screen at the bottom, with the page visible, is read. */
  afterRender(): void {
    const newest = this._core.messages.messages.at(-1);
    if (this.window.atBottom && newest && this._visibility.visible) this.read.markRead(newest.serial);
  }

  togglePanel(): void {
    this.panelOpen = !this.panelOpen;
    const host = this._core.host;
    host.requestUpdate();
    void host.updateComplete.then(() => {
      const target = this.panelOpen ? '.panel .icon-button' : '.stack';
      this._core.root().querySelector<HTMLElement>(target)?.focus();
    });
  }

  private _participantCount(othersHere: number): number {
    return Math.max(this.participants.participants.length, othersHere + 1);
  }
}
