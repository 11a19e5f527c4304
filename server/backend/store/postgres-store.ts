import pg from 'pg';
import { ATTACHMENTS_MIGRATION, PostgresAttachments } from './postgres-attachments.js';
import { PostgresPresence, PRESENCE_MIGRATION } from './postgres-presence.js';
import { AGENT_RUNS_MIGRATION, PostgresAgentRuns } from './postgres-agent-runs.js';
import {
  TOKEN_CONTEXT_COLUMNS,
  toParticipant,
  toReadMarker,
  toStoredReadMarker,
  toTask,
  toTokenContext,
  type ParticipantRow,
  type ReadMarkerRow,
  type TaskRow,
  type TokenContextRow,
} from './rows.js';
import { INBOX_INDEX_MIGRATION, INBOX_MIGRATION, PostgresInbox } from './postgres-inbox.js';
import { foldTitle } from './store.js';
import type {
  CompletedAttachment,
  InboxEntry,
  InboxMessage,
  InboxPage,
  InboxQuery,
  InboxTotals,
  NewAttachment,
  Participant,
  ParticipantInput,
  PresenceEvent,
  PresenceMember,
  PresenceSet,
  PushAudience,
  ReadMarker,
  Store,
  StoredAttachment,
  StoredReadMarker,
  Task,
  TaskInput,
  TokenContext,
  Upserted,
} from './store.js';

/**
 * Schema versions, applied in order under an advisory lock so several instances can start at once: 1 tasks,
 * participants and revocations; 2 read markers; 3 push alert throttling; 4 attachments (postgres-attachments.ts);
 * 5 presence (postgres-presence.ts); 6 agent runs (postgres-agent-runs.ts); 7 the inbox and 8 its indexing function
 * (postgres-inbox.ts). Never edit an entry.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     id TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     title TEXT NOT NULL,
     url TEXT,
     closed_at BIGINT,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE participants (
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     role TEXT NOT NULL,
     name TEXT NOT NULL,
     removed_at BIGINT,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     seq BIGSERIAL,
     PRIMARY KEY (task_id, user_id)
   );
   CREATE INDEX participants_by_user ON participants (user_id);
   CREATE TABLE revocations (
     user_id TEXT PRIMARY KEY,
     issued_before BIGINT NOT NULL
   );`,
  // COLLATE "C": byte order, the order of Ably serials, whatever the database's locale.
  `CREATE TABLE read_markers (
     task_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     serial TEXT COLLATE "C" NOT NULL,
     read_at BIGINT NOT NULL,
     PRIMARY KEY (task_id, user_id),
     FOREIGN KEY (task_id, user_id) REFERENCES participants (task_id, user_id) ON DELETE CASCADE
   );`,
  `CREATE TABLE push_alerts (
     task_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     last_sent_at BIGINT NOT NULL,
     PRIMARY KEY (task_id, user_id),
     FOREIGN KEY (task_id, user_id) REFERENCES participants (task_id, user_id) ON DELETE CASCADE
   );`,
  ATTACHMENTS_MIGRATION,
  PRESENCE_MIGRATION,
  AGENT_RUNS_MIGRATION,
  INBOX_MIGRATION,
  INBOX_INDEX_MIGRATION,
];

const TOKEN_CONTEXT_SQL = `SELECT ${TOKEN_CONTEXT_COLUMNS} FROM tasks t
  LEFT JOIN participants p ON p.task_id = t.id AND p.user_id = $2
  LEFT JOIN revocations r ON r.user_id = $2
  WHERE t.id = $1`;

/** Arbitrary constant naming this schema's migration lock. */
const MIGRATION_LOCK = 4_417_021;

// BIGINT (int8) columns hold epoch milliseconds, well inside Number's exact range.
const parseBigint = (value: string): number => Number(value);

/** The multi-instance {@link Store} on PostgreSQL (`DATABASE_URL`). */
export class PostgresStore implements Store {
  private readonly _presence: PostgresPresence;
  private readonly _attachments: PostgresAttachments;
  readonly agentRuns: PostgresAgentRuns;
  private readonly _inbox: PostgresInbox;

  private constructor(private readonly _pool: pg.Pool) {
    this._attachments = new PostgresAttachments(_pool);
    this._presence = new PostgresPresence(_pool);
    this.agentRuns = new PostgresAgentRuns(_pool);
    this._inbox = new PostgresInbox(_pool);
  }

