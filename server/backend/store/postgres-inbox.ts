import type pg from 'pg';
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

/**
 * The inbox index (docs/architecture.md §6): each task's activity and folded title, each participant's unread
 * count, every message Ably's webhook reported (a deleted one as a tombstone) and each user's inbox version.
 * Titles stored before it are folded in SQL (NFD, combining diacritics dropped, lower case), as `foldTitle`
 * does for the common scripts; the next upsert of a task stores `foldTitle`'s own. Never edit once released.
 */
export const INBOX_MIGRATION = `ALTER TABLE tasks ADD COLUMN activity_at BIGINT;
   ALTER TABLE tasks ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
   UPDATE tasks SET title_key = lower(regexp_replace(normalize(title, NFD), '[\u0300-\u036f]', '', 'g'));
   ALTER TABLE participants ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX participants_inbox ON participants (user_id, removed_at, unread);
   CREATE TABLE inbox_messages (
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     serial TEXT COLLATE "C" NOT NULL,
     version_serial TEXT COLLATE "C" NOT NULL,
     author_id TEXT,
     author_name TEXT NOT NULL,
     author_role TEXT,
     preview TEXT NOT NULL,
     attachments INTEGER NOT NULL,
     at BIGINT NOT NULL,
     indexed_at BIGINT,
     deleted BOOLEAN NOT NULL,
     PRIMARY KEY (task_id, serial)
   );
   CREATE INDEX inbox_messages_by_arrival ON inbox_messages (task_id, indexed_at);
   CREATE TABLE inbox_users (
     user_id TEXT PRIMARY KEY,
     version BIGINT NOT NULL
   );
   INSERT INTO inbox_users (user_id, version) SELECT DISTINCT user_id, 0 FROM participants;`;

/** Unread changes by `delta` for the current participants but the sender whose marker is before the message. */
const COUNT_FOR_OTHERS = `UPDATE participants SET unread = unread + delta
      WHERE task_id = p_task AND removed_at IS NULL AND (m."authorId" IS NULL OR user_id <> m."authorId")
        AND NOT EXISTS (SELECT 1 FROM read_markers r
          WHERE r.task_id = participants.task_id AND r.user_id = participants.user_id AND r.serial >= m.serial)`;

/**
 * Indexing a webhook's messages in one round trip (a message used to cost ten): `embedded_chat_index_messages(task,
 * messages, now)` takes the messages as JSON (`InboxMessage`s), does what `SqliteInbox.indexMessages` does, under
 * the locks {@link PostgresInbox} describes, and returns whether the task's inbox changed (false for an unknown
 * task). Never edit once released: a change is a new migration that replaces the function.
 */
export const INBOX_INDEX_MIGRATION = `CREATE FUNCTION embedded_chat_index_messages(p_task TEXT, p_messages JSONB,
    p_now BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql AS $fn$
  DECLARE
    users TEXT[];
    changed BOOLEAN := FALSE;
    delta INTEGER;
    n INTEGER;
    m RECORD;
  BEGIN
    PERFORM 1 FROM tasks WHERE id = p_task FOR NO KEY UPDATE;
    IF NOT FOUND THEN RETURN FALSE; END IF;
    SELECT COALESCE(array_agg(user_id), '{}') INTO users FROM participants
      WHERE task_id = p_task AND removed_at IS NULL;
    INSERT INTO inbox_users (user_id, version) SELECT u, 0 FROM unnest(users) AS u ORDER BY u COLLATE "C"
      ON CONFLICT (user_id) DO NOTHING;
    PERFORM 1 FROM inbox_users WHERE user_id = ANY(users) ORDER BY user_id COLLATE "C" FOR UPDATE;
    FOR m IN SELECT * FROM jsonb_to_recordset(p_messages) AS x(kind TEXT, serial TEXT, "versionSerial" TEXT,
        "authorId" TEXT, "authorName" TEXT, "authorRole" TEXT, preview TEXT, attachments INTEGER, at BIGINT) LOOP
      INSERT INTO inbox_messages (task_id, serial, version_serial, author_id, author_name, author_role, preview,
          attachments, at, indexed_at, deleted)
        VALUES (p_task, m.serial, m."versionSerial", m."authorId", m."authorName", m."authorRole", m.preview,
          m.attachments, m.at, CASE WHEN m.kind = 'delete' THEN NULL ELSE p_now END, m.kind = 'delete')
        ON CONFLICT (task_id, serial) DO NOTHING;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF m.kind = 'delete' THEN
        -- Inserted: a tombstone of a message never counted.
        CONTINUE WHEN n > 0;
        UPDATE inbox_messages SET deleted = TRUE, version_serial = GREATEST(version_serial, m."versionSerial")
          WHERE task_id = p_task AND serial = m.serial AND NOT deleted;
        GET DIAGNOSTICS n = ROW_COUNT;
        CONTINUE WHEN n = 0;
        delta := -1;
        ${COUNT_FOR_OTHERS};
        changed := TRUE;
      ELSIF n > 0 THEN
        delta := 1;
        ${COUNT_FOR_OTHERS};
        UPDATE tasks SET activity_at = GREATEST(COALESCE(activity_at, created_at), p_now) WHERE id = p_task;
        changed := TRUE;
      ELSIF m.kind <> 'create' THEN
        UPDATE inbox_messages SET version_serial = m."versionSerial", preview = m.preview,
            attachments = m.attachments
          WHERE task_id = p_task AND serial = m.serial AND NOT deleted AND version_serial < m."versionSerial";
        GET DIAGNOSTICS n = ROW_COUNT;
        changed := changed OR n > 0;
      END IF;
    END LOOP;
    IF changed THEN
      UPDATE inbox_users SET version = version + 1 WHERE user_id = ANY(users);
    END IF;
    RETURN changed;
  END $fn$;`;

