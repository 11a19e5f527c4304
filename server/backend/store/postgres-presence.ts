import type pg from 'pg';
import { toPresenceSet, toPushAudience, type AudienceRow, type PresenceGenerationRow } from './rows.js';
import type { PresenceEvent, PresenceMember, PresenceSet, PushAudience } from './store.js';

/** Schema 5 of the PostgreSQL store: who is present in each task, as in sqlite-presence.ts. */
export const PRESENCE_MIGRATION = `CREATE TABLE presence_members (
     task_id TEXT NOT NULL,
     client_id TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     present BOOLEAN NOT NULL,
     event_at BIGINT NOT NULL,
     seen_at BIGINT NOT NULL,
     PRIMARY KEY (task_id, client_id, connection_id)
   );
   CREATE TABLE presence_tasks (
     task_id TEXT PRIMARY KEY,
     generation BIGINT NOT NULL,
     synced_at BIGINT NOT NULL
   );
   CREATE TABLE presence_generation (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     generation BIGINT NOT NULL
   );
   INSERT INTO presence_generation (id, generation) VALUES (1, 1);`;

/**
 * Every event in one statement; a member newer in the table than its event keeps its row. Leaves older than
 * the TTL are forgotten in the same round trip (the DELETE sees the table as it was, so never a row just written).
 */
const APPLY_SQL = `WITH applied AS (
    INSERT INTO presence_members (task_id, client_id, connection_id, present, event_at, seen_at)
      SELECT $1, c, k, p, ts, $6 FROM unnest($2::text[], $3::text[], $4::bool[], $5::bigint[]) AS e(c, k, p, ts)
    ON CONFLICT (task_id, client_id, connection_id) DO UPDATE SET
      present = EXCLUDED.present, event_at = EXCLUDED.event_at, seen_at = EXCLUDED.seen_at
    WHERE presence_members.event_at <= EXCLUDED.event_at
    RETURNING 1
  )
  DELETE FROM presence_members WHERE task_id = $1 AND NOT present AND seen_at < $7`;

/**
 * A snapshot replaces what was heard before it: members in it are (re)written unless heard of since, the others
 * heard before it deleted (the two sets are disjoint, so one statement does both), and the task marked synced.
 */
const REBUILD_SQL = `WITH snapshot AS (
    SELECT c, k, ts FROM unnest($2::text[], $3::text[], $4::bigint[]) AS m(c, k, ts)
  ), kept AS (
    INSERT INTO presence_members (task_id, client_id, connection_id, present, event_at, seen_at)
      SELECT $1, c, k, true, ts, $6 FROM snapshot
    ON CONFLICT (task_id, client_id, connection_id) DO UPDATE SET
      present = true, event_at = EXCLUDED.event_at, seen_at = EXCLUDED.seen_at
    WHERE presence_members.seen_at < $5
    RETURNING 1
  ), gone AS (
    DELETE FROM presence_members WHERE task_id = $1 AND seen_at < $5
      AND (client_id, connection_id) NOT IN (SELECT c, k FROM snapshot)
    RETURNING 1
  )
  INSERT INTO presence_tasks (task_id, generation, synced_at) VALUES ($1, $7, $6)
  ON CONFLICT (task_id) DO UPDATE SET generation = EXCLUDED.generation, synced_at = EXCLUDED.synced_at`;

const GENERATION_COLUMNS = `(SELECT generation FROM presence_generation WHERE id = 1) AS generation,
  (SELECT generation FROM presence_tasks s WHERE s.task_id = $1) AS synced_generation`;

/** A member of user `p` present and heard of since `$2` (`>=`) or not (`<`). */
const memberOf = (heard: '>=' | '<') => `EXISTS (SELECT 1 FROM presence_members m
      WHERE m.task_id = t.id AND m.client_id = p.user_id AND m.present AND m.seen_at ${heard} $2)`;

const AUDIENCE_SQL = `SELECT t.*, ${GENERATION_COLUMNS},
    p.user_id AS p_user_id, p.role AS p_role, p.name AS p_name, p.removed_at AS p_removed_at,
    p.created_at AS p_created_at, p.updated_at AS p_updated_at,
    ${memberOf('>=')} AS p_present, ${memberOf('<')} AS p_stale
  FROM tasks t LEFT JOIN participants p ON p.task_id = t.id
  WHERE t.id = $1 ORDER BY p.created_at, p.seq`;

const PRESENCE_SQL = `SELECT ${GENERATION_COLUMNS},
    COALESCE((SELECT array_agg(DISTINCT client_id) FROM presence_members
      WHERE task_id = $1 AND present AND seen_at >= $2), '{}') AS present,
    COALESCE((SELECT array_agg(DISTINCT client_id) FROM presence_members
      WHERE task_id = $1 AND present AND seen_at < $2), '{}') AS stale`;

/**
 * The newest event of each member: one INSERT … ON CONFLICT may not touch a row twice, and a batch can carry a
 * member's enter and update together. On equal timestamps the later event wins, as it would applied in order.
 */
export function newestPerMember(events: readonly PresenceEvent[]): PresenceEvent[] {
  const newest = new Map<string, PresenceEvent>();
  for (const e of events) {
    const key = `${e.clientId}\n${e.connectionId}`;
    const seen = newest.get(key);
    if (!seen || seen.timestamp <= e.timestamp) newest.set(key, e);
  }
  return [...newest.values()];
}

/** The PostgreSQL store's presence part: one round trip per call. */
export class PostgresPresence {
  constructor(private readonly _pool: pg.Pool) {}

  async apply(taskId: string, events: readonly PresenceEvent[], now: number, ttlMs: number): Promise<void> {
    const list = newestPerMember(events);
    await this._pool.query({
      name: 'apply-presence',
      text: APPLY_SQL,
      values: [
        taskId,
        list.map((e) => e.clientId),
        list.map((e) => e.connectionId),
        list.map((e) => e.present),
        list.map((e) => e.timestamp),
        now,
        now - ttlMs,
      ],
    });
  }

  async rebuild(
    taskId: string,
    members: readonly PresenceMember[],
    snapshot: { takenAt: number; generation: number },
    now: number,
  ): Promise<void> {
    await this._pool.query({
      name: 'rebuild-presence',
      text: REBUILD_SQL,
      values: [
        taskId,
        members.map((m) => m.clientId),
        members.map((m) => m.connectionId),
        members.map((m) => m.timestamp),
        snapshot.takenAt,
        now,
        snapshot.generation,
      ],
    });
  }

  async newGeneration(): Promise<number> {
    const { rows } = await this._pool.query<{ generation: number }>(
      'UPDATE presence_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation',
    );
    return rows[0]!.generation;
  }

  async presence(taskId: string, now: number, ttlMs: number): Promise<PresenceSet> {
    const { rows } = await this._pool.query<PresenceGenerationRow & { present: string[]; stale: string[] }>({
      name: 'presence',
      text: PRESENCE_SQL,
      values: [taskId, now - ttlMs],
    });
    const row = rows[0]!;
    return toPresenceSet(row, row.present, row.stale);
  }

  async audience(taskId: string, now: number, ttlMs: number): Promise<PushAudience> {
    const { rows } = await this._pool.query<AudienceRow>({
      name: 'push-audience',
      text: AUDIENCE_SQL,
      values: [taskId, now - ttlMs],
    });
    return toPushAudience(taskId, rows);
  }
}
