/**
 * Every user-visible string of the element, including the accessible names that tests and assistive
 * technology use (README "Accessible names"). Functions take already-formatted numbers and names.
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
  notSent: string;
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
    generic: string;
  };
  roles: Record<string, string>;
  /** The "notify me" toggle's name: push alerts on this device while away. */
  notify: string;
  /** Its name when the browser blocks notifications for the site. */
  notifyBlocked: string;
  /** Shown while the chat loads (also the skeleton's accessible name). */
  loading: string;
}
