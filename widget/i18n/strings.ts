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
  /** The composer's button that opens the file picker. */
  attachFile: string;
}

/**
 * The strings of photos and files (their links, the full view, the composer's files and their uploads, the
 * drop zone): loaded with that feature, in tables of their own (`files-en.ts`, `files-es.ts`, `files-ar.ts`), so
 * the first conversation does not carry them.
 */
export interface FileStrings {
  /** A photo in the conversation: the button that opens its full view (a dialog named by the file). */
  viewFile: (name: string) => string;
  /** A file in the conversation (and in the full view): the link that downloads it. */
  download: (name: string) => string;
  /** A file the backend no longer serves (its message was deleted, or it never finished uploading). */
  fileUnavailable: string;
  /** Shown over the conversation while files are dragged onto it. */
  dropFiles: string;
  /** A file in the composer: the button that stops its upload, or takes it out of the message. */
  cancelUpload: (name: string) => string;
  removeFile: (name: string) => string;
  /** A file whose upload failed: the button that tries again. */
  retryUpload: (name: string) => string;
  /** Why a file cannot go with the message (shown on its chip and above the composer). */
  errors: {
    tooLarge: (name: string, max: string) => string;
    type: (name: string) => string;
    tooMany: (max: string) => string;
    refused: (name: string, reason: string) => string;
    failed: (name: string) => string;
  };
  /** Above the composer when Send waits on a file that did not upload. */
  notReady: string;
}

/**
 * The strings of an AI agent's reply streaming into the conversation: loaded with that feature, in tables of
 * their own (`agent-en.ts`, `agent-es.ts`, `agent-ar.ts`), so a task without agents never downloads them.
 */
export interface AgentStrings {
  /** Under a reply still being written. */
  writing: string;
  /** The button that stops the reply (shown to the person it answers); its accessible name. */
  stop: string;
  /** Under a reply its reader stopped: the text so far stays. */
  stopped: string;
  /** Under a reply that ended in an error; `reason` is the agent's one sentence, when it gave one. */
  failed: (reason: string | undefined) => string;
  /** Told to screen readers once, when a reply starts. */
  started: (name: string) => string;
  /** Told once when a stopped reply ends, with its text so far (a finished one is told as its message). */
  stoppedWith: (name: string, text: string) => string;
  /** Told once when a reply fails. */
  failedWith: (name: string, reason: string | undefined) => string;
}
