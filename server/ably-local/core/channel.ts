import { randomBytes } from 'node:crypto';
import { Action, MessageAction, PresenceAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { Flag, hasFlag } from '../protocol/flags.js';
import { OutboundFrame } from '../protocol/outbound-frame.js';
import { payloadSize } from '../protocol/payload.js';
import type { WireMessage, WirePresence } from '../protocol/wire-types.js';
import type { Clock } from './clock.js';
import type { MessageStore, StoredMessage } from './message-store.js';
import { PresenceSet, type Member } from './presence-set.js';
import { isSerial, withIndex, type SerialGenerator } from './serials.js';
import type { Attachment, Subscriber } from './subscriber.js';

export interface ChannelContext {
  store: MessageStore;
  serials: SerialGenerator;
  clock: Clock;
  maxMessageSize: number;
  /** How long message ids are remembered for idempotent publishing (Ably: 2 min). */
  idempotencyWindowMs: number;
  /** Most messages replayed on a resumed attach; beyond it continuity is declared lost. */
  maxReplay: number;
  /** Presence events kept per channel for presence history. */
  presenceHistoryLimit: number;
}

/** Where a publish comes from; `pmId` derives `<pmId>:<index>` ids for items that have none. */
export interface PublishOrigin {
  connectionId: string;
  pmId: string;
}

export interface AttachRequest {
  modes: number;
  params: Record<string, string>;
  channelSerial?: string | null;
}

export interface AttachResult {
  channelSerial: string;
  flags: number;
  params: Record<string, string>;
  /** Informational error on ATTACHED (continuity lost). */
  error?: ReturnType<typeof errors.channelContinuityLost>;
  replay: StoredMessage[];
  members: Member[];
}

export interface PresenceEvent {
  seq: number;
  member: Member;
}

/** Params echoed on ATTACHED; unknown ones (agent, …) are not (DESIGN §4.3). */
const KNOWN_PARAMS = new Set(['rewind']);

/**
 * One channel: attachments, presence set, the persisted stream and idempotency window. Everything here is
 * synchronous, so registering an attachment, minting its attach serial and computing its replay happen
 * atomically with respect to publishes (DESIGN §4.4).
 */
export class Channel {
  private readonly _attachments = new Map<string, Attachment>();
  private readonly _presence = new PresenceSet();
  private readonly _presenceHistory: PresenceEvent[] = [];
  private _presenceSeq = 0;
  /** message id → serial, in insertion (time) order for pruning. */
  private readonly _seenIds = new Map<string, { serial: string; at: number }>();

  constructor(
    readonly name: string,
    private readonly _ctx: ChannelContext,
  ) {}

  get isIdle(): boolean {
    return this._attachments.size === 0 && this._presence.size === 0 && this._seenIds.size === 0;
  }

  attachment(connectionId: string): Attachment | undefined {
    return this._attachments.get(connectionId);
  }

  members(): Member[] {
    return this._presence.members();
  }

  /** Presence events, oldest first, each with a sequence number for paging. */
  presenceHistory(): readonly PresenceEvent[] {
    return this._presenceHistory;
  }

  /** Registers (or refreshes) an attachment and decides continuity (DESIGN §4.4). */
  attach(subscriber: Subscriber, request: AttachRequest): AttachResult {
    const existing = this._attachments.get(subscriber.connectionId);
    const params = Object.fromEntries(Object.entries(request.params).filter(([k]) => KNOWN_PARAMS.has(k)));
    this._attachments.set(subscriber.connectionId, { subscriber, modes: request.modes, params });
    let flags = request.modes;
    let replay: StoredMessage[] = [];
    let channelSerial: string;
    let error: AttachResult['error'];
    const resumeFrom = request.channelSerial;
    if (resumeFrom && existing && isSerial(resumeFrom)) {
      replay = this._ctx.store.after(this.name, resumeFrom, this._ctx.maxReplay + 1);
    }
    if (resumeFrom && existing && isSerial(resumeFrom) && replay.length <= this._ctx.maxReplay) {
      channelSerial = resumeFrom;
      flags |= Flag.RESUMED;
    } else {
      if (resumeFrom) error = errors.channelContinuityLost();
      channelSerial = this._ctx.serials.next();
      replay = resumeFrom ? [] : this._rewind(request.params.rewind);
    }
    if (replay.length > 0) flags |= Flag.HAS_BACKLOG;
    const members = hasFlag(request.modes, Flag.PRESENCE_SUBSCRIBE) ? this._presence.members() : [];
    if (members.length > 0) flags |= Flag.HAS_PRESENCE;
    return { channelSerial, flags, params, error, replay, members };
  }

  /** Removes an attachment and makes its members leave. */
  detach(connectionId: string): void {
    this._attachments.delete(connectionId);
    this.leaveConnection(connectionId);
  }

  /** Publishes messages; returns one serial per item (an already seen id returns its first serial). */
  publish(items: WireMessage[], origin: PublishOrigin): string[] {
    const size = items.reduce((sum, m) => sum + messageSize(m), 0);
    if (size > this._ctx.maxMessageSize) throw errors.tooLarge(size, this._ctx.maxMessageSize);
    for (const m of items) {
      if (m.action !== undefined && m.action !== MessageAction.CREATE) {
        throw errors.badRequest(`unable to publish; message action ${m.action} is not supported`);
      }
    }
    const now = this._ctx.clock.now();
    this.pruneIds(now);
    const base = this._ctx.serials.nextBase();
    const serials: string[] = [];
    const fresh: StoredMessage[] = [];
    items.forEach((item, index) => {
      const seen = item.id === undefined ? undefined : this._seenIds.get(item.id);
      if (seen) {
        serials.push(seen.serial);
        return;
      }
      const serial = withIndex(base, index);
      const message: StoredMessage = {
        ...item,
        id: item.id ?? `${origin.pmId}:${index}`,
        connectionId: origin.connectionId,
        timestamp: now,
        action: MessageAction.CREATE,
        serial,
        version: { serial, timestamp: now },
      };
      delete message.connectionKey;
      if (item.id !== undefined) this._seenIds.set(item.id, { serial, at: now });
      serials.push(serial);
      fresh.push(message);
    });
    if (fresh.length === 0) return serials;
    const persisted = fresh.filter((m) => !isEphemeral(m));
    if (persisted.length > 0) this._ctx.store.append(this.name, persisted);
    const last = persisted[persisted.length - 1];
    const frame = new OutboundFrame({
      action: Action.MESSAGE,
      channel: this.name,
      id: origin.pmId,
      connectionId: origin.connectionId,
      timestamp: now,
      ...(last ? { channelSerial: last.serial } : {}),
      messages: fresh,
    });
    for (const a of this._attachments.values()) {
      if (!hasFlag(a.modes, Flag.SUBSCRIBE)) continue;
      if (!a.subscriber.echo && a.subscriber.connectionId === origin.connectionId) continue;
      a.subscriber.send(frame);
    }
    return serials;
  }

  /** Applies presence items (already stamped with clientId/connectionId) and broadcasts the changes. */
  applyPresence(items: WirePresence[], origin: PublishOrigin): void {
    const now = this._ctx.clock.now();
    const changed: Member[] = [];
    items.forEach((item, index) => {
      const member: Member = {
        ...item,
        id: item.id ?? `${origin.pmId}:${index}`,
        clientId: item.clientId!,
        connectionId: origin.connectionId,
        timestamp: now,
        action: item.action ?? PresenceAction.ENTER,
      };
      if (member.action === PresenceAction.LEAVE && item.data === undefined) {
        // A leave without data carries the member's last data, as the synthesised leaves do.
        const current = this._presence.get(member.clientId, member.connectionId);
        if (current?.data !== undefined) member.data = current.data;
        if (current?.encoding !== undefined) member.encoding = current.encoding;
      }
      if (this._presence.apply(member)) changed.push(member);
    });
    this._broadcastPresence(changed, origin.pmId, now);
  }

  /** Removes a connection's members with synthesised LEAVEs (detach, close, disconnect timeout). */
  leaveConnection(connectionId: string): void {
    const removed = this._presence.removeConnection(connectionId);
    if (removed.length === 0) return;
    const now = this._ctx.clock.now();
    // Ids that do not start with the member's connectionId are compared by timestamp (RTP2b1), so these win.
    const pmId = `leave-${randomBytes(6).toString('base64url')}`;
    const leaves = removed.map((m, index): Member => ({
      ...m,
      id: `${pmId}:0:${index}`,
      action: PresenceAction.LEAVE,
      timestamp: now,
    }));
    this._broadcastPresence(leaves, pmId, now);
  }

  private _broadcastPresence(items: Member[], pmId: string, now: number): void {
    if (items.length === 0) return;
    for (const member of items) this._presenceHistory.push({ seq: ++this._presenceSeq, member });
    const overflow = this._presenceHistory.length - this._ctx.presenceHistoryLimit;
    if (overflow > 0) this._presenceHistory.splice(0, overflow);
    const frame = new OutboundFrame({
      action: Action.PRESENCE,
      channel: this.name,
      id: pmId,
      timestamp: now,
      presence: items,
    });
    for (const a of this._attachments.values()) {
      if (hasFlag(a.modes, Flag.PRESENCE_SUBSCRIBE)) a.subscriber.send(frame);
    }
  }

  /** `rewind` = N messages or a duration such as `30s`/`2m` (DESIGN §4.5). */
  private _rewind(rewind: string | undefined): StoredMessage[] {
    if (!rewind) return [];
    const duration = /^(\d+)(ms|s|m|h)$/.exec(rewind);
    if (duration) {
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[duration[2] as 'ms' | 's' | 'm' | 'h'];
      const start = this._ctx.clock.now() - Number(duration[1]) * unit;
      return this._ctx.store.history(this.name, { direction: 'backwards', limit: 100, start }).reverse();
    }
    const count = Math.min(Number.parseInt(rewind, 10) || 0, 100);
    return count > 0
      ? this._ctx.store.history(this.name, { direction: 'backwards', limit: count }).reverse()
      : [];
  }

  /** Forgets message ids older than the idempotency window. */
  pruneIds(now: number): void {
    for (const [id, seen] of this._seenIds) {
      if (now - seen.at <= this._ctx.idempotencyWindowMs) break;
      this._seenIds.delete(id);
    }
  }
}

export function isEphemeral(m: WireMessage): boolean {
  return m.extras?.ephemeral === true;
}

/** Ably's count: name + clientId + JSON(extras) + data bytes. */
export function messageSize(m: WireMessage): number {
  return (
    Buffer.byteLength(m.name ?? '') +
    Buffer.byteLength(m.clientId ?? '') +
    (m.extras ? Buffer.byteLength(JSON.stringify(m.extras)) : 0) +
    payloadSize(m.data)
  );
}