const RECOUNT = `UPDATE participants SET unread = (
    SELECT COUNT(*) FROM inbox_messages m
    WHERE m.task_id = participants.task_id AND NOT m.deleted
      AND (m.author_id IS NULL OR m.author_id <> participants.user_id)
      AND m.serial > COALESCE((SELECT r.serial FROM read_markers r
        WHERE r.task_id = participants.task_id AND r.user_id = participants.user_id), ''))
  WHERE task_id = $1 AND user_id = $2`;

const TOTALS = `SELECT (SELECT COALESCE(SUM(unread), 0) FROM participants WHERE user_id = $1 AND removed_at IS NULL)
    AS total, COALESCE((SELECT version FROM inbox_users WHERE user_id = $1), 0) AS version`;

/** A task's activity as of the pagination's start ($2): what a page ranks by (see `InboxQuery.asOf`). */
const RANK = `CASE WHEN COALESCE(t.activity_at, t.created_at) <= $2 THEN COALESCE(t.activity_at, t.created_at)
  ELSE GREATEST(t.created_at, (SELECT MAX(m.indexed_at) FROM inbox_messages m
    WHERE m.task_id = t.id AND m.indexed_at <= $2)) END`;

/**
 * The inbox part of `PostgresStore`. Every write locks the task's row first, then the users' rows in one order
 * (their ids, byte order), so writes on a task are serialised across instances, a user's unread and version move
 * under their own lock, and two writes never wait on each other in a circle.
 */
export class PostgresInbox {
  constructor(private readonly _pool: pg.Pool) {}

  async indexMessages(taskId: string, messages: readonly InboxMessage[], now: number): Promise<boolean> {
    const { rows } = await this._pool.query<{ changed: boolean }>({
      name: 'inbox-index',
      text: 'SELECT embedded_chat_index_messages($1, $2::jsonb, $3) AS changed',
      values: [taskId, JSON.stringify(messages), now],
    });
    return rows[0]!.changed;
  }

  recountUnread(taskId: string, userId: string): Promise<void> {
    return this._transaction(async (client) => {
      await client.query('SELECT 1 FROM tasks WHERE id = $1 FOR NO KEY UPDATE', [taskId]);
      await lockUsers(client, [userId]);
      await client.query(RECOUNT, [taskId, userId]);
      await client.query('UPDATE inbox_users SET version = version + 1 WHERE user_id = $1', [userId]);
    });
  }

  touchInbox(taskId: string, userIds?: readonly string[]): Promise<void> {
    return this._transaction(async (client) => {
      let users = userIds ? [...new Set(userIds)] : undefined;
      if (users === undefined) {
        const { rows } = await client.query<{ user_id: string }>(
          'SELECT user_id FROM participants WHERE task_id = $1 AND removed_at IS NULL',
          [taskId],
        );
        users = rows.map((r) => r.user_id);
      }
      if (users.length === 0) return;
      await lockUsers(client, users);
      await client.query('UPDATE inbox_users SET version = version + 1 WHERE user_id = ANY($1::text[])', [
        users,
      ]);
    });
  }

