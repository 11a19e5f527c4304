import type { Room } from '@ably/chat';
import type { ChatSession } from './chat-session.js';

/**
 * One concern of the chat (messages, typing, participants…) over a room, driven by the session:
 * - `begin` as soon as the token is known, for work that needs only the backend (it overlaps the attach);
 * - `prepare` before the room attaches, so subscriptions see everything after the attach point;
 * - `start` once attached (the session is ready when every `start` has settled);
 * - `stop` when the room goes away.
 * A feature added after the room is open (loaded later) gets `begin`, `prepare` and `start` at once.
 */
export interface RoomFeature {
  begin?(session: ChatSession): void;
  prepare?(room: Room, session: ChatSession): void;
  start?(room: Room, session: ChatSession): Promise<void> | void;
  stop(): void;
}
