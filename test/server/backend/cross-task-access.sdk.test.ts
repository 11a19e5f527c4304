import { ChatClient, LogLevel, type Room } from '@ably/chat';
import * as Ably from 'ably';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  agentChannelFor,
  chatChannelFor,
  notificationsChannelFor,
  roomNameFor,
} from '../../../server/backend/ably-auth/channel-names.js';
import { FORMATS, closeAfterTest } from '../../support/local-ably.js';
import { errorCode, startBackend, uniqueTaskId, type TestBackend } from './backend-harness.js';

/**
 * Issue #11 §3, cross-task access: a participant of one task (an agent, the role with the most operations)
 * holds a real token from `POST /api/token` and tries every REST, Chat REST, presence and realtime route on
 * another task — over the SDKs, on WebSocket and comet — and gets 40160 every time, whether or not the
 * target exists. The table is the list of routes; each row is one attempt.
 */
interface Target {
  task: string;
  room: string;
  channel: string;
  notifications: string;
  /** The other task's agent channel, where its agents stream. */
  agent: string;
  /** A message in the other task's room, and a serial that exists nowhere. */
  serial: string;
  missing: string;
}

interface Attacker {
  token: string;
  rest: Ably.Rest;
  realtime: Ably.Realtime;
  comet: Ably.Realtime;
  room: Room;
}

type Row = [string, (a: Attacker, t: Target) => Promise<unknown>];

const ROWS: Row[] = [
  // Realtime, pub/sub.
  ['realtime: attach the chat channel', (a, t) => a.realtime.channels.get(t.channel).attach()],
  [
    "realtime: attach the other participant's notifications channel",
    (a, t) => a.realtime.channels.get(t.notifications).attach(),
  ],
  [
    'realtime: attach the chat channel with [?rewind=10]',
    (a, t) => a.realtime.channels.get(`[?rewind=10]${t.channel}`).attach(),
  ],
  [
    'realtime: publish without attaching',
    (a, t) => a.realtime.channels.get(`${t.channel}`).publish('chat.message', { text: 'x' }),
  ],
  [
    'realtime: enter presence',
    (a, t) => {
      // ably-js's implicit attach for enter (RTP8d) is not awaited, so its refusal would go unhandled; start the
      // attach here, and the enter queues behind it and is refused with it.
      const channel = a.realtime.channels.get(t.channel);
      channel.attach().catch(() => undefined);
      return channel.presence.enter('x');
    },
  ],
  [
    'realtime: update a message',
    (a, t) => a.realtime.channels.get(t.channel).updateMessage({ serial: t.serial, data: 'x' }),
  ],
  [
    'realtime: delete a message',
    (a, t) => a.realtime.channels.get(t.channel).deleteMessage({ serial: t.serial }),
  ],
  [
    'realtime: annotate a message',
    (a, t) =>
      a.realtime.channels
        .get(t.channel)
        .annotations.publish(t.serial, { type: 'reaction:distinct.v1', name: '👍' }),
  ],
  ["realtime: attach the other task's agent channel", (a, t) => a.realtime.channels.get(t.agent).attach()],
  ['comet: attach the chat channel', (a, t) => a.comet.channels.get(t.channel).attach()],
  [
    'comet: publish without attaching',
    (a, t) => a.comet.channels.get(t.channel).publish('chat.message', { text: 'x' }),
  ],
  // REST, pub/sub.
  ['REST: publish', (a, t) => a.rest.channels.get(t.channel).publish('chat.message', { text: 'x' })],
  ['REST: history', (a, t) => a.rest.channels.get(t.channel).history()],
  ["REST: the other task's agent channel history", (a, t) => a.rest.channels.get(t.agent).history()],
  ['REST: presence', (a, t) => a.rest.channels.get(t.channel).presence.get()],
  ['REST: presence history', (a, t) => a.rest.channels.get(t.channel).presence.history()],
  ['REST: channel status', (a, t) => a.rest.channels.get(t.channel).status()],
  ['REST: get a message', (a, t) => a.rest.channels.get(t.channel).getMessage(t.serial)],
  ['REST: get a message that does not exist', (a, t) => a.rest.channels.get(t.channel).getMessage(t.missing)],
  ['REST: message versions', (a, t) => a.rest.channels.get(t.channel).getMessageVersions(t.serial)],
  [
    'REST: update a message',
    (a, t) => a.rest.channels.get(t.channel).updateMessage({ serial: t.serial, data: 'x' }),
  ],
  ['REST: delete a message', (a, t) => a.rest.channels.get(t.channel).deleteMessage({ serial: t.serial })],
  [
    'REST: annotate a message',
    (a, t) =>
      a.rest.channels
        .get(t.channel)
        .annotations.publish(t.serial, { type: 'reaction:distinct.v1', name: '👍' }),
  ],
  ['REST: list annotations', (a, t) => a.rest.channels.get(t.channel).annotations.get(t.serial, {})],
  [
    'REST: batch publish',
    async (a, t) => {
      const result = await a.rest.batchPublish({ channels: [t.channel], messages: [{ data: 'x' }] });
      throw result.results[0] && 'error' in result.results[0]
        ? result.results[0].error
        : new Error('published');
    },
  ],
  [
    'REST: batch presence',
    async (a, t) => {
      const answer: unknown = await a.rest.batchPresence([t.channel]);
      const batch = (
        Array.isArray(answer) ? answer[0] : answer
      ) as Ably.BatchResult<Ably.BatchPresenceFailureResult>;
      throw batch.results[0]?.error ?? new Error('read');
    },
  ],
  // Chat REST (the room object of the other task, on the attacker's client).
  ['Chat: send', (a) => a.room.messages.send({ text: 'x' })],
  ['Chat: history', (a) => a.room.messages.history({ limit: 10 })],
  ['Chat: get a message', (a, t) => a.room.messages.get(t.serial)],
  ['Chat: get a message that does not exist', (a, t) => a.room.messages.get(t.missing)],
  ['Chat: update a message', (a, t) => a.room.messages.update(t.serial, { text: 'x' })],
  ['Chat: delete a message', (a, t) => a.room.messages.delete(t.serial)],
  ['Chat: react to a message', (a, t) => a.room.messages.reactions.send(t.serial, { name: '👍' })],
  ['Chat: remove a reaction', (a, t) => a.room.messages.reactions.delete(t.serial, { name: '👍' })],
  ['Chat: client reactions', (a, t) => a.room.messages.reactions.clientReactions(t.serial)],
  ['Chat: occupancy', (a) => a.room.occupancy.get()],
  ['Chat: attach the room', (a) => a.room.attach()],
];

