import type { Room, Subscription, TypingMember } from '@ably/chat';
import type { ReactiveControllerHost } from 'lit';
import type { ChatSession } from '../../session/chat-session.js';
import type { RoomFeature } from '../../session/room-feature.js';

/** Who else is typing; keystrokes go through `@ably/chat`'s own throttle (CHA-T4). */
export class TypingController implements RoomFeature {
  typers: TypingMember[] = [];
  private _room?: Room;
  /** Its permissions are read on every keystroke: a renewal can turn the task read-only while the room stays open. */
  private _session?: ChatSession;
  private _subscription?: Subscription;

  constructor(private readonly _host: ReactiveControllerHost) {}

  prepare(room: Room, session: ChatSession): void {
    this._room = room;
    this._session = session;
    this._subscription = room.typing.subscribe((event) => {
      this.typers = event.currentTypers.filter((t) => t.clientId !== session.clientId);
      this._host.requestUpdate();
    });
  }

  stop(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
    this._room = undefined;
    this._session = undefined;
    this.typers = [];
  }

  keystroke(): void {
    if (this._session?.permissions.send) this._room?.typing.keystroke().catch(ignoreTypingError);
  }

  stopTyping(): void {
    if (this._session?.permissions.send) this._room?.typing.stop().catch(ignoreTypingError);
  }
}

/** Typing is best effort: a lost indicator is not worth an error in the user's face. */
function ignoreTypingError(): void {}
