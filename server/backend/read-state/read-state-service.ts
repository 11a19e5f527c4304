import { currentMembership, type Caller } from '../participants/membership.js';
import type { ReadStateAnswer } from '../../contract/api-contract.js';
import type { Store } from '../store/store.js';

/** `/api/read-state`'s answer: every current participant's read marker, in order of joining. */
export type ReadState = ReadStateAnswer;

/**
 * Read state per participant and task (docs/architecture.md §6): any current participant — observers and closed tasks
 * included — may read the task's markers and advance its own. Routes only parse input and call this.
 */
export class ReadStateService {
  constructor(
    private readonly _store: Store,
    private readonly _now: () => number = Date.now,
  ) {}

  /** The task's read markers; throws BackendError 1003/1004/1005/1007 unless the caller is a participant. */
  async get(caller: Caller): Promise<ReadState> {
    await this._member(caller, 'get read state');
    return this._state(caller.task);
  }

  /**
   * Advances the caller's marker to `serial` when it is newer than the stored one (it never moves back), then
   * answers like {@link get}.
   */
  async advance(caller: Caller, serial: string): Promise<ReadState> {
    await this._member(caller, 'update read state');
    await this._store.setReadMarker(caller.task, caller.userId, serial, this._now());
    return this._state(caller.task);
  }

  private async _member(caller: Caller, operation: string): Promise<void> {
    currentMembership(await this._store.getTokenContext(caller.task, caller.userId), caller, operation);
  }

  private async _state(task: string): Promise<ReadState> {
    return { task, markers: await this._store.listReadMarkers(task) };
  }
}
