import type { Room, Subscription, TypingMember } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { mayDo, type RoomFeature, type SessionInfo } from '../../session/room-feature.js';

/** Who else is typing; keystrokes go through `@ably/chat`'s own throttle (CHA-T4). */
export class TypingController implements ReactiveController, RoomFeature {
  typers: TypingMember[] = [];
  private _room?: Room;
  private _clientId?: string;
  private _subscription?: Subscription;
  /** Read on every call: a renewal can turn the session read-only (task closed) while the room stays open. */
  private _info?: SessionInfo;

  constructor(private readonly _host: ReactiveControllerHost) {
    _host.addController(this);
  }

  hostConnected(): void {}

  prepare(room: Room, info: SessionInfo): void {
    this._room = room;
    this._clientId = info.clientId;
    this._info = info;
    this._subscription = room.typing.subscribe((event) => {
      this.typers = event.currentTypers.filter((t) => t.clientId !== this._clientId);
      this._host.requestUpdate();
    });
  }

  stop(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
    this._room = undefined;
    this._info = undefined;
    this.typers = [];
  }

  keystroke(): void {
    if (this._allowed()) this._room?.typing.keystroke().catch(ignoreTypingError);
  }

  stopTyping(): void {
    if (this._allowed()) this._room?.typing.stop().catch(ignoreTypingError);
  }

  private _allowed(): boolean {
    return this._info !== undefined && mayDo(this._info, 'publish');
  }
}

/** Typing is best effort: a lost indicator is not worth an error in the user's face. */
function ignoreTypingError(): void {}
