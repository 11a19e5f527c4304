import type pg from 'pg';
import { toAttachment, type AttachmentRow } from './rows.js';
import type { CompletedAttachment, NewAttachment, StoredAttachment } from './store.js';

/** Schema 4 of the PostgreSQL store: attachments, as in sqlite-attachments.ts. */
export const ATTACHMENTS_MIGRATION = `CREATE TABLE attachments (
     id TEXT PRIMARY KEY,
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     size BIGINT NOT NULL,
     state TEXT NOT NULL,
     type TEXT,
     stored_size BIGINT,
     width INTEGER,
     height INTEGER,
     thumbnail BOOLEAN NOT NULL DEFAULT FALSE,
     message_serial TEXT COLLATE "C",
     removed_at BIGINT,
     created_at BIGINT NOT NULL,
     upload_expires_at BIGINT NOT NULL,
     completed_at BIGINT
   );
   CREATE INDEX attachments_by_message ON attachments (task_id, message_serial);`;

/** The PostgreSQL store's attachments (the `Store` methods of the same names). */
export class PostgresAttachments {
  constructor(private readonly _pool: pg.Pool) {}

  async createAttachment(a: NewAttachment): Promise<void> {
    await this._pool.query(
      `INSERT INTO attachments (id, task_id, user_id, name, size, state, created_at, upload_expires_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
      [a.id, a.taskId, a.userId, a.name, a.size, a.createdAt, a.uploadExpiresAt],
    );
  }

  async getAttachment(id: string): Promise<StoredAttachment | undefined> {
    const { rows } = await this._pool.query<AttachmentRow>('SELECT * FROM attachments WHERE id = $1', [id]);
    return rows[0] && toAttachment(rows[0]);
  }

  async listAttachments(taskId: string, ids: readonly string[]): Promise<StoredAttachment[]> {
    if (ids.length === 0) return [];
    const { rows } = await this._pool.query<AttachmentRow>(
      'SELECT * FROM attachments WHERE task_id = $1 AND id = ANY($2::text[])',
      [taskId, ids],
    );
    return rows.map(toAttachment);
  }

  async completeAttachment(
    id: string,
    c: CompletedAttachment,
    now: number,
  ): Promise<StoredAttachment | undefined> {
    const { rows } = await this._pool.query<AttachmentRow>(
      `UPDATE attachments SET state = 'ready', name = $2, type = $3, stored_size = $4, width = $5,
         height = $6, thumbnail = $7, completed_at = $8
       WHERE id = $1 AND state = 'pending' RETURNING *`,
      [id, c.name, c.type, c.storedSize, c.width, c.height, c.thumbnail, now],
    );
    return rows[0] && toAttachment(rows[0]);
  }

  async linkAttachments(
    taskId: string,
    userId: string,
    ids: readonly string[],
    serial: string,
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this._pool.query(
      `UPDATE attachments SET message_serial = $4
       WHERE task_id = $1 AND user_id = $2 AND state = 'ready' AND message_serial IS NULL
         AND id = ANY($3::text[])`,
      [taskId, userId, ids, serial],
    );
    return result.rowCount ?? 0;
  }

  async removeMessageAttachments(taskId: string, serial: string, now: number): Promise<number> {
    const result = await this._pool.query(
      `UPDATE attachments SET removed_at = $3
       WHERE task_id = $1 AND message_serial = $2 AND removed_at IS NULL`,
      [taskId, serial, now],
    );
    return result.rowCount ?? 0;
  }

  async listSweepable(now: number, unlinkedBefore: number, limit: number): Promise<StoredAttachment[]> {
    const { rows } = await this._pool.query<AttachmentRow>(
      `SELECT * FROM attachments
       WHERE (state = 'pending' AND upload_expires_at < $1)
          OR (state = 'ready' AND message_serial IS NULL AND completed_at < $2)
          OR removed_at IS NOT NULL
       LIMIT $3`,
      [now, unlinkedBefore, limit],
    );
    return rows.map(toAttachment);
  }

  async deleteAttachments(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this._pool.query('DELETE FROM attachments WHERE id = ANY($1::text[])', [ids]);
  }
}
