import { taskIdFromRoom } from '../ably-auth/channel-names.js';
import { errors } from '../errors.js';
import type { Store } from '../store/store.js';
import { remember, type RecentMessage } from './flood.js';
import { decide } from './policy.js';
import { policyFor, type PolicyTable } from './policy-table.js';

/** What the moderation route passes on from Ably's custom-moderation request. */
export interface ModerationQuery {
  room: string;
  clientId: string;
  text: string;
  /** The names of the files the message lists (`metadata.attachments[].name`). */
  fileNames?: readonly string[];
}

/** Ably's custom-moderation response body. */
export type ModerationAnswer =
  | { action: 'accept' }
  | { action: 'reject'; rejectionReason: { reason: string; rule: string; policy: string } };

/** Participants whose recent messages are remembered (for flood detection); the least recent go first. */
const MAX_TRACKED_SENDERS = 10_000;
/** Messages remembered per participant and task (more when a policy allows more repeats). */
const RECENT_PER_SENDER = 20;

/**
 * Decides a message by its task's type (docs/architecture.md §5): the task's type from the store, the type's policy from
 * the table, the sender's recent messages from memory; the decision itself is `decide` (pure). Flood state
 * is per instance, like the rate limits.
 */
export class ModerationService {
  private readonly _recent = new Map<string, RecentMessage[]>();

  constructor(
    private readonly _store: Store,
    private readonly _table: PolicyTable,
    private readonly _now: () => number = Date.now,
  ) {}

  async moderate(query: ModerationQuery): Promise<ModerationAnswer> {
    const taskId = taskIdFromRoom(query.room);
    // Not a task's room: nothing here knows its rules, so this endpoint does not stand in the way.
    if (taskId === undefined) return { action: 'accept' };
    const task = await this._store.getTask(taskId);
    if (!task) throw errors.unknownTask('moderate message', taskId);
    const policy = policyFor(this._table, task.type);
    if (!policy) return { action: 'accept' };
    const key = `${taskId}\u0000${query.clientId}`;
    const now = this._now();
    const recent = this._recent.get(key) ?? [];
    const decision = decide(policy, { text: query.text, recent, now });
    if (decision.action === 'reject') {
      const { reason, rule } = decision.rejection;
      return { action: 'reject', rejectionReason: { reason, rule, policy: policy.name } };
    }
    // File names as text of their own: their words and contact details, not flood or link counts.
    const { flood: _flood, maxLinks: _maxLinks, ...nameChecks } = policy;
    for (const name of query.fileNames ?? []) {
      const named = decide(nameChecks, { text: name, recent: [], now });
      if (named.action === 'reject') {
        const { reason, rule } = named.rejection;
        return { action: 'reject', rejectionReason: { reason, rule, policy: policy.name } };
      }
    }
    if (policy.flood) {
      const { windowMs, maxRepeats } = policy.flood;
      const keep = Math.max(RECENT_PER_SENDER, maxRepeats);
      this._remember(key, remember(recent, query.text, now, windowMs, keep));
    }
    return { action: 'accept' };
  }

  private _remember(key: string, recent: RecentMessage[]): void {
    // Re-inserted at the end: the Map's order is least recently active first.
    this._recent.delete(key);
    this._recent.set(key, recent);
    if (this._recent.size > MAX_TRACKED_SENDERS) this._recent.delete(this._recent.keys().next().value!);
  }
}
