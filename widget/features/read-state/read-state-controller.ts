import { ChatMessageAction, type Room } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EmbeddedChatErrorEvent } from '../../events/error-event.js';
import { EmbeddedChatUnreadEvent } from '../../events/unread-event.js';
import { compareSerials, maxSerial } from '../../internal/serial.js';
import { fetchReadMarkers, saveReadMarker, type ReadMarker } from '../../session/token-client.js';
import type { MessagesController } from '../messages/messages-controller.js';
import type { PresenceController, PresentParticipant } from '../participants/presence-controller.js';
import type { RoomFeature, SessionInfo } from '../../session/room-feature.js';

/** A task participant as the backend lists them, with how far they have read. */
export interface KnownParticipant {
  userId: string;
  name: string;
  role: string;
  serial?: string;
}

/** Unread counts look back this far on open; older unread messages are not counted. */
const MAX_COUNTED = 200;
const SAVE_DELAY_MS = 800;

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Read state: the backend keeps one marker per participant and task (it survives reloads and other
 * devices); presence data carries the newest one live, so "Seen by" and the unread count follow other tabs
 * and people at once. Fires `embedded-chat-unread` whenever the count changes.
 */
export class ReadStateController implements ReactiveController, RoomFeature {
  /** Other people's messages after the marker; undefined until known. */
  unread?: number;
  participants: KnownParticipant[] = [];
  private _mine?: string;
  private _info?: SessionInfo;
  private _saveTimer?: ReturnType<typeof setTimeout>;
  private _saved?: string;

  constructor(
    private readonly _host: Host,
    private readonly _messages: MessagesController,
    private readonly _presence: PresenceController,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {}

  async start(_room: Room, info: SessionInfo): Promise<void> {
    this._info = info;
    try {
      this._apply(await fetchReadMarkers(await info.credential()));
    } catch (err) {
      // The chat works without read state (an older backend, a blip): counts start from nothing.
      const e = err as { code?: number; message?: string };
      this._host.dispatchEvent(
        new EmbeddedChatErrorEvent({ code: e.code ?? 0, message: e.message ?? String(err) }),
      );
    }
    this._saved = this._mine;
    await this._messages.loadBackTo(this._mine, MAX_COUNTED);
    this.onPresence(this._presence.members);
    this._host.requestUpdate();
  }

  stop(): void {
    clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    this._info = undefined;
    this._mine = undefined;
    this._saved = undefined;
    this.unread = undefined;
    this.participants = [];
  }

  /** Recounts before every render; reports changes to the host page. */
  hostUpdate(): void {
    if (!this._info) return;
    const count = this._count();
    if (count === this.unread) return;
    this.unread = count;
    this._host.dispatchEvent(new EmbeddedChatUnreadEvent({ count }));
  }

  /** Names of other participants whose marker has reached `serial`. */
  seenBy(serial: string): string[] {
    const me = this._info?.clientId;
    return this.participants
      .filter((p) => p.userId !== me && p.serial !== undefined && compareSerials(p.serial, serial) >= 0)
      .map((p) => p.name);
  }

  /** The newest message is on screen and the page is visible: everything up to `serial` is read. */
  markRead(serial: string): void {
    if (!this._info || (this._mine && compareSerials(serial, this._mine) <= 0)) return;
    this._mine = serial;
    // Best effort: the backend save below is what lasts.
    this._presence.set({ read: serial }).catch(() => undefined);
    this._host.requestUpdate();
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => void this._save(), SAVE_DELAY_MS);
  }

  /** Presence data carries markers live: other people's, and this participant's on other devices. */
  onPresence(members: PresentParticipant[]): void {
    const me = this._info?.clientId;
    let changed = false;
    for (const member of members) {
      if (!member.read) continue;
      if (member.clientId === me) {
        const next = maxSerial(this._mine, member.read);
        changed ||= next !== this._mine;
        this._mine = next;
        continue;
      }
      const known = this.participants.find((p) => p.userId === member.clientId);
      if (known && known.serial !== maxSerial(known.serial, member.read)) {
        known.serial = member.read;
        changed = true;
      }
    }
    if (changed) this._host.requestUpdate();
  }

  private _count(): number {
    const me = this._info?.clientId;
    let count = 0;
    for (const message of this._messages.messages) {
      if (message.clientId === me || message.action === ChatMessageAction.MessageDelete) continue;
      if (!this._mine || compareSerials(message.serial, this._mine) > 0) count++;
    }
    return count;
  }

  /** Backend markers, merged with what presence already told (markers only move forward). */
  private _apply(markers: ReadMarker[]): void {
    const me = this._info?.clientId;
    const before = new Map(this.participants.map((p) => [p.userId, p.serial]));
    this.participants = markers.map((m) => {
      const serial = maxSerial(m.serial, before.get(m.userId));
      return { userId: m.userId, name: m.name, role: m.role, ...(serial ? { serial } : {}) };
    });
    this._mine = maxSerial(this._mine, markers.find((m) => m.userId === me)?.serial);
  }

  private async _save(): Promise<void> {
    const info = this._info;
    const serial = this._mine;
    if (!info || !serial || serial === this._saved) return;
    try {
      const markers = await saveReadMarker(await info.credential(), serial).catch(async (err: unknown) => {
        // The participant token expired since the last Ably token: ask the host for a fresh one, once.
        if ((err as { code?: number }).code !== 1002) throw err;
        return saveReadMarker(await info.credential(true), serial);
      });
      if (info !== this._info) return;
      this._saved = serial;
      this._apply(markers);
      this._host.requestUpdate();
    } catch {
      // Not saved (offline, token expired): the next markRead saves again; presence already told the others.
    }
  }
}
