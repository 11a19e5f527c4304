import type { InboxTask, InboxUpdate } from '../../server/contract/api-contract.js';

/**
 * The inbox's rows as the element keeps them: one per task, each the newest version heard of (pages and live
 * updates may arrive in any order; the backend's inbox version orders them), shown by last activity.
 */
export class InboxList {
  private readonly _rows = new Map<string, InboxTask>();
  /** Tasks the user left (or renamed out of the search), by the version that said so: an older page must not bring them back. */
  private readonly _removed = new Map<string, number>();
  /** The version `total` was taken at. */
  private _totalVersion = -1;
  private _sorted?: InboxTask[];
  total = 0;
  /**
   * The title search the pages were read with: a live update of a task whose title does not match adds no row
   * (and takes away one renamed out of it). Undefined: every task.
   */
  matches?: (title: string) => boolean;
  /** Rows below this activity are not loaded yet (pages follow); undefined once every page is read. */
  oldestLoaded?: number = Infinity;

  get rows(): InboxTask[] {
    return (this._sorted ??= [...this._rows.values()].sort(byActivity));
  }

  clear(): void {
    this._rows.clear();
    this._removed.clear();
    this._sorted = undefined;
    this._totalVersion = -1;
    this.oldestLoaded = Infinity;
  }

  /** A page from `POST /inbox`: its rows (unless a newer version is known) and totals. */
  addPage(tasks: readonly InboxTask[], totalUnread: number, version: number, last: boolean): void {
    for (const task of tasks) this._put(task);
    this._total(totalUnread, version);
    const oldest = tasks.at(-1)?.activity;
    this.oldestLoaded = last ? undefined : Math.min(this.oldestLoaded ?? Infinity, oldest ?? Infinity);
  }

  /** A live update; whether it changed what the inbox shows. */
  apply(update: InboxUpdate): boolean {
    const changedTotal = this._total(update.totalUnread, update.version);
    if (update.type === 'removed') return this._drop(update.task, update.version) || changedTotal;
    const row = update.task;
    if (this.matches && !this.matches(row.title)) return this._drop(row.task, row.version) || changedTotal;
    // A task further down than the pages read so far comes with its page.
    if (!this._rows.has(row.task) && this.oldestLoaded !== undefined && row.activity < this.oldestLoaded) {
      return changedTotal;
    }
    return this._put(row) || changedTotal;
  }

  /** The task leaves the list as of `version` (an older page or update must not bring it back). */
  private _drop(task: string, version: number): boolean {
    this._removed.set(task, Math.max(version, this._removed.get(task) ?? -1));
    const known = this._rows.get(task);
    if (!known || known.version >= version) return false;
    this._rows.delete(task);
    this._sorted = undefined;
    return true;
  }

  private _put(row: InboxTask): boolean {
    const known = this._rows.get(row.task);
    if (known && known.version >= row.version) return false;
    if ((this._removed.get(row.task) ?? -1) >= row.version) return false;
    this._rows.set(row.task, row);
    this._sorted = undefined;
    return true;
  }

  private _total(total: number, version: number): boolean {
    if (version <= this._totalVersion) return false;
    this._totalVersion = version;
    const changed = total !== this.total;
    this.total = total;
    return changed;
  }
}

function byActivity(a: InboxTask, b: InboxTask): number {
  return b.activity - a.activity || (a.task < b.task ? -1 : a.task > b.task ? 1 : 0);
}
