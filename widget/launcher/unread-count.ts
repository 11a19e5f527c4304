import type { InboxAnswer, InboxUpdate } from '../../server/contract/api-contract.js';

/**
 * The launcher's badge: the unread count of one task (`task`) or of the user's whole inbox, kept from the inbox
 * route's answer and the inbox channel's updates by their version — the newest wins, whatever order they come in
 * (docs/http-api.md §13). Pure.
 */
export class UnreadCount {
  /** The count, once known. */
  count?: number;
  private _version = -1;

  constructor(private readonly _task?: string) {}

  /** `POST /inbox`'s answer (with `task` when counting one task); whether the count changed. */
  page(answer: InboxAnswer): boolean {
    if (this._task === undefined) return this._take(answer.totalUnread, answer.version);
    const row = answer.tasks.find((t) => t.task === this._task);
    return this._take(row?.unread ?? 0, row?.version ?? answer.version);
  }

  /** A live update; whether the count changed. */
  update(update: InboxUpdate): boolean {
    if (this._task === undefined) return this._take(update.totalUnread, update.version);
    if (update.type === 'removed') {
      return update.task === this._task ? this._take(0, update.version) : false;
    }
    return update.task.task === this._task ? this._take(update.task.unread, update.task.version) : false;
  }

  private _take(count: number, version: number): boolean {
    if (version <= this._version) return false;
    this._version = version;
    const changed = count !== this.count;
    this.count = count;
    return changed;
  }
}
