import { ChatClient, LogLevel, type RoomOptions } from '@ably/chat';
import type * as Ably from 'ably';
import jwt from 'jsonwebtoken';
import type { LocalAbly } from '../../server/ably-local/create-server.js';
import { realtime } from './local-ably.js';

export interface ChatUser {
  clientId: string;
  /** Operations on the room (default: everything a chat participant needs). */
  ops?: string[];
  /** User claim for the room (`ably.room.<room>`), e.g. a role badge. */
  claim?: string;
  room: string;
}

const PARTICIPANT_OPS = [
  'publish',
  'subscribe',
  'presence',
  'history',
  'annotation-publish',
  'annotation-subscribe',
  'message-update-own',
  'message-delete-own',
];

/** An Ably JWT for one room, signed with the server's key, as a host backend would issue it. */
export function roomToken(server: LocalAbly, user: ChatUser, ttlSeconds = 600): string {
  const key = server.keys[0]!;
  return jwt.sign(
    {
      'x-ably-capability': JSON.stringify({ [`${user.room}::$chat`]: user.ops ?? PARTICIPANT_OPS }),
      'x-ably-clientId': user.clientId,
      ...(user.claim === undefined ? {} : { [`ably.room.${user.room}`]: user.claim }),
    },
    key.secret,
    { algorithm: 'HS256', keyid: key.keyName, expiresIn: ttlSeconds },
  );
}

/**
 * A ChatClient on a token-authenticated Realtime client (closed after the test); `extra` adds client
 * options (e.g. `transports: ['comet']`).
 */
export function chatClient(
  server: LocalAbly,
  useBinaryProtocol: boolean,
  user: ChatUser,
  extra: Ably.ClientOptions = {},
): ChatClient {
  const client = realtime(server, useBinaryProtocol, {
    ...extra,
    authCallback: (_params, callback) => callback(null, roomToken(server, user)),
  });
  return new ChatClient(client, { logLevel: LogLevel.Silent });
}

/** A ChatClient authenticated with the server key and a clientId (full capability). */
export function keyChatClient(server: LocalAbly, useBinaryProtocol: boolean, clientId: string): ChatClient {
  return new ChatClient(realtime(server, useBinaryProtocol, { clientId }), { logLevel: LogLevel.Silent });
}

export async function attachedRoom(chat: ChatClient, name: string, options?: RoomOptions) {
  const room = await chat.rooms.get(name, options);
  await room.attach();
  return room;
}

/** The error an SDK call rejects with; throws (failing the test) when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Ably.ErrorInfo> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err as Ably.ErrorInfo,
  );
  if (!outcome) throw new Error('expected the operation to be rejected');
  return outcome;
}
