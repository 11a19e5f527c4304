import type { TokenRevoker } from '../ably-admin/token-revoker.js';
import { errors } from '../errors.js';
import type { InboxService } from '../inbox/inbox-service.js';
import type { Participant, ParticipantInput, Store, Task, TaskInput, Upserted } from '../store/store.js';

/** A task with its participants, removed ones flagged. */
export interface TaskWithParticipants {
  task: Task;
  participants: Participant[];
}

/**
 * The tasks API's decisions (docs/architecture.md §3): tasks and participants in the store, and revocation of live Ably
 * tokens when a participant is removed or a task closes. Routes only parse input and call this.
 */
export class TaskService {
  constructor(
    private readonly _store: Store,
    private readonly _revoker: TokenRevoker,
    private readonly _now: () => number = Date.now,
    /** Hears of every change an inbox row shows; absent without an inbox. */
    private readonly _inbox?: InboxService,
  ) {}

  /** Creates or updates a task; a closed task stays closed. */
  async upsertTask(input: TaskInput): Promise<Upserted<Task>> {
    const result = await this._store.upsertTask(input, this._now());
    if (!result.created) await this._inbox?.onTaskChanged(input.id);
    return result;
  }

  async getTask(taskId: string): Promise<TaskWithParticipants> {
    const task = await this._store.getTask(taskId);
    if (!task) throw errors.unknownTask('get task', taskId);
    return { task, participants: await this._store.listParticipants(taskId) };
  }

  /**
   * Adds a participant, or changes its role and name, or re-adds it after removal. Refused once the task is
   * closed. A changed role revokes the user's live tokens, so a demoted user cannot keep the old powers.
   */
  async upsertParticipant(input: ParticipantInput): Promise<Upserted<Participant>> {
    const [task, before] = await Promise.all([
      this._store.getTask(input.taskId),
      this._store.getParticipant(input.taskId, input.userId),
    ]);
    if (!task) throw errors.unknownTask('add participant', input.taskId);
    if (task.closed) throw errors.taskClosed('add participant', input.taskId);
    const result = await this._store.upsertParticipant(input, this._now());
    if (before && !before.removed && before.role !== input.role) {
      await this._revoke('change participant role', [input.userId]);
    }
    await this._inbox?.onJoined(input.taskId, input.userId);
    return result;
  }

  /**
   * Removes a participant: no new tokens from now on, and Ably revokes the user's live tokens (tokens of the
   * user's other tasks are renewed by the SDK without the user noticing). Idempotent; a retry revokes again.
   */
  async removeParticipant(taskId: string, userId: string): Promise<Participant> {
    const task = await this._store.getTask(taskId);
    if (!task) throw errors.unknownTask('remove participant', taskId);
    const removed = await this._store.removeParticipant(taskId, userId, this._now());
    if (!removed) throw errors.notAParticipant('remove participant', taskId, 404);
    await this._revoke('remove participant', [userId]);
    await this._inbox?.onRemoved(taskId, userId);
    return removed;
  }

  /**
   * Closes a task: from now on every token for it is read-only, and live tokens of its participants are
   * revoked so their widgets renew into read-only ones. Idempotent; a retry revokes again.
   */
  async closeTask(taskId: string): Promise<Task> {
    const task = await this._store.closeTask(taskId, this._now());
    if (!task) throw errors.unknownTask('close task', taskId);
    const participants = await this._store.listParticipants(taskId);
    await this._revoke(
      'close task',
      participants.filter((p) => !p.removed).map((p) => p.userId),
    );
    await this._inbox?.onTaskChanged(taskId);
    return task;
  }

  private async _revoke(operation: string, userIds: string[]): Promise<void> {
    const revoked = await this._revoker.revoke(operation, userIds);
    await Promise.all([...revoked].map(([userId, before]) => this._store.recordRevocation(userId, before)));
  }
}
