import { MessageReactionType, type Message, type Room, type Subscription } from '@ably/chat';
import type { ReactiveControllerHost } from 'lit';
import type { ChatSession } from '../../session/chat-session.js';
import type { RoomFeature } from '../../session/room-feature.js';

/** A room reaction on its way up the screen. */
export interface Burst {
  id: number;
  name: string;
}

/** What the reaction picker is open for: a message (its key) or the room. */
export type PickerTarget = { message: string } | 'room';

const BURST_MS = 1800;

/**
 * Reactions: message reactions (`distinct`: one of each emoji per person, toggled), room reactions (ephemeral
 * bursts that everyone in the room sees), and the one reaction picker, open for a message or for the room.
 */
export class ReactionsController implements RoomFeature {
  bursts: Burst[] = [];
  /** Where the picker is open, if anywhere. */
  picker?: PickerTarget;
  private _room?: Room;
  private _clientId?: string;
  private _subscription?: Subscription;
  private _timers = new Set<ReturnType<typeof setTimeout>>();
  private _nextId = 0;

  constructor(private readonly _host: ReactiveControllerHost) {}

  prepare(room: Room, session: ChatSession): void {
    this._room = room;
    this._clientId = session.clientId;
    this._subscription = room.reactions.subscribe(({ reaction }) => this._burst(reaction.name));
  }

  stop(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
    for (const timer of this._timers) clearTimeout(timer);
    this._timers.clear();
    this.bursts = [];
    this.picker = undefined;
    this._room = undefined;
  }

  /** Opens the picker for `target`, or closes it when it is already open there. */
  togglePicker(target: PickerTarget): void {
    this.picker = this.pickerOpenFor(target) ? undefined : target;
    this._host.requestUpdate();
  }

  /** Closes the picker; true when it was open (an Escape that closed it is spent, not the page's). */
  closePicker(): boolean {
    if (!this.picker) return false;
    this.picker = undefined;
    this._host.requestUpdate();
    return true;
  }

  pickerOpenFor(target: PickerTarget): boolean {
    const open = this.picker;
    if (!open || target === 'room' || open === 'room') return open === target;
    return open.message === target.message;
  }

  /** Adds `name` to `message`, or takes it back when the viewer had reacted with it. */
  async toggle(message: Message, name: string): Promise<void> {
    const reactions = this._room?.messages.reactions;
    if (!reactions) return;
    const params = { name, type: MessageReactionType.Distinct };
    const mine = Boolean(
      this._clientId && message.reactions.distinct[name]?.clientIds.includes(this._clientId),
    );
    if (mine) await reactions.delete(message.serial, params);
    else await reactions.send(message.serial, params);
  }

  async sendRoomReaction(name: string): Promise<void> {
    await this._room?.reactions.send({ name });
  }

  private _burst(name: string): void {
    const burst: Burst = { id: ++this._nextId, name };
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
