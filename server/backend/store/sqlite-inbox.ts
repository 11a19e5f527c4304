import type Database from 'better-sqlite3';
import {
  INBOX_ROW_COLUMNS,
  LAST_MESSAGE_JOIN,
  TASK_ROW_COLUMNS,
  entryRows,
  toInboxEntries,
  toRankedInboxTask,
  type EntryRow,
  type InboxRow,
  type TaskRow,
} from './inbox-rows.js';
import type { InboxEntry, InboxMessage, InboxPage, InboxQuery, InboxTotals } from './store.js';

/** The SQL function the inbox migration folds existing titles with (registered before migrating). */
export const FOLD_FUNCTION = 'embedded_chat_fold';

/**
 * The inbox index (docs/architecture.md §6): each task's activity and folded title, each participant's unread
 * count, every message Ably's webhook reported (a deleted one as a tombstone) and each user's inbox version.
 * `indexed_at` is when a message's create reached the backend: what moved the task's activity (null for
 * tombstones). Never edit once released.
 */
export const INBOX_MIGRATION = `ALTER TABLE tasks ADD COLUMN activity_at INTEGER;
   ALTER TABLE tasks ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
   UPDATE tasks SET title_key = ${FOLD_FUNCTION}(title);
   ALTER TABLE participants ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX participants_inbox ON participants (user_id, removed_at, unread);
   CREATE TABLE inbox_messages (
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     serial TEXT NOT NULL,
     version_serial TEXT NOT NULL,
     author_id TEXT,
     author_name TEXT NOT NULL,
     author_role TEXT,
     preview TEXT NOT NULL,
     attachments INTEGER NOT NULL,
     at INTEGER NOT NULL,
     indexed_at INTEGER,
     deleted INTEGER NOT NULL,
     PRIMARY KEY (task_id, serial)
   );
   CREATE INDEX inbox_messages_by_arrival ON inbox_messages (task_id, indexed_at);
   CREATE TABLE inbox_users (
     user_id TEXT PRIMARY KEY,
     version INTEGER NOT NULL
   );
   INSERT INTO inbox_users (user_id, version) SELECT DISTINCT user_id, 0 FROM participants;`;

/** Unread changes by `delta` for the current participants but the sender whose marker is before the message. */
const COUNT_FOR_OTHERS = `UPDATE participants SET unread = unread + @delta
  WHERE task_id = @task AND removed_at IS NULL AND (@author IS NULL OR user_id <> @author)
    AND NOT EXISTS (SELECT 1 FROM read_markers r
      WHERE r.task_id = participants.task_id AND r.user_id = participants.user_id AND r.serial >= @serial)`;

const RECOUNT = `UPDATE participants SET unread = (
    SELECT COUNT(*) FROM inbox_messages m
    WHERE m.task_id = participants.task_id AND m.deleted = 0
      AND (m.author_id IS NULL OR m.author_id <> participants.user_id)
      AND m.serial > COALESCE((SELECT r.serial FROM read_markers r
        WHERE r.task_id = participants.task_id AND r.user_id = participants.user_id), ''))
  WHERE task_id = ? AND user_id = ?`;

const TOUCH_TASK = `INSERT INTO inbox_users (user_id, version)
  SELECT user_id, 1 FROM participants WHERE task_id = ? AND removed_at IS NULL
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1`;

const TOUCH_USERS = `INSERT INTO inbox_users (user_id, version) SELECT value, 1 FROM json_each(?) WHERE true
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1`;

const TOTALS = `SELECT (SELECT COALESCE(SUM(unread), 0) FROM participants WHERE user_id = @user AND removed_at IS NULL)
    AS total, COALESCE((SELECT version FROM inbox_users WHERE user_id = @user), 0) AS version`;

/** A task's activity as of the pagination's start: what a page ranks by (see `InboxQuery.asOf`). */
const RANK = `CASE WHEN COALESCE(t.activity_at, t.created_at) <= @asOf THEN COALESCE(t.activity_at, t.created_at)
  ELSE MAX(t.created_at, COALESCE((SELECT MAX(m.indexed_at) FROM inbox_messages m
    WHERE m.task_id = t.id AND m.indexed_at <= @asOf), t.created_at)) END`;

/** The inbox part of `SqliteStore`, on its database (each call is atomic: SQLite has one writer). */
export class SqliteInbox {
  constructor(
    private readonly _db: Database.Database,
    private readonly _stmt: (sql: string) => Database.Statement,
  ) {}

  indexMessages(taskId: string, messages: readonly InboxMessage[], now: number): boolean {
    const apply = this._db.transaction(() => {
      if (!this._stmt('SELECT 1 FROM tasks WHERE id = ?').get(taskId)) return false;
      let changed = false;
      for (const message of messages) changed = this._apply(taskId, message, now) || changed;
      if (changed) this._stmt(TOUCH_TASK).run(taskId);
      return changed;
    });
    // IMMEDIATE: another process on the same file waits for the write lock before this reads anything.
    return apply.immediate();
  }