describe.each(FORMATS)('another task, with a real token, over $format', ({ useBinaryProtocol }) => {
  let backend: TestBackend;
  let target: Target;
  let attacker: Attacker;
  let mine: string;

  // Every row on its own backend and clients: one refusal must not explain the next.
  beforeEach(async () => {
    backend = await startBackend();
    mine = uniqueTaskId();
    const theirs = uniqueTaskId();
    await backend.createTask(mine, [{ userId: 'mallory', role: 'agent' }]);
    await backend.createTask(theirs, [{ userId: 'bob', role: 'customer' }]);
    const rest = new Ably.Rest({ ...backend.ably.clientOptions, useBinaryProtocol });
    const { serials } = await rest.channels
      .get(chatChannelFor(theirs))
      .publish('chat.message', { text: 'secret' });
    target = {
      task: theirs,
      room: roomNameFor(theirs),
      channel: chatChannelFor(theirs),
      notifications: notificationsChannelFor('bob'),
      agent: agentChannelFor(theirs),
      serial: serials[0]!,
      missing: '01700000000000-000@nowhere000:000',
    };
    const answer = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'mallory', role: 'agent', task: mine }),
    });
    const token = answer.body.token as string;
    const { endpoint, port } = backend.ably.clientOptions;
    const options = {
      endpoint,
      port,
      tls: false,
      token,
      useBinaryProtocol,
      disableConnectivityCheck: true,
      logLevel: 0,
    };
    const realtime = new Ably.Realtime(options);
    const comet = new Ably.Realtime({ ...options, transports: ['comet'] });
    const room = await new ChatClient(realtime, { logLevel: LogLevel.Silent }).rooms.get(target.room);
    attacker = { token, rest: new Ably.Rest(options), realtime, comet, room };
    closeAfterTest(realtime);
    closeAfterTest(comet);
  });

  it.each(ROWS)('%s → 40160', async (_route, attempt) => {
    let error: unknown;
    try {
      await attempt(attacker, target);
    } catch (err) {
      error = err;
    }
    expect(errorCode(error), String(error)).toBe(40160);
  });

  it('leaves the other task untouched and the attacker chatting in its own', async () => {
    for (const [, attempt] of ROWS) await attempt(attacker, target).catch(() => undefined);
    const rest = new Ably.Rest({ ...backend.ably.clientOptions, useBinaryProtocol });
    const history = await rest.channels.get(target.channel).history();
    expect(history.items.map((m) => (m.data as { text: string }).text)).toEqual(['secret']);
    const own = await attacker.room.messages.history({ limit: 1 }).catch((err: unknown) => err);
    expect(errorCode(own)).toBe(40160);
    const ownRoom = await new ChatClient(attacker.realtime, { logLevel: LogLevel.Silent }).rooms.get(
      roomNameFor(mine),
    );
    await ownRoom.attach();
    await ownRoom.messages.send({ text: 'still allowed here' });
    expect(attacker.realtime.connection.state).toBe('connected');
  });
});
