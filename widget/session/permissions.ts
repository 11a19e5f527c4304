import type { Operation, TokenAnswer } from '../../server/contract/api-contract.js';

/**
 * What the signed-in participant may do now. Decided once per token — when the chat opens and on every renewal
 * (a task closed meanwhile renews read-only) — from the operations the backend granted; everything the element
 * offers or sends is gated by this one value.
 */
export interface Permissions {
  /** Send messages, type and send room reactions. */
  readonly send: boolean;
  /** Add and remove message reactions. */
  readonly react: boolean;
  readonly editOwn: boolean;
  readonly deleteOwn: boolean;
  /** Delete anyone's message (staff roles). */
  readonly deleteAny: boolean;
  /** Enter presence, with a status line and a read position. */
  readonly enterPresence: boolean;
  /** Offer "notify me": push to this browser on the user's notifications channel. */
  readonly push: boolean;
  /** Attach photos and files to messages (the backend's decision for this role, task type and task). */
  readonly attach: boolean;
  /** Why the composer gives way to a notice: the task is closed, or the role only reads. */
  readonly readOnly: 'closed' | 'observer' | undefined;
}

/** The permissions a token answer grants. Pure. */
export function permissionsOf(
  answer: Pick<TokenAnswer, 'operations' | 'readOnly' | 'notificationsChannel'> &
    Partial<Pick<TokenAnswer, 'attachments'>>,
): Permissions {
  const granted = new Set<Operation>(answer.operations);
  const can = (operation: Operation) => !answer.readOnly && granted.has(operation);
  return Object.freeze({
    send: can('publish'),
    react: can('annotation-publish'),
    editOwn: can('publish') && can('message-update-own'),
    deleteOwn: can('message-delete-own'),
    deleteAny: can('message-delete-any'),
    enterPresence: can('presence'),
    push: can('push-subscribe') && answer.notificationsChannel !== null,
    // An older backend sends no `attachments`: nothing to attach then.
    attach: can('publish') && !!answer.attachments,
    readOnly: answer.readOnly ? 'closed' : granted.has('publish') ? undefined : 'observer',
  });
}

/** Whether a message may be deleted: anyone's by staff, one's own by its author. */
export function mayDelete(permissions: Permissions, own: boolean): boolean {
  return permissions.deleteAny || (own && permissions.deleteOwn);
}
