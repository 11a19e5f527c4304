import { currentMembership, type Caller } from '../participants/membership.js';
import type { ReadStateAnswer } from '../../contract/api-contract.js';
import type { Store } from '../store/store.js';
import type { InboxService } from '../inbox/inbox-service.js';

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
    /** Counts the caller's unread messages (and hears of markers moving); absent without an inbox. */
    private readonly _inbox?: InboxService,
  ) {}

  /** The task's read markers; throws BackendError 1003/1004/1005/1007 unless the caller is a participant. */
  async get(caller: Caller): Promise<ReadState> {
    await this._member(caller, 'get read state');
    return this._state(caller);
  }

  /**
   * Advances the caller's marker to `serial` when it is newer than the stored one (it never moves back), then
   * answers like {@link get}. A marker that moved recounts the caller's unread messages and tells their inbox.
   */
  async advance(caller: Caller, serial: string): Promise<ReadState> {
    await this._member(caller, 'update read state');
    const stored = await this._store.setReadMarker(caller.task, caller.userId, serial, this._now());
    if (stored.serial === serial) await this._inbox?.onRead(caller.task, caller.userId);
    return this._state(caller);
  }

  private async _member(caller: Caller, operation: string): Promise<void> {
    currentMembership(await this._store.getTokenContext(caller.task, caller.userId), caller, operation);
  }

  private async _state(caller: Caller): Promise<ReadState> {
    const [markers, unread] = await Promise.all([
      this._store.listReadMarkers(caller.task),
      this._inbox?.unreadOf(caller.task, caller.userId),
    ]);
    return { task: caller.task, markers, ...(unread === undefined ? {} : { unread }) };
  }
}
