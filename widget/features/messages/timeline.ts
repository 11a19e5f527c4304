import { ChatMessageAction, type Message } from '@ably/chat';
import type { Locale } from '../../i18n/locale.js';
import { attachmentsOf, type AttachmentRef } from './attachment-refs.js';
import { linkify, type TextSegment } from './linkify.js';
import type { SendFailure } from '../composer/send-errors.js';
import { parseUserClaim } from '../participants/user-claim.js';

/** A reaction chip: one emoji, how many, who (their names, "You" for the viewer) and whether the viewer is among them. */
export interface ReactionChip {
  name: string;
  count: number;
  names: string[];
  mine: boolean;
}

/** How the view names people and times: the viewer, other people's names, the locale's clock and "You". */
export interface Naming {
  me: string;
  nameOf: (clientId: string) => string | undefined;
  time: (date: Date) => string;
  you: string;
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
  /** The files it carries (from its metadata: ids and what to show, never URLs). */
  attachments: AttachmentRef[];
  /** The SDK message behind a confirmed one (edit, delete, react); the local id for pending ones. */
  source: Message | string;
}

/** Where a message sits in the conversation: the ends of its sender group, and the day it opens, if any. */
export interface RowShape {
  /** Starts a group: its author line and the bubble's top corner. */
  first: boolean;
  /** Ends a group: its avatar, time and the bubble's bottom corner. */
  last: boolean;
  /** The day separator before it ("Today", a date), when it is the first message of its day. */
  day?: { key: string; label: string };
}

/** What grouping reads of a message. */
export interface TimelineEntry {
  clientId: string;
  at: Date;
}

/** Consecutive messages of one sender within this gap (and on one day) form a group. */
const GROUP_GAP_MS = 5 * 60_000;

/** A confirmed SDK message for the view; names come from the verified user claim, else `nameOf`. */
export function fromChatMessage(message: Message, naming: Naming): TimelineMessage {
  const { me, nameOf, time, you } = naming;
  const claim = parseUserClaim(message.userClaim);
  const reactions = Object.entries(message.reactions.distinct).map(([name, r]) => ({
    name,
    count: r.total,
    names: r.clientIds.map((id) => (id === me ? you : (nameOf(id) ?? id))),
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
    attachments: attachmentsOf(message.metadata),
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
    attachments?: AttachmentRef[];
  },
  naming: Naming,
  name: string,
): TimelineMessage {
  const { me, time } = naming;
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
    attachments: pending.attachments ?? [],
    source: pending.localId,
  };
}

/** View models kept at most: a window's worth many times over, never the whole conversation. */
const CACHE_SIZE = 500;

/**
 * Converts messages once (an SDK message is immutable: `with()` returns a new one) and keeps the most recently
 * drawn ones, so a long conversation holds view models for what is on screen, not for all of it. The cache is
 * emptied when the names it used or the locale change (`context` says which).
 */
export class TimelineCache<K extends object> {
  private _entries = new Map<K, TimelineMessage>();
  private _context = '';

  get(key: K, context: string, convert: (key: K) => TimelineMessage): TimelineMessage {
    if (context !== this._context) {
      this._entries.clear();
      this._context = context;
    }
    let entry = this._entries.get(key);
    if (entry) {
      // Most recently used last: the Map's order is the eviction order.
      this._entries.delete(key);
    } else {
      entry = convert(key);
      if (this._entries.size >= CACHE_SIZE) this._entries.delete(this._entries.keys().next().value!);
    }
    this._entries.set(key, entry);
    return entry;
  }
}

/**
 * The shape of the message at `index` in display order, from its neighbours alone (so a window of a long
 * conversation is shaped without the rest): a day separator before the first message of each day, and sender
 * groups of consecutive messages less than 5 minutes apart on one day.
 */
export function shapeAt(
  entryAt: (index: number) => TimelineEntry | undefined,
  index: number,
  locale: Locale,
  now: Date,
): RowShape {
  const entry = entryAt(index)!;
  const previous = entryAt(index - 1);
  const next = entryAt(index + 1);
  const newDay = !previous || !sameDay(previous.at, entry.at);
  return {
    first: newDay || !continues(previous, entry),
    last: !next || !sameDay(entry.at, next.at) || !continues(entry, next),
    ...(newDay ? { day: { key: `day-${dayKey(entry.at)}`, label: locale.day(entry.at, now) } } : {}),
  };
}

/** `b` continues `a`'s group: same sender, less than 5 minutes later (same day is checked apart). */
function continues(a: TimelineEntry, b: TimelineEntry): boolean {
  return a.clientId === b.clientId && b.at.getTime() - a.at.getTime() < GROUP_GAP_MS;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}
