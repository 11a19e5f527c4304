import type Database from 'better-sqlite3';
import { toAttachment, type AttachmentRow } from './rows.js';
import type { CompletedAttachment, NewAttachment, StoredAttachment } from './store.js';

/**
 * Schema 4 of the SQLite store: attachments (docs/backend.md §7) — announced (`pending`), stored (`ready`), linked
 * to the chat message that carries them (`message_serial`) and removed with it (`removed_at`) until the sweep
 * deletes their bytes and rows.
 */
export const ATTACHMENTS_MIGRATION = `CREATE TABLE attachments (
     id TEXT PRIMARY KEY,
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     size INTEGER NOT NULL,
     state TEXT NOT NULL,
     type TEXT,
     stored_size INTEGER,
     width INTEGER,
     height INTEGER,
     thumbnail INTEGER NOT NULL DEFAULT 0,
     message_serial TEXT,
     removed_at INTEGER,
     created_at INTEGER NOT NULL,
     upload_expires_at INTEGER NOT NULL,
     completed_at INTEGER
   );
   CREATE INDEX attachments_by_message ON attachments (task_id, message_serial);`;

/** The SQLite store's attachments (the `Store` methods of the same names). */
export class SqliteAttachments {
  constructor(private readonly _stmt: (sql: string) => Database.Statement) {}

  async createAttachment(a: NewAttachment): Promise<void> {
    this._stmt(
      `INSERT INTO attachments (id, task_id, user_id, name, size, state, created_at, upload_expires_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ).run(a.id, a.taskId, a.userId, a.name, a.size, a.createdAt, a.uploadExpiresAt);
  }

  async getAttachment(id: string): Promise<StoredAttachment | undefined> {
    const row = this._stmt('SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
    return row && toAttachment(row);
  }

  async listAttachments(taskId: string, ids: readonly string[]): Promise<StoredAttachment[]> {
    if (ids.length === 0) return [];
    const rows = this._stmt(
      'SELECT * FROM attachments WHERE task_id = ? AND id IN (SELECT value FROM json_each(?))',
    ).all(taskId, JSON.stringify(ids)) as AttachmentRow[];
    return rows.map(toAttachment);
  }

  async completeAttachment(
    id: string,
    c: CompletedAttachment,
    now: number,
  ): Promise<StoredAttachment | undefined> {
    const row = this._stmt(
      `UPDATE attachments SET state = 'ready', name = ?, type = ?, stored_size = ?, width = ?, height = ?,
         thumbnail = ?, completed_at = ?
       WHERE id = ? AND state = 'pending' RETURNING *`,
    ).get(c.name, c.type, c.storedSize, c.width, c.height, c.thumbnail ? 1 : 0, now, id) as
      AttachmentRow | undefined;
    return row && toAttachment(row);
  }

  async linkAttachments(
    taskId: string,
    userId: string,
    ids: readonly string[],
    serial: string,
  ): Promise<number> {
    if (ids.length === 0) return 0;
    return this._stmt(
      `UPDATE attachments SET message_serial = ?
       WHERE task_id = ? AND user_id = ? AND state = 'ready' AND message_serial IS NULL
         AND id IN (SELECT value FROM json_each(?))`,
    ).run(serial, taskId, userId, JSON.stringify(ids)).changes;
  }

  async removeMessageAttachments(taskId: string, serial: string, now: number): Promise<number> {
    return this._stmt(
      `UPDATE attachments SET removed_at = ?
       WHERE task_id = ? AND message_serial = ? AND removed_at IS NULL`,
    ).run(now, taskId, serial).changes;
  }

  async listSweepable(now: number, unlinkedBefore: number, limit: number): Promise<StoredAttachment[]> {
    const rows = this._stmt(
      `SELECT * FROM attachments
       WHERE (state = 'pending' AND upload_expires_at < ?)
          OR (state = 'ready' AND message_serial IS NULL AND completed_at < ?)
          OR removed_at IS NOT NULL
       LIMIT ?`,
    ).all(now, unlinkedBefore, limit) as AttachmentRow[];
    return rows.map(toAttachment);
  }

  async deleteAttachments(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this._stmt('DELETE FROM attachments WHERE id IN (SELECT value FROM json_each(?))').run(
      JSON.stringify(ids),
    );
  }
}
