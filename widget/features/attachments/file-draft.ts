import type { ReactiveControllerHost } from 'lit';
import type { AttachmentLimits } from '../../../server/contract/api-contract.js';
import type { Locale } from '../../i18n/locale.js';
import type { FileStrings } from '../../i18n/strings.js';
import type { ChatSession } from '../../session/chat-session.js';
import * as ErrorCode from '../../session/error-codes.js';
import type { AttachmentRef } from '../messages/attachment-refs.js';
import { announceFile, completeFile, uploadBytes } from './upload-client.js';

/** A file in the composer: uploading, stored (its reference ready for the message), or failed with why. */
export interface DraftFile {
  key: number;
  file: File;
  /** A local preview of an image (`blob:`), revoked when the file leaves the draft. */
  preview?: string;
  state: 'uploading' | 'stored' | 'failed';
  /** 0–1 while uploading. */
  progress: number;
  ref?: AttachmentRef;
  /** Why it failed, in the reader's words. */
  error?: string;
  /** A new attempt may succeed (a network failure), unlike a refusal. */
  retryable: boolean;
  abort?: AbortController;
  done?: Promise<void>;
}

/**
 * The files of the message being written (issue #17): each uploads as soon as it is added — announced, sent with
 * progress, completed — and can be cancelled, removed or retried. The message goes when every file is stored;
 * a failure keeps the draft and its files, with the reason on the file. Checks the limits the token answer gave
 * before sending anything (size, count, an obviously refused type).
 */
export class FileDraft {
  files: DraftFile[] = [];
  /** Why files were not added (too many), until the next change. */
  notice?: string;
  private _next = 0;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _session: () => ChatSession | undefined,
    private readonly _locale: () => Locale,
    private readonly _strings: FileStrings,
  ) {}

  get limits(): AttachmentLimits | null {
    const session = this._session();
    return session?.permissions.attach ? (session.answer.attachments ?? null) : null;
  }

  /** Adds files (picked, dropped or pasted) and starts their uploads. */
  add(files: Iterable<File>): void {
    const limits = this.limits;
    if (!limits) return;
    const strings = this._strings.errors;
    this.notice = undefined;
    for (const file of files) {
      if (this.files.length >= limits.maxFiles) {
        this.notice = strings.tooMany(this._locale().number(limits.maxFiles));
        break;
      }
      const draft: DraftFile = { key: ++this._next, file, state: 'uploading', progress: 0, retryable: false };
      if (/^image\/(jpeg|png|gif|webp)$/.test(file.type)) draft.preview = URL.createObjectURL(file);
      this.files = [...this.files, draft];
      const refusal = this._precheck(file, limits);
      if (refusal) Object.assign(draft, { state: 'failed', error: refusal });
      else this._upload(draft);
    }
    this._host.requestUpdate();
  }

  /** Cancels a file's upload, or takes a stored or failed file out of the message. */
  remove(key: number): void {
    const draft = this.files.find((f) => f.key === key);
    if (!draft) return;
    draft.abort?.abort();
    if (draft.preview) URL.revokeObjectURL(draft.preview);
    this.files = this.files.filter((f) => f !== draft);
    this.notice = undefined;
    this._host.requestUpdate();
  }

  retry(key: number): void {
    const draft = this.files.find((f) => f.key === key);
    if (!draft || draft.state !== 'failed' || !draft.retryable) return;
    Object.assign(draft, { state: 'uploading', progress: 0, error: undefined });
    this._upload(draft);
    this._host.requestUpdate();
  }

  /**
   * Waits for the uploads under way; the references of every file when all are stored, else what to tell the
   * writer (a failed file stays in the draft with its reason).
   */
  async settled(): Promise<AttachmentRef[] | string> {
    await Promise.all(this.files.map((f) => f.done));
    if (this.files.some((f) => f.state !== 'stored')) return this._strings.notReady;
    return this.files.map((f) => f.ref!);
  }

  /** The message is on its way: its files leave the draft (see {@link restore} and {@link release}). */
  take(): DraftFile[] {
    const taken = this.files;
    this.files = [];
    this.notice = undefined;
    this._host.requestUpdate();
    return taken;
  }

  /** The message was refused (a file name the task's rules refuse, say): its files come back to the draft. */
  restore(files: DraftFile[]): void {
    this.files = [...files, ...this.files];
    this._host.requestUpdate();
  }

  /** The message went: the taken files' previews are let go. */
  release(files: DraftFile[]): void {
    for (const draft of files) if (draft.preview) URL.revokeObjectURL(draft.preview);
  }

  private _precheck(file: File, limits: AttachmentLimits): string | undefined {
    const errors = this._strings.errors;
    if (file.size > limits.maxBytes)
      return errors.tooLarge(file.name, this._locale().fileSize(limits.maxBytes));
    // The browser's type is a hint; text of any kind may turn out to be plain text.
    const hint = file.type.toLowerCase();
    if (hint && !hint.startsWith('text/') && !limits.types.includes(hint)) return errors.type(file.name);
    if (file.size === 0) return errors.failed(file.name);
    return undefined;
  }

  private _upload(draft: DraftFile): void {
    const abort = new AbortController();
    draft.abort = abort;
    draft.done = this._send(draft, abort.signal)
      .then(
        (ref) => {
          Object.assign(draft, { state: 'stored', ref, progress: 1 });
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          Object.assign(draft, { state: 'failed', ...this._reason(draft.file.name, err) });
        },
      )
      .finally(() => {
        draft.abort = undefined;
        this._host.requestUpdate();
      });
  }

  private async _send(draft: DraftFile, signal: AbortSignal): Promise<AttachmentRef> {
    const session = this._session();
    if (!session) throw new Error('the chat is not open');
    const announced = await announceFile(session, draft.file);
    signal.throwIfAborted();
    await uploadBytes(
      announced.upload,
      draft.file,
      (fraction) => {
        draft.progress = fraction;
        this._host.requestUpdate();
      },
      signal,
    );
    return completeFile(session, announced.complete);
  }

  private _reason(name: string, err: unknown): { error: string; retryable: boolean } {
    const locale = this._locale();
    const strings = this._strings.errors;
    const { code, message } = err as { code?: number; message?: string };
    switch (code) {
      case ErrorCode.AttachmentTooLarge:
        return {
          error: strings.tooLarge(name, locale.fileSize(this.limits?.maxBytes ?? 0)),
          retryable: false,
        };
      case ErrorCode.AttachmentTypeNotAllowed:
        return { error: strings.type(name), retryable: false };
      case ErrorCode.AttachmentRefused: {
        // The backend's reason: "unable to attach file; <reason>".
        const reason = message?.split('; ').slice(1).join('; ') || '';
        return { error: strings.refused(name, reason), retryable: false };
      }
      default:
        return { error: strings.failed(name), retryable: true };
    }
  }
}
