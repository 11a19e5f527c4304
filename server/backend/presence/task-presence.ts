import type * as Ably from 'ably';
import type { Participant, PresenceEvent, Task } from '../store/store.js';

/** `PUSH_PRESENCE`: the Store's set fed by the `channel.presence` webhook, or Ably's REST presence each time. */
export const PUSH_PRESENCE_MODES = ['webhook', 'rest'] as const;
export type PushPresenceMode = (typeof PUSH_PRESENCE_MODES)[number];

/** `PUSH_PRESENCE_TTL_SECONDS`: how long a present member counts without news of it before Ably confirms it. */
export const DEFAULT_PRESENCE_TTL_SECONDS = 1800;

/** What a push decision reads about a task: the task, its participants and who of them is in the room. */
export interface Audience {
  /** Undefined: no such task. */
  task?: Task;
  participants: Participant[];
  /** User ids present in the task's room. */
  present: ReadonlySet<string>;
}

/**
 * Who is in each task's room, for the push decision and any other reader on the server (docs/backend.md §6):
 * `webhook` keeps it in the Store from Ably's `channel.presence` integration rule; `rest` asks Ably's REST
 * presence each time.
 */
export interface TaskPresence {
  /**
   * The task, its participants and who of them is present. `matters` picks the participants whose presence
   * changes the decision (the others are never confirmed with Ably), by default all of them.
   */
  audience(taskId: string, matters?: (participant: Participant) => boolean): Promise<Audience>;
  /** clientIds present in the task's room, participants or not. */
  present(taskId: string): Promise<Set<string>>;
  /** The presence messages of one channel from a `channel.presence` webhook, in order. */
  record(channel: string, messages: readonly Ably.PresenceMessage[]): Promise<void>;
}

/** Presence actions that leave a member in the set (`enter`, `present`, `update`); `leave` and `absent` end it. */
const GONE = new Set<string>(['leave', 'absent']);

/** A webhook's presence messages as Store events; messages without a clientId or connection are skipped. */
export function presenceEvents(messages: readonly Ably.PresenceMessage[]): PresenceEvent[] {
  return messages
    .filter((m) => typeof m.clientId === 'string' && typeof m.connectionId === 'string')
    .map((m) => ({
      clientId: m.clientId,
      connectionId: m.connectionId,
      present: !GONE.has(m.action),
      timestamp: m.timestamp,
    }));
}