  async listInbox(query: InboxQuery): Promise<InboxPage> {
    const values: unknown[] = [query.userId, query.asOf, query.limit + 1];
    const param = (value: unknown) => `$${values.push(value)}`;
    const filters = [
      query.unread ? 'AND p.unread > 0' : '',
      query.state === 'open' ? 'AND t.closed_at IS NULL' : '',
      query.state === 'closed' ? 'AND t.closed_at IS NOT NULL' : '',
      query.q ? `AND strpos(t.title_key, ${param(query.q)}) > 0` : '',
    ].join(' ');
    let after = '';
    if (query.after) {
      const rank = param(query.after.rank);
      const task = param(query.after.task);
      after = `WHERE rank < ${rank} OR (rank = ${rank} AND task_id COLLATE "C" > ${task})`;
    }
    // One statement: the rows and the totals come from one snapshot.
    const { rows } = await this._pool.query<Partial<InboxRow> & { rank: number | null } & TotalsRow>(
      `WITH head AS (${TOTALS}),
       page AS (
         SELECT task_id, rank FROM (
           SELECT p.task_id, ${RANK} AS rank FROM participants p JOIN tasks t ON t.id = p.task_id
           WHERE p.user_id = $1 AND p.removed_at IS NULL ${filters}
         ) ranked ${after} ORDER BY rank DESC, task_id COLLATE "C" LIMIT $3
       ),
       rows AS (
         SELECT ${INBOX_ROW_COLUMNS}, k.rank FROM page k
         JOIN participants p ON p.task_id = k.task_id AND p.user_id = $1
         JOIN tasks t ON t.id = k.task_id
         ${LAST_MESSAGE_JOIN}
       )
       SELECT head.total, head.version, rows.* FROM head LEFT JOIN rows ON TRUE
       ORDER BY rows.rank DESC, rows.task_id COLLATE "C"`,
      values,
    );
    const { total, version } = rows[0]!;
    const found = rows.filter((row) => row.task_id !== null && row.task_id !== undefined) as (InboxRow & {
      rank: number;
    })[];
    return {
      rows: found.slice(0, query.limit).map((row) => toRankedInboxTask(row, version)),
      more: found.length > query.limit,
      totalUnread: total,
      version,
    };
  }

  /**
   * Each current participant's row of the task: the task and its newest message once, and each one's role, unread
   * and totals — one statement (one snapshot), its rows aggregated as JSON.
   */
  async inboxEntries(taskId: string, userIds?: readonly string[]): Promise<InboxEntry[]> {
    const only = userIds === undefined ? '' : 'AND p.user_id = ANY($2::text[])';
    const { rows } = await this._pool.query<{ task: TaskRow | null; entries: EntryRow[] | null }>({
      name: userIds === undefined ? 'inbox-entries' : 'inbox-entries-of',
      text: `SELECT (SELECT row_to_json(x) FROM (SELECT ${TASK_ROW_COLUMNS} FROM tasks t ${LAST_MESSAGE_JOIN}
           WHERE t.id = $1) x) AS task,
         (SELECT json_agg(e ORDER BY e.user_id COLLATE "C") FROM (${entryRows('$1')} ${only}) e) AS entries`,
      values: userIds === undefined ? [taskId] : [taskId, [...userIds]],
    });
    const { task, entries } = rows[0]!;
    return task && entries ? toInboxEntries(task, entries) : [];
  }

  async inboxTotals(userId: string): Promise<InboxTotals> {
    const { rows } = await this._pool.query<TotalsRow>(TOTALS, [userId]);
    return { totalUnread: rows[0]!.total, version: rows[0]!.version };
  }

  private async _transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this._pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** Creates the users' version rows when missing and locks them, in byte order of their ids. */
async function lockUsers(client: pg.PoolClient, users: readonly string[]): Promise<void> {
  if (users.length === 0) return;
  await client.query(
    `INSERT INTO inbox_users (user_id, version)
       SELECT u, 0 FROM unnest($1::text[]) AS u ORDER BY u COLLATE "C"
     ON CONFLICT (user_id) DO NOTHING`,
    [users],
  );
  await client.query(
    'SELECT 1 FROM inbox_users WHERE user_id = ANY($1::text[]) ORDER BY user_id COLLATE "C" FOR UPDATE',
    [users],
  );
}

interface TotalsRow {
  total: number;
  version: number;
}
