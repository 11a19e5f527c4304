import type { Role } from '../ably-auth/capabilities.js';
import type {
  Participant,
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
