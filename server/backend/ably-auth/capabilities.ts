import type { Operation, Role } from '../../contract/api-contract.js';
import {
  agentChannelFor,
  chatChannelFor,
  inboxChannelFor,
  notificationsChannelFor,
} from './channel-names.js';

export type { Operation, Role } from '../../contract/api-contract.js';

/*
 * Roles and what each may do in a task's room: ONE pure table. The issuer turns it into the
 * `x-ably-capability` claim; the SDK tests prove each row against a real Ably-compatible server. The role and
 * operation names are the wire contract's (server/contract/api-contract.ts).
 */

/** Every role, in the order the docs list them (pinned to the contract's `Role` in contract-checks.ts). */
export const ROLES = [
  'customer',
  'agent',
  'buyer',
  'seller',
  'courier',
  'player',
  'moderator',
  'observer',
  'bot',
] as const satisfies readonly Role[];

/**
 * A participant of a task: send and read messages, history, presence, typing and room reactions (publish),
 * message reactions (annotation-publish, and annotation-subscribe for who-reacted lists), edit and delete
 * their own messages, and register a device for push.
 */
const PARTICIPANT: readonly Operation[] = [
  'publish',
  'subscribe',
  'presence',
  'history',
  'annotation-publish',
  'annotation-subscribe',
  'message-update-own',
  'message-delete-own',
  'push-subscribe',
];

/** A participant who also moderates: deletes anyone's message. Nobody edits another's words. */
const STAFF: readonly Operation[] = [...PARTICIPANT, 'message-delete-any'];

/**
 * The role matrix. `subscribe` also covers presence-subscribe, occupancy and reaction summaries in Ably, so an
 * observer sees who is here without being able to enter presence, type, react or publish. A bot posts, reads
 * what it answers and edits or deletes its own messages (streamed answers are edits), without presence.
 */
const MATRIX: Readonly<Record<Role, readonly Operation[]>> = {
  customer: PARTICIPANT,
  buyer: PARTICIPANT,
  player: PARTICIPANT,
  courier: PARTICIPANT,
  agent: STAFF,
  seller: STAFF,
  moderator: STAFF,
  observer: ['subscribe', 'history'],
  bot: ['publish', 'subscribe', 'history', 'message-update-own', 'message-delete-own'],
};

/** What every role may do in a closed task: read the conversation, nothing else. */
const READ_ONLY: readonly Operation[] = ['subscribe', 'history'];

/**
 * What every participant may do on the task's agent channel, whatever the role and open or closed: watch
 * agents' replies stream and read the runs' messages back. Only an agent's own run token writes there.
 */
const AGENT_CHANNEL: readonly Operation[] = ['history', 'subscribe'];

const sorted = (ops: readonly Operation[]): readonly Operation[] => Object.freeze([...ops].sort());
const OPEN_SORTED = Object.fromEntries(ROLES.map((role) => [role, sorted(MATRIX[role])])) as Record<
  Role,
  readonly Operation[]
>;
const READ_ONLY_SORTED = sorted(READ_ONLY);

/** Whether `value` is one of {@link ROLES}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The operations `role` has in a task, sorted; read-only when the task is closed. `push-subscribe` among them
 * applies to the user's notifications channel ({@link capabilityFor}).
 */
export function operationsFor(role: Role, options: { closed: boolean }): Operation[] {
  return [...(options.closed ? READ_ONLY_SORTED : OPEN_SORTED[role])];
}

/**
 * The Ably capability for `role` in task `taskId`: the task's chat channel with the role's operations;
 * `subscribe` and `history` on the task's agent channel; and — for roles with `push-subscribe` in an open task —
 * `push-subscribe` on the user's own notifications channel and nowhere else (registering a browser for push and
 * subscribing it there, docs/architecture.md §4).
 * @example capabilityFor('order:8841', 'observer', { closed: false }, 'u-17')
 * // { 'task:order:8841::$chat': ['history', 'subscribe'], 'agent:order:8841': ['history', 'subscribe'] }
 * @example capabilityFor('order:8841', 'buyer', { closed: false }, 'u-17')
 * // { 'task:order:8841::$chat': ['annotation-publish', …, 'subscribe'], 'agent:order:8841': [ … ],
 * //   'notifications:u-17': ['push-subscribe'] }
 */
export function capabilityFor(
  taskId: string,
  role: Role,
  options: { closed: boolean },
  userId: string,
): Record<string, Operation[]> {
  const operations = operationsFor(role, options);
  const room = operations.filter((op) => op !== 'push-subscribe');
  const capability: Record<string, Operation[]> = {
    [chatChannelFor(taskId)]: room,
    [agentChannelFor(taskId)]: [...AGENT_CHANNEL],
  };
  if (room.length < operations.length) capability[notificationsChannelFor(userId)] = ['push-subscribe'];
  return capability;
}

/**
 * What an agent's own run token may do (docs/backend.md §8): create its run's message on the task's agent
 * channel, append to it and close it (`message-update-own`: only its own), and nothing else anywhere.
 */
export function agentRunCapability(taskId: string): Record<string, Operation[]> {
  return { [agentChannelFor(taskId)]: ['message-update-own', 'publish'] };
}

/**
 * Every operation some role has in a room, sorted, without `push-subscribe` (granted on the notifications
 * channel): what the backend's key must allow on every room, since Ably grants a token the intersection of its
 * claim and its key's capability (docs/production.md).
 */
export function roomOperationsOfEveryRole(): Operation[] {
  const all = new Set(ROLES.flatMap((role) => MATRIX[role]));
  all.delete('push-subscribe');
  return [...all].sort();
}

/**
 * The capability of a signed-in user without a task (the inbox, the launcher): `subscribe` on the user's own
 * inbox channel and nothing else — no other user's inbox, no room, no publishing (only the backend publishes
 * there, with its key).
 * @example inboxCapabilityFor('u-17') // { 'inbox:u-17': ['subscribe'] }
 */
export function inboxCapabilityFor(userId: string): Record<string, Operation[]> {
  return { [inboxChannelFor(userId)]: ['subscribe'] };
}
