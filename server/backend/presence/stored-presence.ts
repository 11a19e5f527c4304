import type * as Ably from 'ably';
import type { Logger } from 'pino';
import { describeAblyError } from '../ably-admin/describe-ably-error.js';
import { taskIdFromChannel } from '../ably-auth/channel-names.js';
import type { Participant, PresenceSet, PushAudience, Store } from '../store/store.js';
import type { PresenceSnapshot } from './rest-presence.js';
import { presenceEvents, type Audience, type TaskPresence } from './task-presence.js';

export interface StoredPresenceDeps {
  store: Store;
  /** REST presence of a task's room: what a set is rebuilt from. */
  snapshot: PresenceSnapshot;
  /** A present member unheard of for this long is stale: confirmed with Ably before it counts. */
  ttlMs: number;
  now: () => number;
  logger: Logger;
}

/**
 * `PUSH_PRESENCE=webhook` (the default): who is in each room, kept in the Store from Ably's `channel.presence`
 * webhook, so a push decision is one Store read and no call to Ably (docs/backend.md §6). A task's set is
 * rebuilt once from REST presence when it cannot be trusted — never synced in this generation (every instance
 * starts one when it starts, and after failing to store events: either may have missed some) — or when a member
 * whose presence decides something is stale (its leave may have been lost). Several instances share the set
 * through the Store.
 */
export class StoredPresence implements TaskPresence {
  /** This instance's generation, started on first use. */
  private _started: Promise<number> | undefined;
  /** Events could not be stored: a new generation before the set is trusted again. */
  private _gap = false;
  /** Rebuilds in flight, one per task, so a burst of webhooks asks Ably once. */
  private readonly _rebuilds = new Map<string, Promise<boolean>>();

  constructor(private readonly _deps: StoredPresenceDeps) {}

  async audience(
    taskId: string,
    matters: (participant: Participant) => boolean = () => true,
  ): Promise<Audience> {
    await this._begin();
    const read = () => this._deps.store.pushAudience(taskId, this._deps.now(), this._deps.ttlMs);
    const audience = await read();
    if (!audience.task) return audience;
    const doubtful = (a: PushAudience) =>
      !a.synced || a.participants.some((p) => a.stale.has(p.userId) && matters(p));
    if (!doubtful(audience)) return audience;
    return (await this._rebuild(taskId, audience.generation)) ? await read() : bestGuess(audience);
  }

  async present(taskId: string): Promise<Set<string>> {
    await this._begin();
    const read = () => this._deps.store.presence(taskId, this._deps.now(), this._deps.ttlMs);
    const set = await read();
    if (set.synced && set.stale.size === 0) return set.present;
    return bestGuess((await this._rebuild(taskId, set.generation)) ? await read() : set).present;
  }

  async record(channel: string, messages: readonly Ably.PresenceMessage[]): Promise<void> {
    const taskId = taskIdFromChannel(channel);
    if (taskId === undefined) return;
    const events = presenceEvents(messages);
    if (events.length === 0) return;
    try {
      await this._deps.store.applyPresence(taskId, events, this._deps.now(), this._deps.ttlMs);
    } catch (err) {
      // Ably retries the webhook, but may give up: the sets are rebuilt before they are trusted again.
      this._gap = true;
      throw err;
    }
  }

  private async _begin(): Promise<void> {
    this._started ??= this._deps.store.newPresenceGeneration().catch((err: unknown) => {
      this._started = undefined;
      throw err;
    });
    await this._started;
    if (this._gap) {
      this._gap = false;
      await this._deps.store.newPresenceGeneration();
    }
  }

  /** Rebuilds a task's set from REST presence; false when Ably could not be asked (logged). */
  private _rebuild(taskId: string, generation: number): Promise<boolean> {
    let running = this._rebuilds.get(taskId);
    if (!running) {
      running = this._snapshotInto(taskId, generation).finally(() => this._rebuilds.delete(taskId));
      this._rebuilds.set(taskId, running);
    }
    return running;
  }

  private async _snapshotInto(taskId: string, generation: number): Promise<boolean> {
    // Taken before asking: what is heard from now on is newer than the snapshot and stays.
    const takenAt = this._deps.now();
    let members;
    try {
      members = await this._deps.snapshot(taskId);
    } catch (err) {
      this._deps.logger.warn(
        { task: taskId, reason: describeAblyError(err) },
        'unable to rebuild presence from Ably; deciding with the stored set',
      );
      return false;
    }
    await this._deps.store.rebuildPresence(taskId, members, { takenAt, generation }, this._deps.now());
    this._deps.logger.debug({ task: taskId, members: members.length }, 'presence rebuilt from Ably');
    return true;
  }
}

/** Without Ably's word, a stale member counts as present: no leave of it was heard. */
function bestGuess<T extends PresenceSet | PushAudience>(set: T): T {
  return { ...set, present: new Set([...set.present, ...set.stale]), stale: new Set() };
}
