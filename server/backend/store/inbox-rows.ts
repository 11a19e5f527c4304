import type { InboxTask, Role } from '../../contract/api-contract.js';
import type { RankedInboxTask } from './store.js';

/*
 * The inbox's rows as both SQL stores read them: a participant's task (`p`, `t`), its newest message that is not
 * deleted (`lm_`, null without one) and its rank in a pagination.
 */

/** The columns every inbox query selects, by these aliases. */
export const INBOX_ROW_COLUMNS = `t.id AS task_id, t.type, t.title, t.url, t.closed_at, p.role, p.unread,
  COALESCE(t.activity_at, t.created_at) AS activity, lm.serial AS lm_serial, lm.author_id AS lm_author_id,
  lm.author_name AS lm_author_name, lm.author_role AS lm_author_role, lm.preview AS lm_preview,
  lm.attachments AS lm_attachments, lm.at AS lm_at`;

/**
 * Joins a task's newest message that is not deleted as `lm` (serials order the messages); `t` is the task.
 * A correlated subquery both stores plan as a backward index scan of the task's messages.
 */
export const LAST_MESSAGE_JOIN = `LEFT JOIN inbox_messages lm ON lm.task_id = t.id AND lm.serial =
  (SELECT MAX(x.serial) FROM inbox_messages x WHERE x.task_id = t.id AND x.deleted = FALSE)`;

export interface InboxRow {
  task_id: string;
  type: string;
  title: string;
  url: string | null;
  closed_at: number | null;
  role: string;
  unread: number;
  activity: number;
  lm_serial: string | null;
  lm_author_id: string | null;
  lm_author_name: string | null;
  lm_author_role: string | null;
  lm_preview: string | null;
  lm_attachments: number | null;
  lm_at: number | null;
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