  private _apply(taskId: string, m: InboxMessage, now: number): boolean {
    const counted = { task: taskId, author: m.authorId, serial: m.serial };
    if (m.kind === 'delete') {
      const tombstone = this._insert(taskId, m, null, 1);
      if (tombstone) return false;
      const deleted = this._stmt(
        `UPDATE inbox_messages SET deleted = 1, version_serial = MAX(version_serial, ?)
         WHERE task_id = ? AND serial = ? AND deleted = 0`,
      ).run(m.versionSerial, taskId, m.serial).changes;
      if (deleted === 0) return false;
      this._stmt(COUNT_FOR_OTHERS).run({ ...counted, delta: -1 });
      return true;
    }
    if (this._insert(taskId, m, now, 0)) {
      this._stmt(COUNT_FOR_OTHERS).run({ ...counted, delta: 1 });
      this._stmt('UPDATE tasks SET activity_at = MAX(COALESCE(activity_at, created_at), ?) WHERE id = ?').run(
        now,
        taskId,
      );
      return true;
    }
    if (m.kind === 'create') return false;
    return (
      this._stmt(
        `UPDATE inbox_messages SET version_serial = ?, preview = ?, attachments = ?
         WHERE task_id = ? AND serial = ? AND deleted = 0 AND version_serial < ?`,
      ).run(m.versionSerial, m.preview, m.attachments, taskId, m.serial, m.versionSerial).changes > 0
    );
  }

  /** Inserts the message unless its serial is known; whether it did. */
  private _insert(taskId: string, m: InboxMessage, indexedAt: number | null, deleted: 0 | 1): boolean {
    return (
      this._stmt(
        `INSERT INTO inbox_messages (task_id, serial, version_serial, author_id, author_name, author_role, preview,
           attachments, at, indexed_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (task_id, serial) DO NOTHING`,
      ).run(
        taskId,
        m.serial,
        m.versionSerial,
        m.authorId,
        m.authorName,
        m.authorRole,
        m.preview,
        m.attachments,
        m.at,
        indexedAt,
        deleted,
      ).changes > 0
    );
  }

  recountUnread(taskId: string, userId: string): void {
    this._db
      .transaction(() => {
        this._stmt(RECOUNT).run(taskId, userId);
        this._stmt(TOUCH_USERS).run(JSON.stringify([userId]));
      })
      .immediate();
  }

  touchInbox(taskId: string, userIds?: readonly string[]): void {
    if (userIds === undefined) this._stmt(TOUCH_TASK).run(taskId);
    else if (userIds.length > 0) this._stmt(TOUCH_USERS).run(JSON.stringify([...new Set(userIds)]));
  }

  listInbox(query: InboxQuery): InboxPage {
    const filters = [
      query.unread ? 'AND p.unread > 0' : '',
      query.state === 'open' ? 'AND t.closed_at IS NULL' : '',
      query.state === 'closed' ? 'AND t.closed_at IS NOT NULL' : '',
      query.q ? 'AND instr(t.title_key, @q) > 0' : '',
    ].join(' ');
    const after = query.after ? 'WHERE rank < @rank OR (rank = @rank AND task_id > @after)' : '';
    const sql = `SELECT ${INBOX_ROW_COLUMNS}, k.rank FROM (
        SELECT task_id, rank FROM (
          SELECT p.task_id, ${RANK} AS rank FROM participants p JOIN tasks t ON t.id = p.task_id
          WHERE p.user_id = @user AND p.removed_at IS NULL ${filters}
        ) ${after} ORDER BY rank DESC, task_id LIMIT @limit
      ) k
      JOIN participants p ON p.task_id = k.task_id AND p.user_id = @user
      JOIN tasks t ON t.id = k.task_id
      ${LAST_MESSAGE_JOIN}
      ORDER BY k.rank DESC, k.task_id`;
    const params = {
      user: query.userId,
      asOf: query.asOf,
      limit: query.limit + 1,
      ...(query.q ? { q: query.q } : {}),
      ...(query.after ? { rank: query.after.rank, after: query.after.task } : {}),
    };
    return this._db.transaction(() => {
      const rows = this._stmt(sql).all(params) as (InboxRow & { rank: number })[];
      const { total, version } = this._stmt(TOTALS).get({ user: query.userId }) as TotalsRow;
      return {
        rows: rows.slice(0, query.limit).map((row) => toRankedInboxTask(row, version)),
        more: rows.length > query.limit,
        totalUnread: total,
        version,
      };
    })();
  }

  /**
   * Each current participant's row of the task: the task and its newest message read once, then each one's
   * role, unread and totals (in one snapshot).
   */
  inboxEntries(taskId: string, userIds?: readonly string[]): InboxEntry[] {
    const only = userIds === undefined ? '' : 'AND p.user_id IN (SELECT value FROM json_each(@users))';
    return this._db.transaction(() => {
      const task = this._stmt(
        `SELECT ${TASK_ROW_COLUMNS} FROM tasks t ${LAST_MESSAGE_JOIN} WHERE t.id = ?`,
      ).get(taskId) as TaskRow | undefined;
      if (!task) return [];
      const rows = this._stmt(`${entryRows('@task')} ${only} ORDER BY p.user_id`).all({
        task: taskId,
        ...(userIds === undefined ? {} : { users: JSON.stringify(userIds) }),
      }) as EntryRow[];
      return toInboxEntries(task, rows);
    })();
  }

  inboxTotals(userId: string): InboxTotals {
    const { total, version } = this._stmt(TOTALS).get({ user: userId }) as TotalsRow;
    return { totalUnread: total, version };
  }
}

interface TotalsRow {
  total: number;
  version: number;
}
