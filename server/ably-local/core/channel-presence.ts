import { randomBytes } from 'node:crypto';
import { Action, PresenceAction } from '../protocol/actions.js';
import { Flag } from '../protocol/flags.js';
import { OutboundFrame } from '../protocol/outbound-frame.js';
import type { WirePresence } from '../protocol/wire-types.js';
import type { Audience } from './audience.js';
import type { ChannelContext, PublishOrigin } from './channel-context.js';
import { PresenceSet, type Member } from './presence-set.js';

export interface PresenceEvent {
  seq: number;
  member: Member;
}

/** Presence of one channel: the member set, its broadcasts and its history (DESIGN §5). */
export class ChannelPresence {
  private readonly _set = new PresenceSet();
  private readonly _history: PresenceEvent[] = [];
  private _seq = 0;

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

  /** Applies items (already stamped with clientId) and broadcasts the changes. */
  apply(items: WirePresence[], origin: PublishOrigin): void {
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
        const current = this._set.get(member.clientId, member.connectionId);
        if (current?.data !== undefined) member.data = current.data;
        if (current?.encoding !== undefined) member.encoding = current.encoding;
      }
      if (this._set.apply(member)) changed.push(member);
    });
    this._broadcast(changed, origin.pmId, now);
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
    this._broadcast(leaves, pmId, now);
  }

  private _broadcast(items: Member[], pmId: string, now: number): void {
    if (items.length === 0) return;
    for (const member of items) this._history.push({ seq: ++this._seq, member });
    const overflow = this._history.length - this._ctx.presenceHistoryLimit;
    if (overflow > 0) this._history.splice(0, overflow);
    const frame = new OutboundFrame({
      action: Action.PRESENCE,
      channel: this._name,
      id: pmId,
      timestamp: now,
      presence: items,
    });
    this._audience.send(Flag.PRESENCE_SUBSCRIBE, frame);
    this._audience.changed();
  }
}
