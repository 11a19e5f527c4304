import type { Role } from '../../server/contract/api-contract.js';

/**
 * Every user-visible string of the element, including the accessible names that tests and assistive
 * technology use (the element's reference lists them). Functions take already-formatted numbers and names.
 */
export interface Strings {
  messages: string;
  message: string;
  send: string;
  placeholder: string;
  typing: { one: (a: string) => string; two: (a: string, b: string) => string; many: (n: string) => string };
  here: (n: number, formatted: string) => string;
  online: string;
  away: string;
  you: string;
  today: string;
  yesterday: string;
  edited: string;
  deleted: string;
  seenBy: (names: string) => string;
  newMessages: (n: number, formatted: string) => string;
  jumpToLatest: string;
  loadingOlder: string;
  startOfConversation: string;
  actions: string;
  react: string;
  edit: string;
  delete: string;
  confirmDelete: string;
  /** The button that confirms a delete. */
  deleteAction: string;
  cancel: string;
  save: string;
  retry: string;
  sending: string;
  /** Under a message that failed to send, with why (a retry may help). */
  notSent: { offline: string; generic: string };
  editing: string;
  escToCancel: string;
  reactionChip: (emoji: string, count: string, names: string) => string;
  addReaction: string;
  roomReaction: string;
  participants: string;
  participantsCount: (n: number, formatted: string) => string;
  close: string;
  readOnly: string;
  closed: string;
  empty: (name: string | undefined) => string;
  connecting: string;
  reconnecting: string;
  offline: string;
  failed: string;
  unableToOpen: string;
  errors: {
    tooLarge: string;
    rateLimited: string;
    rejected: (reason: string | undefined) => string;
    notAllowed: string;
    offline: string;
    generic: string;
  };
  roles: Record<Role, string>;
  /** The "notify me" toggle's name: push alerts on this device while away. */
  notify: string;
  /** Its name when the browser blocks notifications for the site. */
  notifyBlocked: string;
}
