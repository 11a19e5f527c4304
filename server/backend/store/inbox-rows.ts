import type { InboxTask, Role } from '../../contract/api-contract.js';
import type { InboxEntry, RankedInboxTask } from './store.js';

/*
 * The inbox's rows as both SQL stores read them: a participant's task (`p`, `t`), its newest message that is not
 * deleted (`lm_`, null without one) and its rank in a pagination.
 */

/** A task's columns and its newest message's (`t`, `lm`), the same for every participant, by these aliases. */
export const TASK_ROW_COLUMNS = `t.id AS task_id, t.type, t.title, t.url, t.closed_at,
  COALESCE(t.activity_at, t.created_at) AS activity, lm.serial AS lm_serial, lm.author_id AS lm_author_id,
  lm.author_name AS lm_author_name, lm.author_role AS lm_author_role, lm.preview AS lm_preview,
  lm.attachments AS lm_attachments, lm.at AS lm_at`;

/** The columns every inbox page selects: the task's, then the participant's own (`p`). */
export const INBOX_ROW_COLUMNS = `${TASK_ROW_COLUMNS}, p.role, p.unread`;

/**
 * Joins a task's newest message that is not deleted as `lm` (serials order the messages); `t` is the task.
 * A correlated subquery both stores plan as a backward index scan of the task's messages.
 */
export const LAST_MESSAGE_JOIN = `LEFT JOIN inbox_messages lm ON lm.task_id = t.id AND lm.serial =
  (SELECT MAX(x.serial) FROM inbox_messages x WHERE x.task_id = t.id AND x.deleted = FALSE)`;

/** A task and its newest message, as {@link TASK_ROW_COLUMNS} reads them. */
export interface TaskRow {
  task_id: string;
  type: string;
  title: string;
  url: string | null;
  closed_at: number | null;
  activity: number;
  lm_serial: string | null;
  lm_author_id: string | null;
  lm_author_name: string | null;
  lm_author_role: string | null;
  lm_preview: string | null;
  lm_attachments: number | null;
  lm_at: number | null;
}

export interface InboxRow extends TaskRow {
  role: string;
  unread: number;
}

/**
 * A participant's own part of their row of a task, with their inbox's totals: what differs between the
 * participants of one task (the task's part is read once, see {@link TaskRow}).
 */
export interface EntryRow {
  user_id: string;
  role: string;
  unread: number;
  total: number;
  version: number;
}

/**
 * Each current participant's part of a task (`task`, a parameter), with their totals: the user's unread over all
 * their tasks (a covering index scan) and their inbox version. Callers add a filter on `p.user_id` and the order.
 */
export const entryRows = (
  task: string,
) => `SELECT p.user_id, p.role, p.unread, COALESCE(u.version, 0) AS version,
    (SELECT COALESCE(SUM(q.unread), 0) FROM participants q WHERE q.user_id = p.user_id AND q.removed_at IS NULL)
      AS total
  FROM participants p LEFT JOIN inbox_users u ON u.user_id = p.user_id
  WHERE p.task_id = ${task} AND p.removed_at IS NULL`;

/**
 * Each participant's entry: the task's part converted once (its last message one object all rows share, as they
 * are only serialised), with each one's own role, unread and version.
 */
export function toInboxEntries(task: TaskRow, rows: readonly EntryRow[]): InboxEntry[] {
  const shared = toInboxTask({ ...task, role: '', unread: 0 }, 0);
  return rows.map((row) => ({
    userId: row.user_id,
    // Only the tasks API writes roles, and it validates them.
    row: { ...shared, role: row.role as Role, unread: row.unread, version: row.version },
    totalUnread: row.total,
    version: row.version,
  }));
}

export function toInboxTask(row: InboxRow, version: number): InboxTask {
  return {
    task: row.task_id,
    type: row.type,
    title: row.title,
    url: row.url,
    // Only the tasks API writes roles, and it validates them; message claims are checked when indexed.
    role: row.role as Role,
    closed: row.closed_at !== null,
    lastMessage:
      row.lm_serial === null
        ? null
        : {
            serial: row.lm_serial,
            author: {
              id: row.lm_author_id,
              name: row.lm_author_name!,
              role: row.lm_author_role as Role | null,
            },
            preview: row.lm_preview!,
            attachments: row.lm_attachments!,
            at: row.lm_at!,
          },
    unread: row.unread,
    activity: row.activity,
    version,
  };
}

export function toRankedInboxTask(row: InboxRow & { rank: number }, version: number): RankedInboxTask {
  return { ...toInboxTask(row, version), rank: row.rank };
}
