/**
 * The one place that knows how a task id becomes an Ably Chat room name and channel name (docs/architecture.md §3).
 * Pure; no other module concatenates room or channel names.
 *
 * A task id is one or more `:`-separated segments of `A-Z a-z 0-9 _ . @ -` (at most 128 characters), e.g.
 * `order:8841` or `ticket-42`. Excluded on purpose: `*` (a capability wildcard), `::` and a leading or
 * trailing `:` (Ably's segment syntax), `$`, `[` and whitespace (reserved in channel names).
 */

/** Every room lives in the `task` namespace so Ably channel rules can target all of them at once. */
export const TASK_NAMESPACE = 'task';
const ROOM_PREFIX = `${TASK_NAMESPACE}:`;

/**
 * Each user's own channel for alerts not tied to one conversation (an agent finished, docs/architecture.md §4):
 * the namespace whose channel rule enables push (docs/production.md).
 */
export const NOTIFICATIONS_NAMESPACE = 'notifications';
const NOTIFICATIONS_PREFIX = `${NOTIFICATIONS_NAMESPACE}:`;

/**
 * Where agents stream their replies beside a task's room (message appends on a pub/sub channel, as Ably's AI
 * Transport does): its channel rule enables mutable messages, which appends need (docs/production.md).
 */
export const AGENT_NAMESPACE = 'agent';
const AGENT_PREFIX = `${AGENT_NAMESPACE}:`;

/**
 * Each user's own inbox channel: the backend publishes there whenever one of the user's tasks changes (a new
 * message, a read marker moved, the user added or removed), so an inbox or a launcher stays current by
 * attaching one channel however many tasks the user is in.
 */
export const INBOX_NAMESPACE = 'inbox';
const INBOX_PREFIX = `${INBOX_NAMESPACE}:`;

/** Suffix `@ably/chat` 1.4.0 appends to a room name to get its channel (its `roomChannelName`). */
const CHAT_CHANNEL_SUFFIX = '::$chat';

export const MAX_TASK_ID_LENGTH = 128;

const TASK_ID = /^[A-Za-z0-9_.@-]+(?::[A-Za-z0-9_.@-]+)*$/;

/** Whether `taskId` is a well-formed task id. */
export function isValidTaskId(taskId: string): boolean {
  return taskId.length <= MAX_TASK_ID_LENGTH && TASK_ID.test(taskId);
}

/** The Chat room name of a task: `order:8841` → `task:order:8841`. The caller validates the id first. */
export function roomNameFor(taskId: string): string {
  return `${ROOM_PREFIX}${taskId}`;
}

/** The Ably channel that carries a task's room: `task:order:8841::$chat`. */
export function chatChannelFor(taskId: string): string {
  return `${roomNameFor(taskId)}${CHAT_CHANNEL_SUFFIX}`;
}

/**
 * A user's notifications channel: `u-17` → `notifications:u-17`. Tokens grant `push-subscribe` on it, so the
 * element can subscribe the user's browser; the backend publishes agent completions there with
 * `extras.push`. The caller validates the user id first (it never contains `*`).
 */
export function notificationsChannelFor(userId: string): string {
  return `${NOTIFICATIONS_PREFIX}${userId}`;
}

/**
 * A task's agent channel: `order:8841` → `agent:order:8841`. Every participant subscribes there (and reads its
 * history); only an agent of the task publishes and appends, with a token of its own. The caller validates the
 * task id first.
 */
export function agentChannelFor(taskId: string): string {
  return `${AGENT_PREFIX}${taskId}`;
}

/**
 * A user's inbox channel: `u-17` → `inbox:u-17`. Only the user's own token may subscribe (capabilities.ts);
 * nobody but the backend publishes. The caller validates the user id first (it never contains `*`).
 */
export function inboxChannelFor(userId: string): string {
  return `${INBOX_PREFIX}${userId}`;
}

/** The user-claim JWT claim name for a task's room (Ably Chat's room user claims): `ably.room.task:order:8841`. */
export function roomClaimNameFor(taskId: string): string {
  return `ably.room.${roomNameFor(taskId)}`;
}

/** A participant's verified identity in a task's room: the JWT user claim `{role, name}` under its claim name. */
export function roomUserClaims(taskId: string, role: string, name: string): Record<string, string> {
  return { [roomClaimNameFor(taskId)]: JSON.stringify({ role, name }) };
}

/**
 * Reads a message's room user claim back (Ably stamps it as `userClaim`): its string `role` and `name`, or
 * undefined when there is none or it is not a JSON object, i.e. not a claim this backend signed. Pure.
 */
export function parseRoomUserClaim(claim: unknown): { role?: string; name?: string } | undefined {
  if (typeof claim !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(claim);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { role, name } = value as Record<string, unknown>;
  return {
    ...(typeof role === 'string' ? { role } : {}),
    ...(typeof name === 'string' ? { name } : {}),
  };
}

/** The task id of a room name, e.g. from a moderation request's `room`; `undefined` for any other room. */
export function taskIdFromRoom(room: string): string | undefined {
  if (!room.startsWith(ROOM_PREFIX)) return undefined;
  const taskId = room.slice(ROOM_PREFIX.length);
  return isValidTaskId(taskId) ? taskId : undefined;
}

/**
 * A regular expression (source) matching every task's room channel, for integration rules such as a
 * before-publish moderation rule's channel filter (it matches the room name as well, Ably's room filter).
 */
export const TASK_ROOM_CHANNEL_FILTER = `^${ROOM_PREFIX}`; // the prefix has no regex metacharacters

/**
 * The task id of a room channel, e.g. from a webhook's `channel` field; `undefined` for any other channel.
 */
export function taskIdFromChannel(channel: string): string | undefined {
  if (!channel.startsWith(ROOM_PREFIX) || !channel.endsWith(CHAT_CHANNEL_SUFFIX)) return undefined;
  const taskId = channel.slice(ROOM_PREFIX.length, -CHAT_CHANNEL_SUFFIX.length);
  return isValidTaskId(taskId) ? taskId : undefined;
}
