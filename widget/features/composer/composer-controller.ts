import type { Message } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EmbeddedChatErrorEvent } from '../../events/error-event.js';
import type { Locale } from '../../i18n/locale.js';
import type { ComposerNotice } from './composer-notice.js';
import { classifySendError, failureText, type SendErrorLike, type SendFailure } from './send-errors.js';
import type { MessagesController } from '../messages/messages-controller.js';
import type { Outbox } from './outbox.js';
import type { TypingController } from '../typing/typing-controller.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The composer's state: the draft (kept through every error), editing a message (Up in an empty composer
 * edits the latest own one, Escape cancels), and the one-line notice. Typing keystrokes go to the SDK.
 */
export class ComposerController implements ReactiveController {
  draft = '';
  notice: ComposerNotice;
  private _editing?: Message;
  private _savedDraft = '';

  constructor(
    private readonly _host: Host,
    private readonly _messages: MessagesController,
    private readonly _outbox: Outbox,
    private readonly _typing: TypingController,
    private readonly _locale: () => Locale,
    private readonly _focusInput: () => void,
  ) {
    _host.addController(this);
  }

  hostDisconnected(): void {
    this._editing = undefined;
    if (this.notice?.kind === 'editing') this.notice = undefined;
  }

  input(value: string): void {
    this.draft = value;
    if (this.notice?.kind === 'error') this.notice = undefined;
    if (!this._editing) {
      if (value.trim()) this._typing.keystroke();
      else this._typing.stopTyping();
    }
    this._host.requestUpdate();
  }

  keyDown(event: KeyboardEvent): void {
    if (event.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      void this.submit();
    } else if (event.key === 'ArrowUp' && this.draft === '' && !this._editing) {
      const last = this._messages.lastOwn();
      if (last) {
        event.preventDefault();
        this.startEdit(last);
      }
    } else if (event.key === 'Escape' && this._editing) {
      event.preventDefault();
      this.cancelEdit();
    }
  }

  startEdit(message: Message): void {
    if (!this._editing) this._savedDraft = this.draft;
    this._editing = message;
    this.draft = message.text;
    this.notice = { kind: 'editing' };
    this._host.requestUpdate();
    this._focusInput();
  }

  cancelEdit(): void {
    this._editing = undefined;
    this.draft = this._savedDraft;
    this._savedDraft = '';
    this.notice = undefined;
    this._host.requestUpdate();
    this._focusInput();
  }

  dismissNotice(): void {
    if (this.notice?.kind === 'error') this.notice = undefined;
    this._host.requestUpdate();
  }

  async submit(): Promise<void> {
    const text = this.draft.trim();
    if (!text) return;
    if (this._editing) return this._saveEdit(this._editing, text);
    this.draft = '';
    this.notice = undefined;
    this._typing.stopTyping();
    this._host.requestUpdate();
    const outcome = await this._outbox.send(text);
    if (outcome.ok) return;
    if (outcome.failure.restoreDraft) {
      // Give the words back unless the person has started another message meanwhile.
      if (this.draft === '') this.draft = text;
      this.showFailure(outcome.failure);
    }
  }

  /** {@link showFailure} for an error the SDK threw (a refused reaction, delete or edit). */
  showError(err: unknown): void {
    this.showFailure(classifySendError(err as SendErrorLike));
  }

  /** Explains a refused send, edit or delete above the composer (and tells the host page). */
  showFailure(failure: SendFailure): void {
    this.notice = { kind: 'error', text: failureText(this._locale().strings.errors, failure) };
    this._host.requestUpdate();
    this._host.dispatchEvent(
      new EmbeddedChatErrorEvent({ code: failure.code, message: `unable to send message; ${failure.kind}` }),
    );
  }

  private async _saveEdit(message: Message, text: string): Promise<void> {
    this._editing = undefined;
    this.notice = undefined;
    this.draft = this._savedDraft;
    this._savedDraft = '';
    this._host.requestUpdate();
    if (text === message.text) return;
    try {
      await this._outbox.edit(message, text);
    } catch (err) {
      this._editing = message;
      this.draft = text;
      this.showError(err);
    }
  }
}
