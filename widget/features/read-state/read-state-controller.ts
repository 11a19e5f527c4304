import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EmbeddedChatUnreadEvent } from '../../events/unread-event.js';
import { compareSerials, maxSerial } from '../../internal/serial.js';
import type { ChatSession } from '../../session/chat-session.js';
import { saveReadMarker } from '../../session/read-state-client.js';
import type { RoomFeature } from '../../session/room-feature.js';
import type { MessagesController } from '../messages/messages-controller.js';
import type { ParticipantsController } from '../participants/participants-controller.js';

/** Unread counts look back this far on open; older unread messages are not counted. */
const MAX_COUNTED = 200;
const SAVE_DELAY_MS = 800;

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Read state: how far this participant has read (the backend keeps it across reloads and devices; presence
 * carries it live, through the participants model), and the ONE unread count — other people's messages after
 * that point — which the element fires as `embedded-chat-unread` and shows on its "new messages" button.
 */
export class ReadStateController implements ReactiveController, RoomFeature {
  /** Other people's messages after the read position; undefined until known. */
  unread?: number;
  /** What this device has marked read (ahead of the saved marker until the save lands). */
  private _marked?: string;
  private _session?: ChatSession;
  private _saveTimer?: ReturnType<typeof setTimeout>;
  private _saved?: string;

  constructor(
    private readonly _host: Host,
    private readonly _messages: MessagesController,
    private readonly _participants: ParticipantsController,
  ) {
    _host.addController(this);
  }

  async start(_room: unknown, session: ChatSession): Promise<void> {
    this._session = session;
    await this._participants.whenListed();
    this._saved = this._participants.ownRead;
    // Enough history to count what is unread (the latest page may not reach back to the marker).
    await this._messages.loadBackTo(this.position, MAX_COUNTED);
    this._host.requestUpdate();
  }

  stop(): void {
    clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    this._session = undefined;
    this._marked = undefined;
    this._saved = undefined;
    this.unread = undefined;
  }

  /** The read position: this device's, or another device's when that is further. */
  get position(): string | undefined {
    return maxSerial(this._marked, this._participants.ownRead);
  }

  /** Recounts before every render (cost: the messages after the position only); reports changes. */
  hostUpdate(): void {
    if (!this._session || !this._messages.loaded) return;
    const count = this._messages.countFromOthersAfter(this.position);
    if (count === this.unread) return;
    this.unread = count;
    this._host.dispatchEvent(new EmbeddedChatUnreadEvent({ count }));
  }

  /** The newest message is on screen and the page is visible: everything up to `serial` is read. */
  markRead(serial: string): void {
    const position = this.position;
    if (!this._session || (position && compareSerials(serial, position) <= 0)) return;
    this._marked = serial;
    // Best effort: the backend save below is what lasts.
    this._participants.setOwn({ read: serial }).catch(() => undefined);
    this._host.requestUpdate();
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => void this._save(), SAVE_DELAY_MS);
  }

  private async _save(): Promise<void> {
    const session = this._session;
    const serial = this._marked;
    if (!session || !serial || serial === this._saved) return;
    try {
      const markers = await saveReadMarker(session, serial);
      if (session !== this._session) return;
      this._saved = serial;
      this._participants.applyMarkers(markers);
    } catch {
      // Not saved (offline, token expired): the next markRead saves again; presence already told the others.
    }
  }
}
