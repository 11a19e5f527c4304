import type { Role } from '../ably-auth/capabilities.js';
import { errors } from '../errors.js';
import type { Participant, Task, TokenContext } from '../store/store.js';

/** Who asks, as a participant token or the host's `identify` hook vouched for. */
export interface Caller {
  userId: string;
  task: string;
  /** The role the host vouched for; when given it must equal the stored role. */
  role?: Role;
  /** Display name from the host; overrides the stored one. */
  name?: string;
}

/** A caller's task and current membership of it. */
export interface Membership {
  task: Task;
  participant: Participant;
}

/**
 * Decides whether `caller` may act in its task (docs/architecture.md §3): the task must exist (1003), the caller must be a
 * participant (1004) who was not removed (1005), with the vouched role if one was vouched (1007). Closed tasks
 * and every role pass; what they may do is the caller's decision. Pure; `operation` names the request.
 */
export function currentMembership(context: TokenContext, caller: Caller, operation: string): Membership {
  const { task, participant } = context;
  if (!task) throw errors.unknownTask(operation, caller.task);
  if (!participant) throw errors.notAParticipant(operation, caller.task);
  if (participant.removed) throw errors.participantRemoved(caller.task, operation);
  if (caller.role !== undefined && caller.role !== participant.role) {
    throw errors.roleMismatch(caller.role, participant.role, operation);
  }
  return { task, participant };
}
