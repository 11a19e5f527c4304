import type * as Ably from 'ably';
import type { Message } from '@ably/chat';
import * as ErrorCode from '../../session/error-codes.js';
import type { MessagesController, PendingMessage } from '../messages/messages-controller.js';
import { classifySendError, type SendFailure } from './send-errors.js';
import type { AttachmentRef } from '../messages/attachment-refs.js';

/** What became of a send; the failure's `restoreDraft` says resending the same text cannot help (too long, refused…). */
export type SendOutcome = { ok: true } | { ok: false; failure: SendFailure };

/** Ably's default maxMessageSize; the server still has the last word (40009). */
const MAX_TEXT_BYTES = 65_536 - 1024;

/**
 * Sending: each message shows as pending in the conversation until the server confirms it; a refusal resending
 * cannot fix gives the text back, anything else stays on the bubble with Retry. Sends go out one at a time:
 * concurrent REST requests can reach the server in either order, and a person expects what they typed first to
 * come first. Also edits and deletes.
 */
export class Outbox {
  private _queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly _messages: MessagesController) {}

  /** Sends `text` with the files already stored (their ids go in the message's metadata, never URLs). */
  send(text: string, attachments?: AttachmentRef[]): Promise<SendOutcome> {
    if (new TextEncoder().encode(text).length > MAX_TEXT_BYTES) {
      return Promise.resolve({ ok: false, failure: classifySendError({ code: ErrorCode.MessageTooLarge }) });
    }
    return this._enqueue(this._messages.addPending(text, attachments));
  }

  /** Sends a failed message again. */
  async retry(localId: string): Promise<SendOutcome | undefined> {
    const pending = this._messages.pending.find((p) => p.localId === localId);
    if (!pending || pending.state !== 'failed') return undefined;
    this._messages.updatePending(pending, { state: 'sending' });
    return this._enqueue(pending);
  }

  discard(localId: string): void {
    this._messages.removePending(localId);
  }

  async edit(message: Message, text: string): Promise<void> {
    const updated = await this._room().messages.update(message.serial, {
      text,
      metadata: message.metadata,
      headers: message.headers,
    });
    this._messages.upsert(updated);
  }

  async remove(message: Message): Promise<void> {
    this._messages.upsert(await this._room().messages.delete(message.serial));
  }

  private _room() {
    const room = this._messages.room;
    if (!room)
      throw Object.assign(new Error('unable to change the message; the chat is not open'), { code: 0 });
    return room;
  }

  private _enqueue(pending: PendingMessage): Promise<SendOutcome> {
    const outcome = this._queue.then(() => this._deliver(pending));
    this._queue = outcome;
    return outcome;
  }

  private async _deliver(pending: PendingMessage): Promise<SendOutcome> {
    const messages = this._messages;
    const room = messages.room;
    if (!room) return { ok: false, failure: { kind: 'generic', code: 0, restoreDraft: true } };
    try {
      const files = pending.attachments;
      const message = await room.messages.send(
        files ? { text: pending.text, metadata: { attachments: files as never } } : { text: pending.text },
      );
      if (messages.room !== room) return { ok: true };
      messages.removePending(pending);
      messages.upsert(message);
      return { ok: true };
    } catch (err) {
      const failure = classifySendError(err as Ably.ErrorInfo);
      if (failure.restoreDraft) {
        messages.removePending(pending);
        return { ok: false, failure };
      }
      messages.updatePending(pending, { state: 'failed', failure });
      return { ok: false, failure };
    }
  }
}
