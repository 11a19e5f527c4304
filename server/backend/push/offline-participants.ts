import type { Role } from '../ably-auth/capabilities.js';
import type { Participant } from '../store/store.js';

/** What deciding who to alert needs; all of it gathered by the caller. */
export interface OfflineInput {
  /** The task's participants (removed ones are skipped). */
  participants: readonly Participant[];
  /** clientIds present in the task's room now. */
  present: Iterable<string>;
  /** Who wrote the message: never alerted about their own words. */
  senderId?: string;
  /** Roles that never get alerts (observers and bots by default). */
  optedOutRoles: ReadonlySet<Role>;
}

/**
 * Who should hear about a new message (docs/architecture.md §4): participants − removed − present in the room − the
 * sender − roles that opted out. Pure; the answer keeps the participants' order.
 * @example offlineParticipants({ participants, present: ['dana'], senderId: 'ann', optedOutRoles: new Set(['observer']) })
 */
export function offlineParticipants(input: OfflineInput): string[] {
  const present = new Set(input.present);
  return input.participants
    .filter(
      (p) =>
        !p.removed &&
        p.userId !== input.senderId &&
        !present.has(p.userId) &&
        !input.optedOutRoles.has(p.role),
    )
    .map((p) => p.userId);
}
