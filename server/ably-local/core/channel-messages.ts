import { Action, MessageAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { Flag } from '../protocol/flags.js';
import { OutboundFrame } from '../protocol/outbound-frame.js';
import { reportSafely } from '../protocol/error-reporter.js';
import { itemSize } from '../protocol/payload.js';
import type { Payload, WireMessage } from '../protocol/wire-types.js';
import { AppendRollup, DEFAULT_APPEND_ROLLUP_WINDOW_MS, type RolledUpAppend } from './append-rollup.js';
import type { Audience } from './audience.js';
import { ChannelAnnotations, type AnnotationInput } from './channel-annotations.js';
import type { ChannelContext, PublishOrigin } from './channel-context.js';
import type { MessageVersion, StoredMessage } from './message-store.js';
import { serialFloor, withIndex } from './serials.js';

/** An update, delete or append of an existing message (DESIGN §4.7). */
export interface MessageOperation {
  action: typeof MessageAction.UPDATE | typeof MessageAction.DELETE | typeof MessageAction.APPEND;
  serial: string;
  /** Fields that replace the current ones (append: `data` is the fragment to add). */
  fields: Pick<WireMessage, 'name' | 'data' | 'encoding' | 'extras'>;
  /** Who did it and why (TM2s version block), without serial/timestamp. */
  version: Omit<MessageVersion, 'serial' | 'timestamp'>;
  /** Repeating an operation with the same key within the idempotency window returns its first result. */
  idempotencyKey?: string;
}

/** Most stored message ids a channel loads when it is created (a burst beyond it is not deduplicated). */
const MAX_REMEMBERED_IDS = 10_000;

/**
 * The persisted message stream of one channel: publishes, mutable-message versions, annotations and their
 * summaries, with idempotency. Every change is committed to the store before it is fanned out (DESIGN §4.6).
 */
export class ChannelMessages {
  /** message id or operation key → first result, in insertion (time) order for pruning. */
  private readonly _seen = new Map<string, { serial: string; at: number; result?: StoredMessage }>();

  /** Annotations and running summaries of this channel's messages. */
  readonly annotations: ChannelAnnotations;
  /** Appends delivered in windows, as Ably rolls them up (DESIGN §4.7). */
  private readonly _rollup: AppendRollup;

  constructor(
    private readonly _name: string,
    private readonly _ctx: ChannelContext,
    private readonly _audience: Audience,
  ) {
    this.annotations = new ChannelAnnotations(_name, _ctx, _audience);
    this._rollup = new AppendRollup(
      (append) => this._deliverAppend(append),
      (err) => reportSafely(_ctx.report, 'deliver rolled-up appends', err),
    );
    this._rememberStoredIds();
  }

  /**
   * Delivers the appends held in roll-up windows now: before any other frame of the channel goes out, and
   * before an attach registers (DESIGN §4.7).
   */
  flushRollups(): void {
    this._rollup.flush();
  }

  /** Whether an append to `serial` now would be rolled into an open window (DESIGN §4.7). */
  rollsUp(serial: string): boolean {
    return this._rollup.holds(serial);
  }

  /**
   * Ids of the messages stored within the idempotency window, so a publish repeated after a restart on SQLite
   * (or after the channel was swept) is still recognised (DESIGN §4.6). Serials start with their time, so the
   * window is a serial range.
   */
  private _rememberStoredIds(): void {
    const since = this._ctx.clock.now() - this._ctx.idempotencyWindowMs;
    const cursor = serialFloor(Math.max(0, since));
    const recent = this._ctx.store.history(this._name, {
      direction: 'forwards',
      limit: MAX_REMEMBERED_IDS,
      cursor,
    });
    for (const m of recent) this._seen.set(m.id, { serial: m.serial, at: m.timestamp });
  }

  get remembersIds(): boolean {
    return this._seen.size > 0;
  }

  /** Whether a publish with this message id would now return its first result (idempotency window). */
  hasSeen(id: string): boolean {
    this.pruneIds(this._ctx.clock.now());
    return this._seen.has(id);
  }

  /** Publishes new messages; returns one serial per item (an already seen id returns its first serial). */
  publish(items: WireMessage[], origin: PublishOrigin): string[] {
    const size = items.reduce((sum, m) => sum + itemSize(m), 0);
    if (size > this._ctx.maxMessageSize) throw errors.tooLarge(size, this._ctx.maxMessageSize);
    const now = this._ctx.clock.now();
    this.pruneIds(now);
    const base = this._ctx.serials.nextBase();
    const serials: string[] = [];
    const fresh: StoredMessage[] = [];
    items.forEach((item, index) => {
      const seen = item.id === undefined ? undefined : this._seen.get(item.id);
      if (seen) {
        serials.push(seen.serial);
        return;
      }
      const serial = withIndex(base, index);
      // Only the fields a publisher may set; everything else is the server's (no forged versions or summaries).
      const message: StoredMessage = {
        id: item.id ?? `${origin.pmId}:${index}`,
        connectionId: origin.connectionId,
        timestamp: now,
        action: MessageAction.CREATE,
        serial,
        version: { serial, timestamp: now },
      };
      if (item.name !== undefined && item.name !== null) message.name = item.name;
      if (item.clientId !== undefined) message.clientId = item.clientId;
      if (item.data !== undefined && item.data !== null) message.data = item.data;
      if (item.encoding !== undefined && item.encoding !== null) message.encoding = item.encoding;
      if (item.extras !== undefined && item.extras !== null) message.extras = item.extras;
      if (item.id !== undefined) this._seen.set(item.id, { serial, at: now });
      serials.push(serial);
      fresh.push(message);
    });
    if (fresh.length === 0) return serials;
    const persisted = fresh.filter((m) => !isEphemeral(m));
    if (persisted.length > 0) this._ctx.store.put(this._name, persisted);
    const last = persisted[persisted.length - 1];
    const frame = new OutboundFrame({
      action: Action.MESSAGE,
      channel: this._name,
      id: origin.pmId,
      connectionId: origin.connectionId,
      timestamp: now,
      ...(last ? { channelSerial: last.serial } : {}),
      messages: fresh,
    });
    this._audience.send(Flag.SUBSCRIBE, frame, origin.connectionId);
    if (persisted.length > 0) this._notify(persisted);
    return serials;
  }

  /** The latest version of a message, without folding its annotations (authorisation, mutation). */
  latest(serial: string): StoredMessage | undefined {
    return this._ctx.store.get(this._name, serial);
  }

  /**
   * The message an update, delete or append aims at: 93002 first when the channel's rules do not allow
   * mutable messages (DESIGN §15.4), then 40400 when there is no such message.
   */
  target(serial: string): StoredMessage {
    this._ctx.rules.assertMutable(this._name, 'modify message');
    const message = this.latest(serial);
    if (!message) throw errors.notFound(`unable to modify message; no message with serial ${serial}`);
    return message;
  }

  /** The latest version of a message, with its annotation summary. */
  get(serial: string): StoredMessage | undefined {
    const message = this.latest(serial);
    return message && this.withSummary(message);
  }

  /** Adds `annotations.summary` when the message has annotations. */
  withSummary(message: StoredMessage): StoredMessage {
    return this.annotations.withSummary(message);
  }

  /** Applies an update/delete/append; returns the new (full) version. Authorisation is the caller's. */
  mutate(op: MessageOperation, origin: PublishOrigin): StoredMessage {
    const now = this._ctx.clock.now();
    this.pruneIds(now);
    const key = op.idempotencyKey === undefined ? undefined : `op:${op.idempotencyKey}`;
    const seen = key === undefined ? undefined : this._seen.get(key);
    if (seen?.result) return seen.result;
    const current = this._ctx.store.get(this._name, op.serial);
    if (!current)
      throw errors.notFound(`unable to ${opName(op.action)} message; no message with serial ${op.serial}`);
    if (current.action === MessageAction.DELETE && op.action !== MessageAction.DELETE) {
      throw errors.badRequest(`unable to ${opName(op.action)} message; the message has been deleted`);
    }
    const versionSerial = this._ctx.serials.next();
    const version: MessageVersion = { ...op.version, serial: versionSerial, timestamp: now };
    const next: StoredMessage = { ...current, version, action: op.action };
    delete next.annotations;
    if (op.action === MessageAction.APPEND) {
      next.action = MessageAction.UPDATE;
      next.data = appendData(current.data, op.fields.data);
    } else {
      if (op.fields.name !== undefined) next.name = op.fields.name;
      if (op.fields.data !== undefined) {
        next.data = op.fields.data;
        if (op.fields.encoding === undefined) delete next.encoding;
        else next.encoding = op.fields.encoding;
      }
      if (op.fields.extras !== undefined) next.extras = op.fields.extras;
    }
    const size = itemSize(next);
    if (size > this._ctx.maxMessageSize) throw errors.tooLarge(size, this._ctx.maxMessageSize);
    this._ctx.store.put(this._name, [next]);
    if (key !== undefined) this._seen.set(key, { serial: versionSerial, at: now, result: next });
    if (op.action === MessageAction.APPEND) {
      const held: HeldAppend = { message: next, origin, now };
      const windowMs = origin.appendRollupWindowMs ?? DEFAULT_APPEND_ROLLUP_WINDOW_MS;
      if (this._rollup.offer(op.serial, op.fields.data!, windowMs, held)) {
        this._deliverAppend({ serial: op.serial, fragment: op.fields.data!, last: held });
      }
    } else {
      this._audience.send(Flag.SUBSCRIBE, this._frame(next, versionSerial, origin, now), origin.connectionId);
    }
    this._notify([next]);
    return next;
  }

  /**
   * Live subscribers get an append's fragment (or a roll-up's joined fragments) as an append carrying the
   * last version; `appendMode=full` attachments get the whole message as it stands after it.
   */
  private _deliverAppend(append: RolledUpAppend): void {
    const { message, origin, now } = append.last as HeldAppend;
    const serial = message.version.serial;
    const full = this._frame(message, serial, origin, now);
    const delta = this._frame(
      { ...message, action: MessageAction.APPEND, data: append.fragment },
      serial,
      origin,
      now,
    );
    this._audience.send(
      Flag.SUBSCRIBE,
      (a) => (a.params.appendMode === 'full' ? full : delta),
      origin.connectionId,
    );
  }

  /** Stores annotations and fans out the new summaries (DESIGN §4.7). */
  annotate(items: AnnotationInput[], origin: PublishOrigin): string[] {
    return this.annotations.annotate(items, origin);
  }

  /** Forgets message ids and operation keys older than the idempotency window. */
  pruneIds(now: number): void {
    for (const [id, seen] of this._seen) {
      if (now - seen.at <= this._ctx.idempotencyWindowMs) break;
      this._seen.delete(id);
    }
  }

  /** Integrations hear of persisted versions; their failure never fails a committed publish. */
  private _notify(messages: StoredMessage[]): void {
    const events = this._ctx.events;
    if (!events) return;
    try {
      events.messages(this._name, messages);
    } catch (err) {
      reportSafely(this._ctx.report, 'notify integrations of messages', err);
    }
  }

  private _frame(
    message: WireMessage,
    channelSerial: string,
    origin: PublishOrigin,
    now: number,
  ): OutboundFrame {
    return new OutboundFrame({
      action: Action.MESSAGE,
      channel: this._name,
      id: `${origin.pmId}:v`,
      connectionId: origin.connectionId,
      timestamp: now,
      channelSerial,
      messages: [message],
    });
  }
}

/** An append as stored, kept until its roll-up window delivers it. */
interface HeldAppend {
  message: StoredMessage;
  origin: PublishOrigin;
  now: number;
}

export function isEphemeral(m: WireMessage): boolean {
  return m.extras?.ephemeral === true;
}

function appendData(current: Payload | undefined, fragment: Payload | undefined): Payload {
  if (
    typeof fragment === 'string' &&
    (typeof current === 'string' || current === undefined || current === null)
  ) {
    return (current ?? '') + fragment;
  }
  if (Buffer.isBuffer(fragment) && (Buffer.isBuffer(current) || current === undefined || current === null)) {
    return Buffer.concat([current ?? Buffer.alloc(0), fragment]);
  }
  throw errors.badData('unable to append to message; data and fragment must both be strings or both bytes');
}

function opName(action: number): string {
  return action === MessageAction.DELETE
    ? 'delete'
    : action === MessageAction.APPEND
      ? 'append to'
      : 'update';
}
