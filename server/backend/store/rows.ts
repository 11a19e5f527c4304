import type { Role } from '../ably-auth/capabilities.js';
import type {
  Participant,
  PresenceSet,
  PushAudience,
  ReadMarker,
  StoredAttachment,
  StoredReadMarker,
  Task,
  TokenContext,
} from './store.js';

/** A `tasks` row as both SQL stores return it (times as epoch ms numbers). */
export interface TaskRow {
  id: string;
  type: string;
  title: string;
  url: string | null;
  closed_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A `participants` row as both SQL stores return it. */
export interface ParticipantRow {
  task_id: string;
  user_id: string;
  role: string;
  name: string;
  removed_at: number | null;
  created_at: number;
  updated_at: number;
}

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    url: row.url,
    closed: row.closed_at !== null,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toParticipant(row: ParticipantRow): Participant {
  return {
    taskId: row.task_id,
    userId: row.user_id,
    // Only the tasks API writes roles, and it validates them.
    role: row.role as Role,
    name: row.name,
    removed: row.removed_at !== null,
    removedAt: row.removed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A row of the read-markers query: a current participant and its marker, if any. */
export interface ReadMarkerRow {
  user_id: string;
  name: string;
  role: string;
  serial: string | null;
  read_at: number | null;
}

export function toReadMarker(row: ReadMarkerRow): ReadMarker {
  // Only the tasks API writes roles, and it validates them.
  return {
    userId: row.user_id,
    name: row.name,
    role: row.role as Role,
    serial: row.serial,
    readAt: row.read_at,
  };
}

export function toStoredReadMarker(row: { serial: string; read_at: number }): StoredReadMarker {
  return { serial: row.serial, readAt: row.read_at };
}

/**
 * The token-context query's columns: the task (`t_`), the participant (`p_`, null without membership) and
 * the user's revocation. Both SQL stores select exactly these aliases.
 */
export const TOKEN_CONTEXT_COLUMNS = `t.id AS t_id, t.type AS t_type, t.title AS t_title, t.url AS t_url,
  t.closed_at AS t_closed_at, t.created_at AS t_created_at, t.updated_at AS t_updated_at,
  p.user_id AS p_user_id, p.role AS p_role, p.name AS p_name, p.removed_at AS p_removed_at,
  p.created_at AS p_created_at, p.updated_at AS p_updated_at, r.issued_before AS r_issued_before`;

export interface TokenContextRow {
  t_id: string;
  t_type: string;
  t_title: string;
  t_url: string | null;
  t_closed_at: number | null;
  t_created_at: number;
  t_updated_at: number;
  p_user_id: string | null;
  p_role: string | null;
  p_name: string | null;
  p_removed_at: number | null;
  p_created_at: number | null;
  p_updated_at: number | null;
  r_issued_before: number | null;
}

export function toTokenContext(row: TokenContextRow | undefined): TokenContext {
  if (!row) return {};
  const task = toTask({
    id: row.t_id,
    type: row.t_type,
    title: row.t_title,
    url: row.t_url,
    closed_at: row.t_closed_at,
    created_at: row.t_created_at,
    updated_at: row.t_updated_at,
  });
  const context: TokenContext = { task };
  if (row.p_user_id !== null) {
    context.participant = toParticipant({
      task_id: row.t_id,
      user_id: row.p_user_id,
      role: row.p_role!,
      name: row.p_name!,
      removed_at: row.p_removed_at,
      created_at: row.p_created_at!,
      updated_at: row.p_updated_at!,
    });
  }
  if (row.r_issued_before !== null) context.revokedBefore = row.r_issued_before;
  return context;
}

/** An `attachments` row as both SQL stores return it (`thumbnail` is 0/1 in SQLite, a boolean in PostgreSQL). */
export interface AttachmentRow {
  id: string;
  task_id: string;
  user_id: string;
  name: string;
  size: number;
  state: string;
  type: string | null;
  stored_size: number | null;
  width: number | null;
  height: number | null;
  thumbnail: number | boolean;
  message_serial: string | null;
  removed_at: number | null;
  created_at: number;
  upload_expires_at: number;
  completed_at: number | null;
}

export function toAttachment(row: AttachmentRow): StoredAttachment {
  return {
    id: row.id,
    taskId: row.task_id,
    userId: row.user_id,
    name: row.name,
    size: row.size,
    state: row.state === 'ready' ? 'ready' : 'pending',
    type: row.type,
    storedSize: row.stored_size,
    width: row.width,
    height: row.height,
    thumbnail: Boolean(row.thumbnail),
    messageSerial: row.message_serial,
    removedAt: row.removed_at,
    createdAt: row.created_at,
    uploadExpiresAt: row.upload_expires_at,
    completedAt: row.completed_at,
  };
}

/** The generation columns of the presence queries (both stores select these aliases). */
export interface PresenceGenerationRow {
  generation: number;
  synced_generation: number | null;
}

/** A task's presence from its query's row: `present` and `stale` clientIds, which may overlap. */
export function toPresenceSet(
  row: PresenceGenerationRow,
  present: readonly string[],
  stale: readonly string[],
): PresenceSet {
  const fresh = new Set(present);
  return {
    generation: Number(row.generation),
    synced: row.synced_generation !== null && Number(row.synced_generation) === Number(row.generation),
    present: fresh,
    stale: new Set(stale.filter((clientId) => !fresh.has(clientId))),
  };
}

/** A row of the push-audience query: the task, the generation columns, and one participant (`p_`) if any. */
export type AudienceRow = TaskRow &
  PresenceGenerationRow & {
    p_user_id: string | null;
    p_role: string;
    p_name: string;
    p_removed_at: number | null;
    p_created_at: number;
    p_updated_at: number;
    /** Present through a member heard of within the TTL; SQLite answers 0/1, PostgreSQL a boolean. */
    p_present: number | boolean;
    /** Present through a stale member. */
    p_stale: number | boolean;
  };

/** The push audience from its query's rows (none: no such task). */
export function toPushAudience(taskId: string, rows: readonly AudienceRow[]): PushAudience {
  const first = rows[0];
  if (!first) {
    return { generation: 0, synced: false, participants: [], present: new Set(), stale: new Set() };
  }
  const joined = rows.filter((r) => r.p_user_id !== null);
  return {
    ...toPresenceSet(
      first,
      joined.filter((r) => r.p_present).map((r) => r.p_user_id!),
      joined.filter((r) => r.p_stale).map((r) => r.p_user_id!),
    ),
    task: toTask(first),
    participants: joined.map((r) =>
      toParticipant({
        task_id: taskId,
        user_id: r.p_user_id!,
        role: r.p_role,
        name: r.p_name,
        removed_at: r.p_removed_at,
        created_at: r.p_created_at,
        updated_at: r.p_updated_at,
      }),
    ),
  };
}
