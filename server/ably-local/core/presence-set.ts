import { PresenceAction } from '../protocol/actions.js';
import type { WirePresence } from '../protocol/wire-types.js';

/** A presence member as stored: every field stamped. */
export interface Member extends WirePresence {
  id: string;
  clientId: string;
  connectionId: string;
  timestamp: number;
  action: number;
}

/** Members of one channel keyed by `clientId:connectionId` (RTP2, DESIGN §5.1). */
export class PresenceSet {
  private readonly _members = new Map<string, Member>();

  get size(): number {
    return this._members.size;
  }

  get(clientId: string, connectionId: string): Member | undefined {
    return this._members.get(memberKey({ clientId, connectionId }));
  }

  members(): Member[] {
    return [...this._members.values()];
  }

  /**
   * Applies an enter/update/present/leave. Returns false when nothing changed (leave of a non-member), in
   * which case nothing should be broadcast.
   */
  apply(item: Member): boolean {
    const key = memberKey(item);
    if (item.action === PresenceAction.LEAVE || item.action === PresenceAction.ABSENT) {
      return this._members.delete(key);
    }
    this._members.set(key, item);
    return true;
  }

  /** Removes and returns every member entered through a connection. */
  removeConnection(connectionId: string): Member[] {
    const removed: Member[] = [];
    for (const [key, member] of this._members) {
      if (member.connectionId === connectionId) {
        this._members.delete(key);
        removed.push(member);
      }
    }
    return removed;
  }
}

export function memberKey(item: { clientId: string; connectionId: string }): string {
  return `${item.clientId}:${item.connectionId}`;
}
