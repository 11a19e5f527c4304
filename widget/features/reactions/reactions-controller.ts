import { MessageReactionType, type Message, type Room, type Subscription } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomFeature, SessionInfo } from '../../session/room-feature.js';

/** A room reaction on its way up the screen. */
export interface Burst {
  id: number;
  name: string;
  own: boolean;
}

const BURST_MS = 1800;

/**
 * Message reactions (`distinct`: one of each emoji per person, toggled) and room reactions (ephemeral bursts
 * that everyone in the room sees).
 */
export class ReactionsController implements ReactiveController, RoomFeature {
  bursts: Burst[] = [];
  private _room?: Room;
  private _clientId?: string;
  private _subscription?: Subscription;
  private _timers = new Set<ReturnType<typeof setTimeout>>();
  private _nextId = 0;

  constructor(private readonly _host: ReactiveControllerHost) {
    _host.addController(this);
  }

  hostConnected(): void {}

  prepare(room: Room, info: SessionInfo): void {
    this._room = room;
    this._clientId = info.clientId;
    this._subscription = room.reactions.subscribe(({ reaction }) =>
      this._burst(reaction.name, reaction.isSelf),
    );
  }

  stop(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
    for (const timer of this._timers) clearTimeout(timer);
    this._timers.clear();
    this.bursts = [];
    this._room = undefined;
  }

  /** True when the signed-in participant has reacted to `message` with `name`. */
  mine(message: Message, name: string): boolean {
    return Boolean(this._clientId && message.reactions.distinct[name]?.clientIds.includes(this._clientId));
  }

  async toggle(message: Message, name: string): Promise<void> {
    const reactions = this._room?.messages.reactions;
    if (!reactions) return;
    const params = { name, type: MessageReactionType.Distinct };
    if (this.mine(message, name)) await reactions.delete(message.serial, params);
    else await reactions.send(message.serial, params);
  }

  async sendRoomReaction(name: string): Promise<void> {
    await this._room?.reactions.send({ name });
  }

  private _burst(name: string, own: boolean): void {
    const burst: Burst = { id: ++this._nextId, name, own };
    this.bursts = [...this.bursts.slice(-11), burst];
    const timer = setTimeout(() => {
      this._timers.delete(timer);
      this.bursts = this.bursts.filter((b) => b !== burst);
      this._host.requestUpdate();
    }, BURST_MS);
    this._timers.add(timer);
    this._host.requestUpdate();
  }
}