  /** Connects, migrates the schema and returns the store; rejects when the database is unreachable. */
  static async connect(
    connectionString: string,
    options: { maxConnections?: number } = {},
  ): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      types: {
        getTypeParser: (oid, format) => (oid === 20 ? parseBigint : pg.types.getTypeParser(oid, format)),
      },
    });
    const store = new PostgresStore(pool);
    try {
      await store._migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  private async _migrate(): Promise<void> {
    const client = await this._pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS embedded_chat_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM embedded_chat_schema');
      const version = rows[0]?.version ?? 0;
      for (let i = version; i < MIGRATIONS.length; i++) await client.query(MIGRATIONS[i]!);
      if (rows.length === 0)
        await client.query('INSERT INTO embedded_chat_schema VALUES ($1)', [MIGRATIONS.length]);
      else await client.query('UPDATE embedded_chat_schema SET version = $1', [MIGRATIONS.length]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  async upsertTask(input: TaskInput, now: number): Promise<Upserted<Task>> {
    const { rows } = await this._pool.query<TaskRow & { created: boolean }>(
      `INSERT INTO tasks (id, type, title, url, closed_at, created_at, updated_at, title_key)
       VALUES ($1, $2, $3, $4, NULL, $5, $5, $6)
       ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, title = EXCLUDED.title, url = EXCLUDED.url,
         updated_at = EXCLUDED.updated_at, title_key = EXCLUDED.title_key
       RETURNING *, (xmax = 0) AS created`,
      [input.id, input.type, input.title, input.url, now, foldTitle(input.title)],
    );
    const row = rows[0]!;
    return { value: toTask(row), created: row.created };
  }

  async getTask(taskId: string): Promise<Task | undefined> {
    const { rows } = await this._pool.query<TaskRow>('SELECT * FROM tasks WHERE id = $1', [taskId]);
    return rows[0] && toTask(rows[0]);
  }

  async closeTask(taskId: string, now: number): Promise<Task | undefined> {
    const { rows } = await this._pool.query<TaskRow>(
      `UPDATE tasks SET closed_at = COALESCE(closed_at, $2),
         updated_at = CASE WHEN closed_at IS NULL THEN $2 ELSE updated_at END
       WHERE id = $1 RETURNING *`,
      [taskId, now],
    );
    return rows[0] && toTask(rows[0]);
  }

  async upsertParticipant(input: ParticipantInput, now: number): Promise<Upserted<Participant>> {
    const { rows } = await this._pool.query<ParticipantRow & { created: boolean }>(
      `INSERT INTO participants (task_id, user_id, role, name, removed_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, NULL, $5, $5)
       ON CONFLICT (task_id, user_id) DO UPDATE SET role = EXCLUDED.role, name = EXCLUDED.name,
         removed_at = NULL, updated_at = EXCLUDED.updated_at
       RETURNING *, (xmax = 0) AS created`,
      [input.taskId, input.userId, input.role, input.name, now],
    );
    const row = rows[0]!;
    return { value: toParticipant(row), created: row.created };
  }

  async getParticipant(taskId: string, userId: string): Promise<Participant | undefined> {
    const { rows } = await this._pool.query<ParticipantRow>(
      'SELECT * FROM participants WHERE task_id = $1 AND user_id = $2',
      [taskId, userId],
    );
    return rows[0] && toParticipant(rows[0]);
  }

  async getTokenContext(taskId: string, userId: string): Promise<TokenContext> {
    const { rows } = await this._pool.query<TokenContextRow>({
      name: 'token-context',
      text: TOKEN_CONTEXT_SQL,
      values: [taskId, userId],
    });
    return toTokenContext(rows[0]);
  }

  async listParticipants(taskId: string): Promise<Participant[]> {
    const { rows } = await this._pool.query<ParticipantRow>(
      'SELECT * FROM participants WHERE task_id = $1 ORDER BY created_at, seq',
      [taskId],
    );
    return rows.map(toParticipant);
  }

  async removeParticipant(taskId: string, userId: string, now: number): Promise<Participant | undefined> {
    const { rows } = await this._pool.query<ParticipantRow>(
      `UPDATE participants SET removed_at = COALESCE(removed_at, $3),
         updated_at = CASE WHEN removed_at IS NULL THEN $3 ELSE updated_at END
       WHERE task_id = $1 AND user_id = $2 RETURNING *`,
      [taskId, userId, now],
    );
    return rows[0] && toParticipant(rows[0]);
  }

  async recordRevocation(userId: string, issuedBefore: number): Promise<void> {
    await this._pool.query(
      `INSERT INTO revocations (user_id, issued_before) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET issued_before = GREATEST(revocations.issued_before, EXCLUDED.issued_before)`,
      [userId, issuedBefore],
    );
  }

  async getRevocation(userId: string): Promise<number | undefined> {
    const { rows } = await this._pool.query<{ issued_before: number }>(
      'SELECT issued_before FROM revocations WHERE user_id = $1',
      [userId],
    );
    return rows[0]?.issued_before;
  }

  async setReadMarker(
    taskId: string,
    userId: string,
    serial: string,
    now: number,
  ): Promise<StoredReadMarker> {
    // SET expressions read the row as it was, so read_at compares against the old serial.
    const { rows } = await this._pool.query<{ serial: string; read_at: number }>({
      name: 'set-read-marker',
      text: `INSERT INTO read_markers (task_id, user_id, serial, read_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (task_id, user_id) DO UPDATE SET
          read_at = CASE WHEN EXCLUDED.serial > read_markers.serial
            THEN GREATEST(read_markers.read_at, EXCLUDED.read_at) ELSE read_markers.read_at END,
          serial = GREATEST(read_markers.serial, EXCLUDED.serial)
        RETURNING serial, read_at`,
      values: [taskId, userId, serial, now],
    });
    return toStoredReadMarker(rows[0]!);
  }

  async listReadMarkers(taskId: string): Promise<ReadMarker[]> {
    const { rows } = await this._pool.query<ReadMarkerRow>({
      name: 'list-read-markers',
      text: `SELECT p.user_id, p.name, p.role, m.serial, m.read_at FROM participants p
        LEFT JOIN read_markers m ON m.task_id = p.task_id AND m.user_id = p.user_id
        WHERE p.task_id = $1 AND p.removed_at IS NULL ORDER BY p.created_at, p.seq`,
      values: [taskId],
    });
    return rows.map(toReadMarker);
  }

  async claimPushAlerts(
    taskId: string,
    userIds: readonly string[],
    now: number,
    windowMs: number,
  ): Promise<string[]> {
    if (userIds.length === 0) return [];
    // One statement for every user. A concurrent claim of the same row waits for ours and then re-checks
    // the WHERE against the row we wrote, so exactly one instance gets each user.
    const { rows } = await this._pool.query<{ user_id: string }>({
      name: 'claim-push-alerts',
      text: `INSERT INTO push_alerts (task_id, user_id, last_sent_at)
          SELECT $1, u, $3 FROM unnest($2::text[]) AS u
        ON CONFLICT (task_id, user_id) DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at
          WHERE push_alerts.last_sent_at <= EXCLUDED.last_sent_at - $4
        RETURNING user_id`,
      values: [taskId, [...new Set(userIds)], now, windowMs],
    });
    return rows.map((r) => r.user_id);
  }

  createAttachment(a: NewAttachment): Promise<void> {
    return this._attachments.createAttachment(a);
  }

  getAttachment(id: string): Promise<StoredAttachment | undefined> {
    return this._attachments.getAttachment(id);
  }

  listAttachments(taskId: string, ids: readonly string[]): Promise<StoredAttachment[]> {
    return this._attachments.listAttachments(taskId, ids);
  }

  completeAttachment(id: string, c: CompletedAttachment, now: number): Promise<StoredAttachment | undefined> {
    return this._attachments.completeAttachment(id, c, now);
  }

  linkAttachments(taskId: string, userId: string, ids: readonly string[], serial: string): Promise<number> {
    return this._attachments.linkAttachments(taskId, userId, ids, serial);
  }

  removeMessageAttachments(taskId: string, serial: string, now: number): Promise<number> {
    return this._attachments.removeMessageAttachments(taskId, serial, now);
  }

  listSweepable(now: number, unlinkedBefore: number, limit: number): Promise<StoredAttachment[]> {
    return this._attachments.listSweepable(now, unlinkedBefore, limit);
  }

  deleteAttachments(ids: readonly string[]): Promise<void> {
    return this._attachments.deleteAttachments(ids);
  }

  applyPresence(taskId: string, events: readonly PresenceEvent[], now: number, ttlMs: number): Promise<void> {
    return this._presence.apply(taskId, events, now, ttlMs);
  }

  rebuildPresence(
    taskId: string,
    members: readonly PresenceMember[],
    snapshot: { takenAt: number; generation: number },
    now: number,
  ): Promise<void> {
    return this._presence.rebuild(taskId, members, snapshot, now);
  }

  newPresenceGeneration(): Promise<number> {
    return this._presence.newGeneration();
  }

  presence(taskId: string, now: number, ttlMs: number): Promise<PresenceSet> {
    return this._presence.presence(taskId, now, ttlMs);
  }

  pushAudience(taskId: string, now: number, ttlMs: number): Promise<PushAudience> {
    return this._presence.audience(taskId, now, ttlMs);
  }

  indexMessages(taskId: string, messages: readonly InboxMessage[], now: number): Promise<boolean> {
    return this._inbox.indexMessages(taskId, messages, now);
  }

  recountUnread(taskId: string, userId: string): Promise<void> {
    return this._inbox.recountUnread(taskId, userId);
  }

  touchInbox(taskId: string, userIds?: readonly string[]): Promise<void> {
    return this._inbox.touchInbox(taskId, userIds);
  }

  listInbox(query: InboxQuery): Promise<InboxPage> {
    return this._inbox.listInbox(query);
  }

  inboxEntries(taskId: string, userIds?: readonly string[]): Promise<InboxEntry[]> {
    return this._inbox.inboxEntries(taskId, userIds);
  }

  inboxTotals(userId: string): Promise<InboxTotals> {
    return this._inbox.inboxTotals(userId);
  }

  async close(): Promise<void> {
    if (!this._pool.ended) await this._pool.end();
  }
}
