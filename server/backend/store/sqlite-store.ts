import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { ATTACHMENTS_MIGRATION, SqliteAttachments } from './sqlite-attachments.js';
import { PRESENCE_MIGRATION, SqlitePresence } from './sqlite-presence.js';
import { AGENT_RUNS_MIGRATION, SqliteAgentRuns } from './sqlite-agent-runs.js';
import { FOLD_FUNCTION, INBOX_MIGRATION, SqliteInbox } from './sqlite-inbox.js';
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
 * Schema versions, applied in order (`PRAGMA user_version` counts them): 1 tasks, participants and
 * revocations; 2 read markers; 3 push alert throttling (docs/architecture.md §6); 4 attachments
 * (sqlite-attachments.ts); 5 presence
 * (sqlite-presence.ts); 6 agent runs (sqlite-agent-runs.ts); 7 the inbox (sqlite-inbox.ts). Never edit an entry.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     id TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     title TEXT NOT NULL,
     url TEXT,
     closed_at INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE participants (
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     role TEXT NOT NULL,
     name TEXT NOT NULL,
     removed_at INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (task_id, user_id)
   );
   CREATE INDEX participants_by_user ON participants (user_id);
   CREATE TABLE revocations (
     user_id TEXT PRIMARY KEY,
     issued_before INTEGER NOT NULL
   );`,
  // TEXT compares with the BINARY collation: byte order, the order of Ably serials.
  `CREATE TABLE read_markers (
     task_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     serial TEXT NOT NULL,
     read_at INTEGER NOT NULL,
     PRIMARY KEY (task_id, user_id),
     FOREIGN KEY (task_id, user_id) REFERENCES participants (task_id, user_id) ON DELETE CASCADE
   );`,
  `CREATE TABLE push_alerts (
     task_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     last_sent_at INTEGER NOT NULL,
     PRIMARY KEY (task_id, user_id),
     FOREIGN KEY (task_id, user_id) REFERENCES participants (task_id, user_id) ON DELETE CASCADE
   );`,
  ATTACHMENTS_MIGRATION,
  PRESENCE_MIGRATION,
  AGENT_RUNS_MIGRATION,
  INBOX_MIGRATION,
];

/** Built once: a statement-cache key built per call would cost a long string concatenation and hash. */
const TOKEN_CONTEXT_SQL = `SELECT ${TOKEN_CONTEXT_COLUMNS} FROM tasks t
  LEFT JOIN participants p ON p.task_id = t.id AND p.user_id = @userId
  LEFT JOIN revocations r ON r.user_id = @userId
  WHERE t.id = @taskId`;

/**
 * The embedded default {@link Store}: one SQLite file (default `.data/embedded-chat.sqlite`) or `:memory:`.
 * better-sqlite3 is synchronous, so each method is atomic without explicit locking.
 */
export class SqliteStore implements Store {
  private readonly _db: Database.Database;
  private readonly _statements = new Map<string, Database.Statement>();
  private readonly _presence: SqlitePresence;
  private readonly _attachments: SqliteAttachments;
  readonly agentRuns: SqliteAgentRuns;
  private readonly _inbox: SqliteInbox;

  /** Opens (creating directories and tables as needed) the database at `path`, or `:memory:`. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this._db = new Database(path);
    this._db.pragma('journal_mode = WAL');
    this._db.pragma('foreign_keys = ON');
    this._db.pragma('busy_timeout = 5000');
    this._db.function(FOLD_FUNCTION, { deterministic: true }, (title: unknown) => foldTitle(String(title)));
    this._migrate();
    this._attachments = new SqliteAttachments((sql) => this._stmt(sql));
    this._presence = new SqlitePresence(this._db, (sql) => this._stmt(sql));
    this.agentRuns = new SqliteAgentRuns((sql) => this._stmt(sql));
    this._inbox = new SqliteInbox(this._db, (sql) => this._stmt(sql));
  }

  private _migrate(): void {
    const version = this._db.pragma('user_version', { simple: true }) as number;
    const apply = this._db.transaction(() => {
      for (let i = version; i < MIGRATIONS.length; i++) this._db.exec(MIGRATIONS[i]!);
      this._db.pragma(`user_version = ${MIGRATIONS.length}`);
    });
    apply();
  }

  async upsertTask(input: TaskInput, now: number): Promise<Upserted<Task>> {
    return this._db.transaction(() => {
      const created = this._taskRow(input.id) === undefined;
      this._stmt(
        `INSERT INTO tasks (id, type, title, url, closed_at, created_at, updated_at, title_key)
           VALUES (@id, @type, @title, @url, NULL, @now, @now, @titleKey)
           ON CONFLICT (id) DO UPDATE SET type = excluded.type, title = excluded.title, url = excluded.url,
             updated_at = excluded.updated_at, title_key = excluded.title_key`,
      ).run({ ...input, now, titleKey: foldTitle(input.title) });
      return { value: toTask(this._taskRow(input.id)!), created };
    })();
  }

  async getTask(taskId: string): Promise<Task | undefined> {
    const row = this._taskRow(taskId);
    return row && toTask(row);
  }

  async closeTask(taskId: string, now: number): Promise<Task | undefined> {
    this._stmt('UPDATE tasks SET closed_at = ?, updated_at = ? WHERE id = ? AND closed_at IS NULL').run(
      now,
      now,
      taskId,
    );
    return this.getTask(taskId);
  }

  async upsertParticipant(input: ParticipantInput, now: number): Promise<Upserted<Participant>> {
    return this._db.transaction(() => {
      const created = this._participantRow(input.taskId, input.userId) === undefined;
      this._stmt(
        `INSERT INTO participants (task_id, user_id, role, name, removed_at, created_at, updated_at)
           VALUES (@taskId, @userId, @role, @name, NULL, @now, @now)
           ON CONFLICT (task_id, user_id) DO UPDATE SET role = excluded.role, name = excluded.name,
             removed_at = NULL, updated_at = excluded.updated_at`,
      ).run({ ...input, now });
      return { value: toParticipant(this._participantRow(input.taskId, input.userId)!), created };
    })();
  }

  async getParticipant(taskId: string, userId: string): Promise<Participant | undefined> {
    const row = this._participantRow(taskId, userId);
    return row && toParticipant(row);
  }

  async getTokenContext(taskId: string, userId: string): Promise<TokenContext> {
    const row = this._stmt(TOKEN_CONTEXT_SQL).get({ taskId, userId }) as TokenContextRow | undefined;
    return toTokenContext(row);
  }

  async listParticipants(taskId: string): Promise<Participant[]> {
    const rows = this._stmt('SELECT * FROM participants WHERE task_id = ? ORDER BY created_at, rowid').all(
      taskId,
    ) as ParticipantRow[];
    return rows.map(toParticipant);
  }

  async removeParticipant(taskId: string, userId: string, now: number): Promise<Participant | undefined> {
    this._stmt(
      `UPDATE participants SET removed_at = ?, updated_at = ?
         WHERE task_id = ? AND user_id = ? AND removed_at IS NULL`,
    ).run(now, now, taskId, userId);
    return this.getParticipant(taskId, userId);
  }

  async recordRevocation(userId: string, issuedBefore: number): Promise<void> {
    this._stmt(
      `INSERT INTO revocations (user_id, issued_before) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET issued_before = MAX(issued_before, excluded.issued_before)`,
    ).run(userId, issuedBefore);
  }

  async getRevocation(userId: string): Promise<number | undefined> {
    const row = this._stmt('SELECT issued_before FROM revocations WHERE user_id = ?').get(userId) as
      { issued_before: number } | undefined;
    return row?.issued_before;
  }

  async setReadMarker(
    taskId: string,
    userId: string,
    serial: string,
    now: number,
  ): Promise<StoredReadMarker> {
    // SET expressions read the row as it was, so read_at compares against the old serial.
    const row = this._stmt(
      `INSERT INTO read_markers (task_id, user_id, serial, read_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (task_id, user_id) DO UPDATE SET
           read_at = CASE WHEN excluded.serial > serial THEN MAX(read_at, excluded.read_at) ELSE read_at END,
           serial = MAX(serial, excluded.serial)
         RETURNING serial, read_at`,
    ).get(taskId, userId, serial, now) as { serial: string; read_at: number };
    return toStoredReadMarker(row);
  }

  async listReadMarkers(taskId: string): Promise<ReadMarker[]> {
    const rows = this._stmt(
      `SELECT p.user_id, p.name, p.role, m.serial, m.read_at FROM participants p
         LEFT JOIN read_markers m ON m.task_id = p.task_id AND m.user_id = p.user_id
         WHERE p.task_id = ? AND p.removed_at IS NULL ORDER BY p.created_at, p.rowid`,
    ).all(taskId) as ReadMarkerRow[];
    return rows.map(toReadMarker);
  }

  async claimPushAlerts(
    taskId: string,
    userIds: readonly string[],
    now: number,
    windowMs: number,
  ): Promise<string[]> {
    // The UPSERT's WHERE reads the stored row: a row updated or inserted is RETURNed, one in its window is not.
    const claim = this._stmt(
      `INSERT INTO push_alerts (task_id, user_id, last_sent_at) VALUES (?, ?, ?)
         ON CONFLICT (task_id, user_id) DO UPDATE SET last_sent_at = excluded.last_sent_at
           WHERE push_alerts.last_sent_at <= excluded.last_sent_at - ?
         RETURNING user_id`,
    );
    return this._db.transaction(() =>
      [...new Set(userIds)].flatMap((userId) => {
        const row = claim.get(taskId, userId, now, windowMs) as { user_id: string } | undefined;
        return row ? [row.user_id] : [];
      }),
    )();
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

  async applyPresence(
    taskId: string,
    events: readonly PresenceEvent[],
    now: number,
    ttlMs: number,
  ): Promise<void> {
    this._presence.apply(taskId, events, now, ttlMs);
  }

  async rebuildPresence(
    taskId: string,
    members: readonly PresenceMember[],
    snapshot: { takenAt: number; generation: number },
    now: number,
  ): Promise<void> {
    this._presence.rebuild(taskId, members, snapshot, now);
  }

  async newPresenceGeneration(): Promise<number> {
    return this._presence.newGeneration();
  }

  async presence(taskId: string, now: number, ttlMs: number): Promise<PresenceSet> {
    return this._presence.presence(taskId, now, ttlMs);
  }

  async pushAudience(taskId: string, now: number, ttlMs: number): Promise<PushAudience> {
    return this._presence.audience(taskId, now, ttlMs);
  }

  async indexMessages(taskId: string, messages: readonly InboxMessage[], now: number): Promise<boolean> {
    return this._inbox.indexMessages(taskId, messages, now);
  }

  async recountUnread(taskId: string, userId: string): Promise<void> {
    this._inbox.recountUnread(taskId, userId);
  }

  async touchInbox(taskId: string, userIds?: readonly string[]): Promise<void> {
    this._inbox.touchInbox(taskId, userIds);
  }

  async listInbox(query: InboxQuery): Promise<InboxPage> {
    return this._inbox.listInbox(query);
  }

  async inboxEntries(taskId: string, userIds?: readonly string[]): Promise<InboxEntry[]> {
    return this._inbox.inboxEntries(taskId, userIds);
  }

  async inboxTotals(userId: string): Promise<InboxTotals> {
    return this._inbox.inboxTotals(userId);
  }

  async close(): Promise<void> {
    if (this._db.open) this._db.close();
  }

  /** Prepared statements are cached: preparing costs more than running these small queries. */
  private _stmt(sql: string): Database.Statement {
    let statement = this._statements.get(sql);
    if (!statement) this._statements.set(sql, (statement = this._db.prepare(sql)));
    return statement;
  }

  private _taskRow(taskId: string): TaskRow | undefined {
    return this._stmt('SELECT * FROM tasks WHERE id = ?').get(taskId) as TaskRow | undefined;
  }

  private _participantRow(taskId: string, userId: string): ParticipantRow | undefined {
    return this._stmt('SELECT * FROM participants WHERE task_id = ? AND user_id = ?').get(taskId, userId) as
      ParticipantRow | undefined;
  }
}
