import type { Message } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EmbeddedChatErrorEvent } from '../../events/error-event.js';
import type { Locale } from '../../i18n/locale.js';
import type { ComposerNotice } from './composer-notice.js';
import { classifySendError, failureText, type SendErrorLike, type SendFailure } from './send-errors.js';
import type { MessagesController } from '../messages/messages-controller.js';
import type { Outbox } from './outbox.js';
import type { TypingController } from '../typing/typing-controller.js';
import type { AttachmentRef } from '../messages/attachment-refs.js';

/** The files of the message being written, as the composer sees them. */
export interface DraftFiles<F = unknown> {
  readonly files: readonly F[];
  /** Waits for uploads; every file's reference, or what to tell the writer when one failed (it stays). */
  settled(): Promise<AttachmentRef[] | string>;
  /** Takes the files out of the draft as the message goes; `restore` puts them back, `release` lets them go. */
  take(): F[];
  restore(files: F[]): void;
  release(files: F[]): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The composer's state: the draft (kept through every error), editing a message (Up in an empty composer
 * edits the latest own one, Escape cancels), and the one-line notice. Typing keystrokes go to the SDK.
 */
export class ComposerController implements ReactiveController {
  draft = '';
  notice: ComposerNotice;
  private _editing?: Message;
  /** Send was pressed and waits for uploads. */
  private _waiting = false;
  private _savedDraft = '';

  constructor(
    private readonly _host: Host,
    private readonly _messages: MessagesController,
    private readonly _outbox: Outbox,
    private readonly _typing: TypingController,
    private readonly _locale: () => Locale,
    private readonly _focusInput: () => void,
    private readonly _files?: DraftFiles,
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
    const withFiles = !this._editing && (this._files?.files.length ?? 0) > 0;
    if (!text && !withFiles) return;
    if (this._editing) return this._saveEdit(this._editing, text);
    if (this._waiting) return;
    let attachments: AttachmentRef[] | undefined;
    if (withFiles) {
      // The message goes once every file is stored; a failed one keeps the draft, its files and their reasons.
      this._waiting = true;
      let settled: AttachmentRef[] | string;
      try {
        settled = await this._files!.settled();
      } finally {
        this._waiting = false;
      }
      if (typeof settled === 'string') {
        this.notice = { kind: 'error', text: settled };
        this._host.requestUpdate();
        return;
      }
      if (settled.length === 0 && !this.draft.trim()) return;
      attachments = settled;
    }
    const words = this.draft.trim();
    this.draft = '';
    this.notice = undefined;
    const taken = this._files?.take() ?? [];
    this._typing.stopTyping();
    this._host.requestUpdate();
    const outcome = await this._outbox.send(words, attachments);
    if (outcome.ok || !outcome.failure.restoreDraft) {
      this._files?.release(taken);
      return;
    }
    // Give the words and files back unless the person has started another message meanwhile.
    if (this.draft === '' && this._files?.files.length === 0) this._files.restore(taken);
    else this._files?.release(taken);
    if (this.draft === '') this.draft = words;
    this.showFailure(outcome.failure);
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
