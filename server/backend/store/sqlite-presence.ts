import type Database from 'better-sqlite3';
import { toPresenceSet, toPushAudience, type AudienceRow, type PresenceGenerationRow } from './rows.js';
import type { PresenceEvent, PresenceMember, PresenceSet, PushAudience } from './store.js';

/**
 * Schema 5 of the SQLite store: who is present in each task (docs/architecture.md §4). A row per member — a
 * clientId on one connection — with Ably's timestamp of its last event (`event_at`, orders events) and when the
 * backend last heard of it (`seen_at`, its clock: staleness and snapshots). A leave keeps its row, not present,
 * for the TTL, so an older event arriving late cannot bring the member back.
 */
export const PRESENCE_MIGRATION = `CREATE TABLE presence_members (
     task_id TEXT NOT NULL,
     client_id TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     present INTEGER NOT NULL,
     event_at INTEGER NOT NULL,
     seen_at INTEGER NOT NULL,
     PRIMARY KEY (task_id, client_id, connection_id)
   );
   CREATE TABLE presence_tasks (
     task_id TEXT PRIMARY KEY,
     generation INTEGER NOT NULL,
     synced_at INTEGER NOT NULL
   );
   CREATE TABLE presence_generation (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     generation INTEGER NOT NULL
   );
   INSERT INTO presence_generation (id, generation) VALUES (1, 1);`;

const APPLY_SQL = `INSERT INTO presence_members (task_id, client_id, connection_id, present, event_at, seen_at)
    VALUES (@taskId, @clientId, @connectionId, @present, @timestamp, @now)
  ON CONFLICT (task_id, client_id, connection_id) DO UPDATE SET
    present = excluded.present, event_at = excluded.event_at, seen_at = excluded.seen_at
  WHERE presence_members.event_at <= excluded.event_at`;

const GENERATION_COLUMNS = `(SELECT generation FROM presence_generation WHERE id = 1) AS generation,
  (SELECT generation FROM presence_tasks s WHERE s.task_id = @taskId) AS synced_generation`;

/** A member of user `p` present and heard of since `@staleBefore` (`>=`) or not (`<`). */
const memberOf = (heard: '>=' | '<') => `EXISTS (SELECT 1 FROM presence_members m
      WHERE m.task_id = t.id AND m.client_id = p.user_id AND m.present = 1 AND m.seen_at ${heard} @staleBefore)`;

const AUDIENCE_SQL = `SELECT t.*, ${GENERATION_COLUMNS},
    p.user_id AS p_user_id, p.role AS p_role, p.name AS p_name, p.removed_at AS p_removed_at,
    p.created_at AS p_created_at, p.updated_at AS p_updated_at,
    ${memberOf('>=')} AS p_present, ${memberOf('<')} AS p_stale
  FROM tasks t LEFT JOIN participants p ON p.task_id = t.id
  WHERE t.id = @taskId ORDER BY p.created_at, p.rowid`;

const PRESENCE_SQL = `SELECT ${GENERATION_COLUMNS},
    (SELECT json_group_array(DISTINCT client_id) FROM presence_members
      WHERE task_id = @taskId AND present = 1 AND seen_at >= @staleBefore) AS present,
    (SELECT json_group_array(DISTINCT client_id) FROM presence_members
      WHERE task_id = @taskId AND present = 1 AND seen_at < @staleBefore) AS stale`;

/** The SQLite store's presence part; `stmt` is the store's statement cache, `db` runs transactions. */
export class SqlitePresence {
  constructor(
    private readonly _db: Database.Database,
    private readonly _stmt: (sql: string) => Database.Statement,
  ) {}

  apply(taskId: string, events: readonly PresenceEvent[], now: number, ttlMs: number): void {
    const apply = this._stmt(APPLY_SQL);
    const prune = this._stmt(
      'DELETE FROM presence_members WHERE task_id = ? AND present = 0 AND seen_at < ?',
    );
    this._db.transaction(() => {
      for (const e of events) {
        apply.run({
          taskId,
          clientId: e.clientId,
          connectionId: e.connectionId,
          present: e.present ? 1 : 0,
          timestamp: e.timestamp,
          now,
        });
      }
      prune.run(taskId, now - ttlMs);
    })();
  }

  rebuild(
    taskId: string,
    members: readonly PresenceMember[],
    snapshot: { takenAt: number; generation: number },
    now: number,
  ): void {
    const insert = this._stmt(
      `INSERT INTO presence_members (task_id, client_id, connection_id, present, event_at, seen_at)
         VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (task_id, client_id, connection_id) DO NOTHING`,
    );
    this._db.transaction(() => {
      // What was heard before the snapshot is superseded by it; what was heard since is newer and stays.
      this._stmt('DELETE FROM presence_members WHERE task_id = ? AND seen_at < ?').run(
        taskId,
        snapshot.takenAt,
      );
      for (const m of members) insert.run(taskId, m.clientId, m.connectionId, m.timestamp, now);
      this._stmt(
        `INSERT INTO presence_tasks (task_id, generation, synced_at) VALUES (?, ?, ?)
           ON CONFLICT (task_id) DO UPDATE SET generation = excluded.generation, synced_at = excluded.synced_at`,
      ).run(taskId, snapshot.generation, now);
    })();
  }

  newGeneration(): number {
    const row = this._stmt(
      'UPDATE presence_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation',
    ).get() as { generation: number };
    return row.generation;
  }

  presence(taskId: string, now: number, ttlMs: number): PresenceSet {
    const row = this._stmt(PRESENCE_SQL).get({
      taskId,
      staleBefore: now - ttlMs,
    }) as PresenceGenerationRow & {
      present: string;
      stale: string;
    };
    return toPresenceSet(row, JSON.parse(row.present) as string[], JSON.parse(row.stale) as string[]);
  }

  audience(taskId: string, now: number, ttlMs: number): PushAudience {
    const rows = this._stmt(AUDIENCE_SQL).all({ taskId, staleBefore: now - ttlMs }) as AudienceRow[];
    return toPushAudience(taskId, rows);
  }
}
