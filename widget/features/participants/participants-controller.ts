import type { PresenceMember, Room, Subscription } from '@ably/chat';
import type { ReactiveControllerHost } from 'lit';
import type { ReadMarker } from '../../../server/contract/api-contract.js';
import { EmbeddedChatErrorEvent } from '../../events/error-event.js';
import { compareSerials, maxSerial } from '../../internal/serial.js';
import type { ChatSession } from '../../session/chat-session.js';
import { loadReadMarkers } from '../../session/read-state-client.js';
import type { RoomFeature } from '../../session/room-feature.js';
import { mergeParticipants, type Participant, type PresentMember } from './participant.js';

/** What this participant shows the others in presence data: its status line and how far it has read. */
interface OwnPresence {
  status?: string;
  read?: string;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Who is in the task: the backend's participant list with each read marker (loaded while the room attaches,
 * refreshed by read-state saves), and the live presence set, merged into one list of {@link Participant}s.
 * Enters presence (roles that may) with the status line and the read position, so "Seen by" and unread counts
 * follow other people and this person's other devices at once.
 */
export class ParticipantsController implements RoomFeature {
  /** Everyone in the task, listed ones first; rebuilt only when a source changes. */
  participants: readonly Participant[] = [];
  private _listed: readonly ReadMarker[] = [];
  private _present = new Map<string, PresentMember>();
  private _me = '';
  private _room?: Room;
  /** Settles once this participant is in the presence set (undefined when it may not enter). */
  private _entered?: Promise<void>;
  private _own: OwnPresence = {};
  private _subscription?: Subscription;
  private _listLoaded?: Promise<void>;
  private _refreshing = false;
  /** A presence event came during a read: read again once it is done. */
  private _stale = false;

  constructor(private readonly _host: Host) {}

  /** The participant list with read markers comes from the backend: asked for while the room attaches. */
  begin(session: ChatSession): void {
    this._me = session.clientId;
    this._listLoaded = loadReadMarkers(session).then(
      (markers) => this.applyMarkers(markers),
      (err: unknown) => {
        // The chat works without it (an older backend, a blip): names then come from presence claims.
        const e = err as { code?: number; message?: string };
        this._host.dispatchEvent(
          new EmbeddedChatErrorEvent({ code: e.code ?? 0, message: e.message ?? String(err) }),
        );
      },
    );
  }

  prepare(room: Room): void {
    this._room = room;
    this._subscription = room.presence.subscribe(() => void this._refresh());
  }

  async start(room: Room, session: ChatSession): Promise<void> {
    if (session.permissions.enterPresence) {
      this._entered = room.presence.enter(this._wire());
      await this._entered;
    }
    await Promise.all([this._refresh(), this._listLoaded]);
  }

  stop(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
    this._room = undefined;
    this._entered = undefined;
    this._listLoaded = undefined;
    this._listed = [];
    this._present = new Map();
    this.participants = [];
  }

  /** Settles once the backend's list has been asked for (whatever the answer). */
  whenListed(): Promise<void> {
    return this._listLoaded ?? Promise.resolve();
  }

  /** The signed-in participant's read position: the saved marker or, newer, another device's. */
  get ownRead(): string | undefined {
    return this.participants.find((p) => p.self)?.read;
  }

  nameOf(clientId: string): string | undefined {
    return this.participants.find((p) => p.clientId === clientId)?.name;
  }

  /** Everyone here now but the viewer. */
  presentOthers(): Participant[] {
    return this.participants.filter((p) => p.present && !p.self);
  }

  /** Whom an empty conversation invites to say hello to: someone present, else the first human participant. */
  greeting(): string | undefined {
    const others = this.participants.filter((p) => !p.self);
    return (
      others.find((p) => p.present)?.name ??
      others.find((p) => p.role !== 'bot' && p.role !== 'observer')?.name
    );
  }

  /** Names of the others who have read up to `serial`. */
  seenBy(serial: string): string[] {
    return this.participants
      .filter((p) => !p.self && p.read !== undefined && compareSerials(p.read, serial) >= 0)
      .map((p) => p.name);
  }

  /** The backend's list and markers (on open, and answered by every read-state save). */
  applyMarkers(markers: readonly ReadMarker[]): void {
    this._listed = markers;
    this._rebuild();
  }

  /** Changes what this participant shows the others (status line, read position); sent once present. */
  async setOwn(change: OwnPresence): Promise<void> {
    const next = { ...this._own, ...change };
    if (next.status === this._own.status && next.read === this._own.read) return;
    this._own = next;
    const room = this._room;
    if (!this._entered || !room) return;
    // A change made while entering is sent once the enter has landed.
    await this._entered;
    if (room === this._room) await room.presence.update(this._wire());
  }

  private _wire(): Record<string, string> {
    const data: Record<string, string> = {};
    if (this._own.status) data.status = this._own.status;
    if (this._own.read) data.read = this._own.read;
    return data;
  }

  /**
   * Reads the SDK's member set (no network once synced). Bursts of events collapse into one read, and an event
   * that arrives during a read is followed by one more, so a leave is never lost behind an update.
   */
  private async _refresh(): Promise<void> {
    if (!this._room) return;
    if (this._refreshing) {
      this._stale = true;
      return;
    }
    this._refreshing = true;
    const room = this._room;
    try {
      do {
        this._stale = false;
        await Promise.resolve();
        const members = await room.presence.get();
        if (room !== this._room) return;
        this._present = byClient(members);
        this._rebuild();
      } while (this._stale);
    } catch {
      // Presence is unavailable while the room re-attaches; the next presence event reads it again.
    } finally {
      this._refreshing = false;
    }
  }

  private _rebuild(): void {
    this.participants = mergeParticipants(this._listed, this._present, this._me);
    this._host.requestUpdate();
  }
}

/** One entry per clientId: the newest member's claim and status, the furthest read position of any device. */
function byClient(members: PresenceMember[]): Map<string, PresentMember> {
  const latest = new Map<string, PresenceMember>();
  const read = new Map<string, string | undefined>();
  for (const member of members) {
    const current = latest.get(member.clientId);
    if (!current || member.updatedAt >= current.updatedAt) latest.set(member.clientId, member);
    read.set(member.clientId, maxSerial(read.get(member.clientId), field(member, 'read')));
  }
  const present = new Map<string, PresentMember>();
  for (const [clientId, member] of latest) {
    const status = field(member, 'status');
    const serial = read.get(clientId);
    present.set(clientId, {
      clientId,
      ...(member.userClaim ? { userClaim: member.userClaim } : {}),
      ...(status ? { status } : {}),
      ...(serial ? { read: serial } : {}),
    });
  }
  return present;
}

function field(member: PresenceMember, name: keyof OwnPresence): string | undefined {
  const data = member.data as Record<string, unknown> | undefined;
  const value = typeof data === 'object' && data !== null ? data[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
