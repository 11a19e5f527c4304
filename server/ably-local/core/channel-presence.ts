import { randomBytes } from 'node:crypto';
import { Action, PresenceAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { reportSafely } from '../protocol/error-reporter.js';
import { Flag } from '../protocol/flags.js';
import { OutboundFrame } from '../protocol/outbound-frame.js';
import { itemSize } from '../protocol/payload.js';
import type { WirePresence } from '../protocol/wire-types.js';
import type { Audience } from './audience.js';
import type { ChannelContext, PublishOrigin } from './channel-context.js';
import { memberKey, PresenceSet, type Member } from './presence-set.js';

export interface PresenceEvent {
  seq: number;
  member: Member;
  size: number;
}

/** Presence of one channel: the member set, its broadcasts and its history (DESIGN §5). */
export class ChannelPresence {
  private readonly _set = new PresenceSet();
  private readonly _history: PresenceEvent[] = [];
  private _seq = 0;
  private _historyBytes = 0;

  constructor(
    private readonly _name: string,
    private readonly _ctx: ChannelContext,
    private readonly _audience: Audience,
  ) {}

  get size(): number {
    return this._set.size;
  }

  members(): Member[] {
    return this._set.members();
  }

  /** Presence events, oldest first, each with a sequence number for paging. */
  history(): readonly PresenceEvent[] {
    return this._history;
  }

  /**
   * Applies items (validated and stamped with clientId) and broadcasts the changes, all or nothing: the size
   * is checked and the broadcast encoded before the member set changes, so a frame that cannot be sent
   * leaves nothing behind (DESIGN §5.1).
   */
  apply(items: WirePresence[], origin: PublishOrigin): void {
    const size = items.reduce((sum, item) => sum + itemSize(item), 0);
    if (size > this._ctx.maxMessageSize)
      throw errors.tooLarge(size, this._ctx.maxMessageSize, 'enter presence');
    const now = this._ctx.clock.now();
    // The members as they will be after this frame, for leaves that carry the last data and for no-op leaves.
    const pending = new Map<string, Member | undefined>();
    const current = (m: Member) =>
      pending.has(memberKey(m)) ? pending.get(memberKey(m)) : this._set.get(m.clientId, m.connectionId);
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
      const before = current(member);
      if (isLeave(member)) {
        if (!before) return;
        // A leave without data carries the member's last data, as the synthesised leaves do.
        if (item.data === undefined && before.data !== undefined) member.data = before.data;
        if (item.data === undefined && before.encoding !== undefined) member.encoding = before.encoding;
      }
      pending.set(memberKey(member), isLeave(member) ? undefined : member);
      changed.push(member);
    });
    if (changed.length === 0) return;
    const frame = this._frame(changed, origin.pmId, now);
    frame.encoded('json');
    frame.encoded('msgpack');
    for (const member of changed) this._set.apply(member);
    this._broadcast(changed, frame);
  }

  /** Removes a connection's members with synthesised LEAVEs (detach, close, disconnect timeout). */
  leaveConnection(connectionId: string): void {
    const removed = this._set.removeConnection(connectionId);
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
    this._broadcast(leaves, this._frame(leaves, pmId, now));
  }

  private _frame(items: Member[], pmId: string, now: number): OutboundFrame {
    return new OutboundFrame({
      action: Action.PRESENCE,
      channel: this._name,
      id: pmId,
      timestamp: now,
      presence: items,
    });
  }

  private _broadcast(items: Member[], frame: OutboundFrame): void {
    this._record(items);
    this._audience.send(Flag.PRESENCE_SUBSCRIBE, frame);
    this._audience.changed();
    try {
      this._ctx.events?.presence(this._name, items);
    } catch (err) {
      reportSafely(this._ctx.report, 'notify integrations of presence', err);
    }
  }

  /** Presence history bounded by count and by bytes (DESIGN §5.4). */
  private _record(items: Member[]): void {
    for (const member of items) {
      const size = itemSize(member);
      this._history.push({ seq: ++this._seq, member, size });
      this._historyBytes += size;
    }
    const { presenceHistoryLimit: maxEvents, presenceHistoryBytes: maxBytes } = this._ctx;
    const length = this._history.length;
    let drop = 0;
    while (length - drop > maxEvents || (this._historyBytes > maxBytes && length - drop > 1)) {
      this._historyBytes -= this._history[drop++]!.size;
    }
    if (drop > 0) this._history.splice(0, drop);
  }
}

function isLeave(member: Member): boolean {
  return member.action === PresenceAction.LEAVE || member.action === PresenceAction.ABSENT;
}
