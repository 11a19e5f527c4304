import { roomNameFor } from '../ably-auth/channel-names.js';
import type { Task } from '../store/store.js';

/** A push payload as `push.admin.publish` and `extras.push` take it (Ably's push payload: `notification`, `data`). */
export interface PushAlert {
  notification: { title: string; body: string; collapseKey: string };
  data: Record<string, string>;
}

/** Control, format (bidi overrides, zero-width) and line/paragraph separator characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * A message preview for a notification: control and format characters removed, whitespace runs collapsed,
 * cut to `max` characters (whole code points) with "…". Pure.
 */
export function previewText(text: string, max: number): string {
  const clean = text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  return chars.length <= max
    ? clean
    : `${chars
        .slice(0, Math.max(1, max - 1))
        .join('')
        .trimEnd()}…`;
}

/** The deep link and task id every alert carries (`data` values are strings). */
function dataFor(task: Task, type: string): Record<string, string> {
  return { type, task: task.id, ...(task.url === null ? {} : { url: task.url }) };
}

/**
 * The alert for a new chat message: the task's title, "<sender>: <preview>" — or "<sender> sent a photo" (a
 * file, 3 photos, …) for a message of files without words — collapsed per task (one notification per task on
 * a device), with the task id and its page. `files` are the media types of the message's attachments. Pure.
 */
export function messageAlert(
  task: Task,
  senderName: string,
  text: string,
  previewLength: number,
  files: readonly string[] = [],
): PushAlert {
  const sender = previewText(senderName, 40);
  const words = previewText(text, previewLength);
  return {
    notification: {
      title: previewText(task.title, 80),
      body: words === '' && files.length > 0 ? `${sender} sent ${filesPhrase(files)}` : `${sender}: ${words}`,
      collapseKey: roomNameFor(task.id),
    },
    data: dataFor(task, 'message'),
  };
}

/** "a photo", "3 photos", "a file", "2 files" (a mix counts as files). */
function filesPhrase(types: readonly string[]): string {
  const photos = types.every((type) => type.startsWith('image/'));
  const noun = photos ? 'photo' : 'file';
  return types.length === 1 ? `a ${noun}` : `${types.length} ${noun}s`;
}

/** The alert for an agent that finished: "Your agent has finished" unless the caller gave its own words. */
export function agentCompleteAlert(
  task: Task,
  title: string | undefined,
  body: string | undefined,
): PushAlert {
  return {
    notification: {
      title: previewText(title ?? 'Your agent has finished', 80),
      body: previewText(body ?? task.title, 200),
      collapseKey: `agent-complete:${task.id}`,
    },
    data: dataFor(task, 'agent-complete'),
  };
}
