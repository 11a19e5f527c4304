import { ChatMessageAction, type Message } from '@ably/chat';
import type { Locale } from '../../i18n/locale.js';
import { linkify, type TextSegment } from './linkify.js';
import type { SendFailure } from '../composer/send-errors.js';
import { parseUserClaim } from '../participants/user-claim.js';

/** A reaction chip: one emoji, how many, who (clientIds) and whether the viewer is among them. */
export interface ReactionChip {
  name: string;
  count: number;
  clientIds: string[];
  mine: boolean;
}

/** A message as the view draws it: confirmed, or typed here and pending. */
export interface TimelineMessage {
  key: string;
  clientId: string;
  name: string;
  role?: string;
  text: string;
  /** `text` as plain runs and safe links, split once (not on every render). */
  segments: TextSegment[];
  at: Date;
  /** `at` as the locale writes a time ("10:42 AM"), formatted once. */
  time: string;
  own: boolean;
  edited: boolean;
  deleted: boolean;
  state: 'sent' | 'sending' | 'failed';
  failure?: SendFailure;
  reactions: ReactionChip[];
  /** The SDK message behind a confirmed one (edit, delete, react); the local id for pending ones. */
  source: Message | string;
}

export type TimelineRow =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: TimelineMessage; first: boolean; last: boolean };

/** Consecutive messages of one sender within this gap (and on one day) form a group. */
const GROUP_GAP_MS = 5 * 60_000;

/** A confirmed SDK message for the view; names come from the verified user claim, else `nameOf`. */
export function fromChatMessage(
  message: Message,
  me: string,
  nameOf: (clientId: string) => string | undefined,
  time: (date: Date) => string,
): TimelineMessage {
  const claim = parseUserClaim(message.userClaim);
  const reactions = Object.entries(message.reactions.distinct).map(([name, r]) => ({
    name,
    count: r.total,
    clientIds: r.clientIds,
    mine: r.clientIds.includes(me),
  }));
  return {
    key: message.serial,
    clientId: message.clientId,
    name: claim.name ?? nameOf(message.clientId) ?? message.clientId,
    ...(claim.role ? { role: claim.role } : {}),
    text: message.text,
    segments: linkify(message.text),
    at: message.timestamp,
    time: time(message.timestamp),
    own: message.clientId === me,
    edited: message.action === ChatMessageAction.MessageUpdate,
    deleted: message.action === ChatMessageAction.MessageDelete,
    state: 'sent',
    reactions: reactions.filter((r) => r.count > 0),
    source: message,
  };
}

/** A message typed here that the server has not confirmed yet, or refused; its key is its local id. */
export function fromPending(
  pending: {
    localId: string;
    text: string;
    state: 'sending' | 'failed';
    createdAt: Date;
    failure?: SendFailure;
  },
  me: string,
  name: string,
  time: (date: Date) => string,
): TimelineMessage {
  return {
    key: pending.localId,
    clientId: me,
    name,
    text: pending.text,
    segments: linkify(pending.text),
    at: pending.createdAt,
    time: time(pending.createdAt),
    own: true,
    edited: false,
    deleted: false,
    state: pending.state,
    ...(pending.failure ? { failure: pending.failure } : {}),
    reactions: [],
    source: pending.localId,
  };
}

/**
 * Converts messages once: an SDK message is immutable (`with()` returns a new one), so a view model keyed by the
 * message object stays right until the names it used or the locale change (`context` says which).
 */
export class TimelineCache {
  private _entries = new WeakMap<Message, TimelineMessage>();
  private _context = '';

  get(message: Message, context: string, convert: (message: Message) => TimelineMessage): TimelineMessage {
    if (context !== this._context) {
      this._entries = new WeakMap();
      this._context = context;
    }
    let entry = this._entries.get(message);
    if (!entry) this._entries.set(message, (entry = convert(message)));
    return entry;
  }
}

/** Day separators and sender groups over messages in display order (DESIGN: UI "Message list"). */
export function buildTimeline(messages: TimelineMessage[], locale: Locale, now: Date): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: TimelineMessage | undefined;
  let lastRow: Extract<TimelineRow, { kind: 'message' }> | undefined;
  for (const message of messages) {
    const newDay = !previous || !sameDay(previous.at, message.at);
    if (newDay)
      rows.push({ kind: 'day', key: `day-${dayKey(message.at)}`, label: locale.day(message.at, now) });
    const continues =
      !newDay &&
      previous!.clientId === message.clientId &&
      message.at.getTime() - previous!.at.getTime() < GROUP_GAP_MS;
    if (!continues && lastRow) lastRow.last = true;
    if (continues && lastRow) lastRow.last = false;
    lastRow = { kind: 'message', key: message.key, message, first: !continues, last: true };
    rows.push(lastRow);
    previous = message;
  }
  return rows;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}
