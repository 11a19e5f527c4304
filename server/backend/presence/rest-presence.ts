import type { PresenceMember, Store } from '../store/store.js';
import type { Audience, TaskPresence } from './task-presence.js';

/** Where a task room's members come from: Ably's REST presence, every page. */
export type PresenceSnapshot = (taskId: string) => Promise<PresenceMember[]>;

/**
 * `PUSH_PRESENCE=rest`: asks Ably's REST presence at every decision (the backend's path before presence was
 * stored): a call to Ably per webhook request, and nothing to keep. Presence webhooks are ignored.
 */
export class RestPresence implements TaskPresence {
  constructor(
    private readonly _store: Store,
    private readonly _snapshot: PresenceSnapshot,
  ) {}

  async audience(taskId: string): Promise<Audience> {
    const task = await this._store.getTask(taskId);
    if (!task) return { participants: [], present: new Set() };
    const [participants, present] = await Promise.all([
      this._store.listParticipants(taskId),
      this.present(taskId),
    ]);
    return { task, participants, present };
  }

  async present(taskId: string): Promise<Set<string>> {
    return new Set((await this._snapshot(taskId)).map((m) => m.clientId));
  }

  async record(): Promise<void> {}
}
