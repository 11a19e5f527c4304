import { LOADING } from '../../widget/i18n/loading.js';
import { agentEn } from '../../widget/i18n/agent-en.js';
import { filesEn } from '../../widget/i18n/files-en.js';
import type { Strings } from '../../widget/i18n/strings.js';
import { launcherEn } from '../../widget/launcher/launcher-strings.js';

/** One control or region of the element as assistive technology (and the tests) find it: role and name. */
export interface AccessibleName {
  role: string;
  /** The name (or its alternatives) in a locale's string table; `<…>` is filled in by the conversation. */
  name: (s: Strings) => string | string[];
  /** What it is, with any strings of the table it quotes. */
  what: string | ((s: Strings) => string);
}

/**
 * The element's roles and accessible names, written against its string table so the reference shows the
 * names the element really uses (a renamed or removed string stops this compiling). The order is the page's,
 * top to bottom.
 */
export const ACCESSIBLE_NAMES: readonly AccessibleName[] = [
  // Named by the loader before any string table has loaded: from its own table of loading texts.
  { role: 'status', name: () => LOADING.en, what: 'the skeleton shown while the chat loads' },
  {
    role: 'button',
    name: (s) => `${s.participants} <count>`,
    what: 'opens the participants panel (`aria-haspopup="dialog"`, `aria-expanded`)',
  },
  { role: 'dialog', name: (s) => s.participants, what: 'the participants panel; Escape closes it' },
  { role: 'button', name: (s) => s.close, what: 'closes the participants panel' },
  { role: 'button', name: (s) => s.notify, what: 'the "notify me" toggle (`aria-pressed`)' },
  {
    role: 'button',
    name: (s) => s.notifyBlocked,
    what: 'the same toggle, disabled, when the browser blocks it',
  },
  {
    role: 'status',
    name: (s) => [s.connecting, s.reconnecting, s.offline, s.failed],
    what: (s) => `the connection banner, with a "${s.retry}" button`,
  },
  {
    role: 'alert',
    name: (s) => s.unableToOpen,
    what: (s) => `the chat could not open: the backend's message and "${s.retry}"`,
  },
  {
    role: 'log',
    name: (s) => s.messages,
    what: 'the conversation, drawn as a window (rows near the screen); not a live region (`aria-live="off"`)',
  },
  {
    role: 'status',
    name: () => '<name>: <text>',
    what: 'the newest live message from someone else, told once (polite)',
  },
  { role: 'heading', name: (s) => [s.today, s.yesterday, '<date>'], what: 'a day separator (level 3)' },
  { role: 'article', name: () => '<author>, <time>', what: 'one message' },
  {
    role: 'article',
    name: () => '<agent>, <time>',
    what: `an AI agent's reply as it is written, after the message it follows (\`aria-busy\` while it streams; "${agentEn.writing}", "${agentEn.stopped}" or "${agentEn.failed(undefined)}" under it)`,
  },
  {
    role: 'button',
    name: () => agentEn.stop,
    what: "stops the agent's reply (for the person it answers); the text so far stays, marked stopped",
  },
  {
    role: 'status',
    name: () => agentEn.started('<agent>'),
    what: 'an agent starting a reply, told once (polite); the finished reply is told as its message, a stopped or failed one with its text',
  },
  { role: 'toolbar', name: (s) => s.actions, what: 'the actions of the focused or hovered message' },
  { role: 'button', name: (s) => s.react, what: 'opens the reaction picker (`aria-expanded`)' },
  { role: 'group', name: (s) => s.addReaction, what: "the message reaction picker's emoji buttons" },
  { role: 'button', name: (s) => s.edit, what: 'edits your message in the composer' },
  { role: 'button', name: (s) => s.delete, what: 'asks to delete the message' },
  {
    role: 'group',
    name: (s) => s.confirmDelete,
    what: (s) => `the confirmation, with "${s.deleteAction}" and "${s.cancel}" buttons`,
  },
  {
    role: 'button',
    name: () => filesEn.viewFile('<file>'),
    what: 'a photo in a message (its box sized before it loads); opens the full view',
  },
  { role: 'link', name: () => filesEn.download('<file>'), what: 'a file in a message, or in the full view' },
  {
    role: 'dialog',
    name: () => '<file>',
    what: (s) =>
      `a photo's full view (modal; Escape or "${s.close}" closes it and focus returns to the photo)`,
  },
  {
    role: 'button',
    name: (s) => s.reactionChip('<emoji>', '<count>', '<who>'),
    what: 'a reaction chip, a toggle (`aria-pressed`)',
  },
  {
    role: 'alert',
    name: (s) => [s.notSent.offline, s.notSent.generic].map((why) => `${why} · ${s.retry} · ${s.cancel}`),
    what: 'a failed send under its message',
  },
  {
    role: 'button',
    name: (s) => [s.jumpToLatest, s.newMessages(2, '<n>')],
    what: 'back to the newest message when scrolled up',
  },
  { role: 'alert', name: (s) => s.errors.rejected('<reason>'), what: 'a refused send above the kept draft' },
  { role: 'note', name: (s) => [s.readOnly, s.closed], what: 'in place of the composer when read-only' },
  { role: 'button', name: (s) => s.roomReaction, what: 'opens the room reactions (`aria-expanded`)' },
  {
    role: 'button',
    name: (s) => s.attachFile,
    what: 'opens the file picker (files can also be dropped on the conversation or pasted)',
  },
  { role: 'progressbar', name: () => '<file>', what: 'a file of the message being written, uploading' },
  {
    role: 'button',
    name: () => [filesEn.cancelUpload('<file>'), filesEn.removeFile('<file>'), filesEn.retryUpload('<file>')],
    what: 'stops an upload or takes a file out of the message; tries a failed upload again',
  },
  { role: 'textbox', name: (s) => s.message, what: 'the composer' },
  { role: 'button', name: (s) => [s.send, s.save], what: 'sends (or, while editing, saves)' },
];

/** A role and name of another element of the package, from its own English string table. */
export interface OtherAccessibleName {
  role: string;
  name: string | string[];
  what: string;
}

/** The other elements' roles and accessible names that are public API, by tag, in the page's order. */
export const OTHER_ACCESSIBLE_NAMES: Readonly<Record<string, readonly OtherAccessibleName[]>> = {
  'embedded-chat-launcher': [
    {
      role: 'dialog',
      name: launcherEn.panel,
      what: 'the panel with the conversation or the inbox; focus moves into it when it opens, Escape closes it (a modal sheet at phone widths)',
    },
    {
      role: 'button',
      name: launcherEn.close,
      what: "the sheet's own close button at phone widths (≤ 480 px); focus returns to the launcher",
    },
    {
      role: 'button',
      name: [launcherEn.open, launcherEn.withUnread(launcherEn.open, '<n>'), launcherEn.close],
      what: 'the floating button (`aria-expanded`, `aria-controls` the panel); a `label` takes the place of "Open chat"; the badge itself is hidden from assistive technology, its count is in the name',
    },
  ],
};
