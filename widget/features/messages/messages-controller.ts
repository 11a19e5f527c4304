import {
  ChatMessageAction,
  ChatMessageEventType,
  type ChatMessageEvent,
  type Message,
  type MessageSubscriptionResponse,
  type PaginatedResult,
  type Room,
} from '@ably/chat';
import type { ReactiveControllerHost } from 'lit';
import { EmbeddedChatMessageEvent } from '../../events/message-event.js';
import type { ChatSession } from '../../session/chat-session.js';
import type { SendFailure } from '../composer/send-errors.js';
import type { AttachmentRef } from './attachment-refs.js';
import { compareSerials } from '../../internal/serial.js';
import type { RoomFeature } from '../../session/room-feature.js';

/** A message typed here that the server has not confirmed yet, or refused. */
export interface PendingMessage {
  localId: string;
  text: string;
  state: 'sending' | 'failed';
  createdAt: Date;
  failure?: SendFailure;
  /** Files already stored, sent in the message's metadata. */
  attachments?: AttachmentRef[] | undefined;
}

const PAGE_SIZE = 50;
/** Pages fetched at most to close a gap after a discontinuity (beyond that the gap stays, older above). */
const MAX_GAP_PAGES = 20;

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The conversation: the latest page of history on open, older pages on demand, live creates, edits,
 * deletes and reaction summaries merged by serial, and the messages typed here until the server confirms them
 * (sent by the composer's Outbox). After a discontinuity it pages back from the new subscription point until it
 * meets what it already has, so nothing is lost or doubled. The rows of the list, in order: {@link count},
 * {@link itemAt}, {@link keyAt}.
 */
export class MessagesController implements RoomFeature {
  /** Others' messages that arrived live since the view last rendered (the view animates them, then clears). */
  readonly arrived = new Set<string>();
  /** Confirmed messages, oldest first. */
  messages: Message[] = [];
  pending: PendingMessage[] = [];
  loaded = false;
  loadingOlder = false;
  private _bySerial = new Map<string, Message>();
  private _room?: Room;
  private _clientId?: string;
  private _older?: PaginatedResult<Message>;
  /** Undo functions of every subscription, called on stop. */
  private _unsubscribe: (() => void)[] = [];
  private _messagesSub?: MessageSubscriptionResponse;
  private _nextLocalId = 0;
  private _changedFrom?: number;
  /** The newest own message not deleted; null: not known, look for it. */
  private _lastOwn: Message | undefined | null;

  constructor(private readonly _host: Host) {}

  get hasOlder(): boolean {
    return this._older?.hasNext() ?? false;
  }

  prepare(room: Room, session: ChatSession): void {
    this._room = room;
    this._clientId = session.clientId;
    const messages = room.messages.subscribe((event) => this._onEvent(event));
    const reactions = room.messages.reactions.subscribe((event) => {
      const current = this._bySerial.get(event.messageSerial);
      if (current) this._replace(current.with(event));
    });
    const discontinuity = room.onDiscontinuity(() => void this._closeGapSoon(0));
    this._messagesSub = messages;
    this._unsubscribe.push(
      () => messages.unsubscribe(),
      () => reactions.unsubscribe(),
      () => discontinuity.off(),
    );
  }

  async start(): Promise<void> {
    const page = await this._messagesSub!.historyBeforeSubscribe({ limit: PAGE_SIZE });
    this._mergeAll(page.items);
    this._older = page;
    this.loaded = true;
    this._host.requestUpdate();
  }

  stop(): void {
    for (const undo of this._unsubscribe.splice(0)) undo();
    this._room = undefined;
    this._messagesSub = undefined;
    this._older = undefined;
    this.messages = [];
    this._bySerial.clear();
    this._lastOwn = undefined;
    this.pending = [];
    this._changed(0);
    this.loaded = false;
    this.loadingOlder = false;
  }

  /** Loads the next older page; resolves false when there is none. */
  async loadOlder(): Promise<boolean> {
    const current = this._older;
    if (!current?.hasNext() || this.loadingOlder) return false;
    this.loadingOlder = true;
    this._host.requestUpdate();
    try {
      const next = await current.next();
      if (this._older !== current) return false;
      this._older = next ?? undefined;
      if (next) this._mergeAll(next.items);
      return Boolean(next);
    } finally {
      this.loadingOlder = false;
      this._host.requestUpdate();
    }
  }

  /** Loads older pages until `serial` is loaded (or `max` messages are), for unread counts. */
  async loadBackTo(serial: string | undefined, max: number): Promise<void> {
    while (this.hasOlder && this.messages.length < max) {
      const oldest = this.messages[0];
      if (serial !== undefined && oldest && compareSerials(oldest.serial, serial) <= 0) return;
      if (!(await this.loadOlder())) return;
    }
  }

  /** Sends `text`; the message shows as pending until the server confirms it. */
  /** The open room (sends, edits and deletes go through it). */
  get room(): Room | undefined {
    return this._room;
  }

  /** Shows `text` (and its files) as typed here and not confirmed yet. */
  addPending(text: string, attachments?: AttachmentRef[]): PendingMessage {
    const pending: PendingMessage = {
      localId: `local-${++this._nextLocalId}`,
      text,
      state: 'sending',
      createdAt: new Date(),
      attachments,
    };
    this._pendingList([...this.pending, pending]);
    return pending;
  }

  updatePending(pending: PendingMessage, change: Partial<PendingMessage>): void {
    Object.assign(pending, change);
    this._pendingList([...this.pending]);
  }

  removePending(pending: PendingMessage | string): void {
    this._pendingList(this.pending.filter((p) => p !== pending && p.localId !== pending));
  }

  /** A message the SDK answered with (send, update, delete): newer versions win. */
  upsert(message: Message): void {
    const existing = this._bySerial.get(message.serial);
    if (!existing) this._insert(message);
    else this._replace(existing.with(message));
  }

  /** Messages shown, confirmed ones then pending ones: the rows of the list. */
  get count(): number {
    return this.messages.length + this.pending.length;
  }

  /** The row at `index`: a confirmed message, or one typed here and not confirmed. */
  itemAt(index: number): Message | PendingMessage | undefined {
    const confirmed = this.messages.length;
    return index < confirmed ? this.messages[index] : this.pending[index - confirmed];
  }

  /** The key of row `index` (a serial, or a pending message's local id). */
  keyAt(index: number): string {
    const item = this.itemAt(index)!;
    return 'serial' in item ? item.serial : item.localId;
  }

  /** The row of a key, or -1 (binary search among confirmed messages). */
  indexOf(key: string): number {
    const pending = this.pending.findIndex((p) => p.localId === key);
    if (pending !== -1) return this.messages.length + pending;
    const index = insertionIndex(this.messages, key);
    return this.messages[index]?.serial === key ? index : -1;
  }

  /** The confirmed message with this serial. */
  bySerial(serial: string): Message | undefined {
    return this._bySerial.get(serial);
  }

  /**
   * The first row that changed position since the last call (rows inserted, removed or re-ordered there or
   * after), or undefined when none did; the list's windowing re-measures from there.
   */
  takeChangedFrom(): number | undefined {
    const index = this._changedFrom;
    this._changedFrom = undefined;
    return index;
  }

  /**
   * Other people's messages, not deleted, after `serial` (all of them when undefined). Costs the messages after
   * it, not the whole conversation: the start is found by binary search.
   */
  countFromOthersAfter(serial: string | undefined): number {
    const list = this.messages;
    let count = 0;
    for (let i = serial === undefined ? 0 : firstAfter(list, serial); i < list.length; i++) {
      const m = list[i]!;
      if (m.clientId !== this._clientId && m.action !== ChatMessageAction.MessageDelete) count++;
    }
    return count;
  }

  /** The signed-in participant's newest confirmed, not deleted message. */
  lastOwn(): Message | undefined {
    // Kept as messages come and change, so a render costs nothing however long the conversation (it is looked
    // for again only when it was deleted).
    if (this._lastOwn === null) {
      this._lastOwn = undefined;
      for (let i = this.messages.length - 1; i >= 0 && !this._lastOwn; i--) this._noteOwn(this.messages[i]!);
    }
    return this._lastOwn;
  }

  /** Keeps {@link lastOwn} when `message` is the participant's own, newer and not deleted. */
  private _noteOwn(message: Message): void {
    if (message.clientId !== this._clientId || message.action === ChatMessageAction.MessageDelete) return;
    if (!this._lastOwn || compareSerials(message.serial, this._lastOwn.serial) >= 0) this._lastOwn = message;
  }

  private _changed(index: number): void {
    this._changedFrom = Math.min(this._changedFrom ?? index, index);
  }

  private _pendingList(next: PendingMessage[]): void {
    this._changed(this.messages.length);
    this.pending = next;
    this._host.requestUpdate();
  }

  private _onEvent(event: ChatMessageEvent): void {
    const existing = this._bySerial.get(event.message.serial);
    if (event.type === ChatMessageEventType.Created) {
      if (existing) return;
      this._settlePending(event.message);
      this._insert(event.message);
      const own = event.message.clientId === this._clientId;
      if (!own) this.arrived.add(event.message.serial);
      this._host.dispatchEvent(new EmbeddedChatMessageEvent({ message: event.message, own }));
      return;
    }
    if (existing) this._replace(existing.with(event));
  }

  /**
   * The room can deliver an own message before the send call returns: the pending copy with the same text
   * goes at once, so it never shows twice.
   */
  private _settlePending(message: Message): void {
    if (message.clientId !== this._clientId) return;
    const first = (message.metadata as { attachments?: { id?: unknown }[] } | undefined)?.attachments?.[0]
      ?.id;
    const index = this.pending.findIndex(
      (p) => p.state === 'sending' && p.text === message.text && p.attachments?.[0]?.id === first,
    );
    if (index !== -1) this._pendingList(this.pending.filter((_, i) => i !== index));
  }

  /** History items: newer or equal versions replace (their reaction summaries are current). */
  private _mergeAll(items: Message[]): void {
    for (const message of items) {
      const existing = this._bySerial.get(message.serial);
      if (!existing) this._insert(message, false);
      else if (compareSerials(message.version.serial, existing.version.serial) >= 0)
        this._replace(message, false);
    }
    this._host.requestUpdate();
  }

  private _insert(message: Message, update = true): void {
    this._bySerial.set(message.serial, message);
    if (this._lastOwn !== null) this._noteOwn(message);
    const list = this.messages;
    const last = list[list.length - 1];
    if (!last || compareSerials(message.serial, last.serial) > 0) {
      this._changed(list.length);
      list.push(message);
    } else {
      const index = insertionIndex(list, message.serial);
      this._changed(index);
      list.splice(index, 0, message);
    }
    if (update) this._host.requestUpdate();
  }

  private _replace(message: Message, update = true): void {
    const current = this._bySerial.get(message.serial);
    if (current === message) return;
    this._bySerial.set(message.serial, message);
    const index = insertionIndex(this.messages, message.serial);
    if (this.messages[index]?.serial === message.serial) this.messages[index] = message;
    // The newest own message changed: deleted (look again, on demand), or edited (keep the new version).
    if (this._lastOwn?.serial === message.serial) {
      this._lastOwn = message.action === ChatMessageAction.MessageDelete ? null : message;
    }
    if (update) this._host.requestUpdate();
  }

  /** Closes the gap, trying again (1 s, 2 s, 4 s) when history cannot be read yet; the gap stays visible as older history after that. */
  private async _closeGapSoon(attempt: number): Promise<void> {
    const sub = this._messagesSub;
    try {
      await this._closeGap();
    } catch {
      if (attempt >= 3 || this._messagesSub !== sub) return;
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
      if (this._messagesSub === sub) await this._closeGapSoon(attempt + 1);
    }
  }

  /** After a discontinuity: page back from the new subscription point until a known message is reached. */
  private async _closeGap(): Promise<void> {
    const sub = this._messagesSub;
    if (!sub) return;
    const newest = this.messages[this.messages.length - 1]?.serial;
    let page: PaginatedResult<Message> | null = await sub.historyBeforeSubscribe({ limit: PAGE_SIZE });
    for (let pages = 0; page && pages < MAX_GAP_PAGES && this._messagesSub === sub; pages++) {
      this._mergeAll(page.items);
      const oldest = page.items[page.items.length - 1];
      if (!oldest || newest === undefined || compareSerials(oldest.serial, newest) <= 0 || !page.hasNext())
        break;
      page = await page.next();
    }
  }
}

/** First index whose serial is > `serial`. */
function firstAfter(list: Message[], serial: string): number {
  const index = insertionIndex(list, serial);
  return list[index]?.serial === serial ? index + 1 : index;
}

/** First index whose serial is ≥ `serial` (binary search over a serial-sorted list). */
export function insertionIndex(list: Message[], serial: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareSerials(list[mid]!.serial, serial) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
