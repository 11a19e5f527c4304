import type { Room } from '@ably/chat';
import type { Credential, TokenAnswer } from './token-client.js';

/** What every feature knows about the signed-in participant once the session is up. */
export interface SessionInfo {
  answer: TokenAnswer;
  clientId: string;
  /** Ably operations the role has on the room (from the token answer). */
  operations: ReadonlySet<string>;
  /** The task is closed: only reading is allowed. */
  readOnly: boolean;
  /** How to ask the backend again (read state); `fresh` asks the host for a new participant token. */
  credential: (fresh?: boolean) => Promise<Credential>;
}

/** Whether the session may do `operation` now: the role grants it and the task is not closed. */
export function mayDo(info: SessionInfo, operation: string): boolean {
  return info.operations.has(operation) && !info.readOnly;
}

/**
 * One concern of the chat (messages, typing, presence…) over a room. The session calls `prepare` before the
 * room attaches (so subscriptions see everything after the attach point), `start` once attached, and `stop`
 * when the room goes away. Each feature is also a Lit reactive controller of the view.
 */
export interface RoomFeature {
  prepare?(room: Room, info: SessionInfo): void;
  start?(room: Room, info: SessionInfo): Promise<void> | void;
  stop(): void;
}
