import type * as Ably from 'ably';
import type { Logger } from 'pino';
import { taskIdFromChannel } from '../ably-auth/channel-names.js';
import type { Store } from '../store/store.js';
import { attachmentKeys, type ObjectStorage } from './object-storage.js';
import { attachmentIdsOf } from './message-attachments.js';

/** How the sweep behaves (docs/backend.md §7). */
export interface SweepSettings {
  /** Sweep at most this often, on the next attachments request (default 10 min). */
  intervalMs: number;
  /** A file kept but never listed by a sent message is deleted after this long (default 24 h). */
  unlinkedTtlMs: number;
}

export const DEFAULT_SWEEP: SweepSettings = { intervalMs: 10 * 60_000, unlinkedTtlMs: 24 * 3_600_000 };

const BATCH = 200;

/**
 * Keeps the stored files in step with the conversation (issue #17): the messages Ably's `channel.message`
 * webhook reports link their sender's files (so they are kept) and a deleted message's files are marked
 * removed; the sweep deletes the bytes and records of uploads announced but never completed, files no sent
 * message lists, and removed ones. The sweep runs in the background of an attachments request, at most once
 * per interval, on whichever instance takes it (the Store says what to delete; deleting twice is harmless).
 */
export class AttachmentSweeper {
  private _last = Number.NEGATIVE_INFINITY;
  private _running?: Promise<number>;

  constructor(
    private readonly _store: Store,
    private readonly _storage: ObjectStorage,
    private readonly _settings: SweepSettings,
    private readonly _logger: Logger,
    private readonly _now: () => number,
  ) {}

  /** Links and unlinks files for the messages of one task's channel (a webhook's `channel.message` event). */
  async onChannelMessages(channel: string, messages: readonly Ably.InboundMessage[]): Promise<number> {
    const taskId = taskIdFromChannel(channel);
    if (taskId === undefined) return 0;
    let changed = 0;
    for (const message of messages) {
      const serial = message.serial;
      if (typeof serial !== 'string') continue;
      if (message.action === 'message.delete') {
        changed += await this._store.removeMessageAttachments(taskId, serial, this._now());
        continue;
      }
      if (message.action !== 'message.create' && message.action !== 'message.update') continue;
      const ids = attachmentIdsOf((message.data as { metadata?: unknown } | undefined)?.metadata);
      if (ids.length === 0 || typeof message.clientId !== 'string') continue;
      changed += await this._store.linkAttachments(taskId, message.clientId, ids, serial);
    }
    return changed;
  }

  /** Starts a sweep in the background when the last one is older than the interval. */
  maybeSweep(): void {
    const now = this._now();
    if (this._running || now - this._last < this._settings.intervalMs) return;
    this._last = now;
    this._running = this.sweep()
      .catch((err: unknown) => {
        this._logger.error({ err }, 'unable to sweep attachments');
        return 0;
      })
      .finally(() => {
        this._running = undefined;
      });
  }

  /** Deletes what is no longer needed; how many attachments went. */
  async sweep(): Promise<number> {
    let swept = 0;
    for (;;) {
      const now = this._now();
      const batch = await this._store.listSweepable(now, now - this._settings.unlinkedTtlMs, BATCH);
      if (batch.length === 0) break;
      const keys = batch.flatMap((a) => Object.values(attachmentKeys(a.id)));
      await this._storage.delete(keys);
      await this._store.deleteAttachments(batch.map((a) => a.id));
      swept += batch.length;
      if (batch.length < BATCH) break;
    }
    if (swept > 0) this._logger.info({ swept }, 'attachments swept');
    return swept;
  }

  /** The sweep under way, if any (tests and shutdown wait for it). */
  get running(): Promise<number> | undefined {
    return this._running;
  }
}
