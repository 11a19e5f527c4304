import { MessageAction } from '../protocol/actions.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import type { Operation } from './capability.js';

/**
 * Whether a caller may update, append to or delete a message (wire §5.7, DESIGN §6.3): `message-*-any`
 * allows any message, `message-*-own` only the caller's own (an unidentified caller → 40166). Pure.
 */
export function assertMayMutate(
  ops: Set<Operation>,
  action: number,
  callerClientId: string | undefined,
  authorClientId: string | undefined,
  channel: string,
): void {
  const kind = action === MessageAction.DELETE ? 'delete' : 'update';
  if (ops.has(`message-${kind}-any`)) return;
  if (ops.has(`message-${kind}-own`)) {
    if (!callerClientId) {
      throw new AblyError(
        40166,
        401,
        `unable to ${kind} message; an unidentified client cannot modify own messages`,
      );
    }
    if (callerClientId === authorClientId) return;
  }
  throw errors.capability(`${kind} message`, channel);
}
