import type { PresenceMember, Room, Subscription } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { maxSerial } from '../../internal/serial.js';
import { mayDo, type RoomFeature, type SessionInfo } from '../../session/room-feature.js';

/** What the element puts in presence data: its task status line and how far it has read. */
export interface PresenceState {
  status?: string;
  read?: string;
}

/** One participant who is here now (several devices of one clientId count once). */
export interface PresentParticipant {
  clientId: string;
  userClaim?: string;
  status?: string;
  read?: string;
}

/**
 * Who is here: enters presence with the status line (roles with the `presence` operation), updates it when
 * the `status` attribute changes, and keeps the member list, one entry per clientId.
 */
export class PresenceController implements ReactiveController, RoomFeature {
  members: PresentParticipant[] = [];
  private _room?: Room;
  /** Settles once this participant is in the presence set (undefined when it may not enter). */
  private _entered?: Promise<void>;
  private _data: PresenceState = {};
  private _subscription?: Subscription;
  private _refreshing = false;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _onChange: (members: PresentParticipant[]) => void = () => undefined,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {}

  prepare(room: Room): void {
    this._room = room;
    this._subscription = room.presence.subscribe(() => this._refresh());
  }

  async start(room: Room, info: SessionInfo): Promise<void> {
    if (mayDo(info, 'presence')) {
      this._entered = room.presence.enter(this._wire());
      await this._entered;
    }
    await this._refresh();
  }

  stop(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
    this._room = undefined;
    this._entered = undefined;
    this.members = [];
  }

  /** Changes what this participant shows (status line, read position); sent at once when present. */
  async set(change: PresenceState): Promise<void> {
    const next = { ...this._data, ...change };
    if (next.status === this._data.status && next.read === this._data.read) return;
    this._data = next;
    const room = this._room;
    if (!this._entered || !room) return;
    // A change made while entering is sent once the enter has landed.
    await this._entered;
    if (room === this._room) await room.presence.update(this._wire());
  }

  private _wire(): Record<string, string> {
    const data: Record<string, string> = {};
    if (this._data.status) data.status = this._data.status;
    if (this._data.read) data.read = this._data.read;
    return data;
  }

  /** Reads the SDK's member set (no network once synced); bursts of events collapse into one read. */
  private async _refresh(): Promise<void> {
    if (this._refreshing || !this._room) return;
    this._refreshing = true;
    const room = this._room;
    try {
      await Promise.resolve();
      const members = await room.presence.get();
      if (room !== this._room) return;
      this.members = dedupe(members);
      this._onChange(this.members);
      this._host.requestUpdate();
    } catch {
      // Presence is unavailable while the room re-attaches; the next presence event reads it again.
    } finally {
      this._refreshing = false;
    }
  }
}

function dedupe(members: PresenceMember[]): PresentParticipant[] {
  const byClient = new Map<string, { latest: PresenceMember; read?: string }>();
  for (const member of members) {
    const current = byClient.get(member.clientId);
    const latest = !current || member.updatedAt >= current.latest.updatedAt ? member : current.latest;
    byClient.set(member.clientId, { latest, read: maxSerial(current?.read, field(member, 'read')) });
  }
  return [...byClient.values()].map(({ latest, read }) => {
    const status = field(latest, 'status');
    return {
      clientId: latest.clientId,
      ...(latest.userClaim ? { userClaim: latest.userClaim } : {}),
      ...(status ? { status } : {}),
      ...(read ? { read } : {}),
    };
  });
}

function field(member: PresenceMember, name: keyof PresenceState): string | undefined {
  const data = member.data as Record<string, unknown> | undefined;
  const value = typeof data === 'object' && data !== null ? data[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
