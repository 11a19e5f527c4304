import { ChatClient, LogLevel, type PresenceEvent, type TypingSetEvent } from '@ably/chat';
import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';
import {
  closeAfterTest,
  connectionState,
  realtime,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';
import { TcpProxy } from '../../../support/tcp-proxy.js';

/**
 * Races around attach that fail only now and then, so each runs REPETITIONS times on fresh rooms (issue #11
 * §2): the member is confirmed present every time, and a typing stop always follows its start.
 */
const REPETITIONS = 50;

const CASES = [
  { name: 'JSON WebSocket', useBinaryProtocol: false, extra: {} },
  { name: 'msgpack WebSocket', useBinaryProtocol: true, extra: {} },
  { name: 'comet', useBinaryProtocol: false, extra: { transports: ['comet'] } as Ably.ClientOptions },
] as const;

/** Two participants on the server key, alice on the case's transport. */
function pair(server: LocalAbly, c: (typeof CASES)[number]) {
  const chat = (clientId: string, useBinaryProtocol: boolean, extra: Ably.ClientOptions) =>
    new ChatClient(realtime(server, useBinaryProtocol, { clientId, ...extra }), {
      logLevel: LogLevel.Silent,
    });
  return { alice: chat('alice', c.useBinaryProtocol, c.extra), bob: chat('bob', false, {}) };
}

async function present(observer: ChatClient, room: string, clientId: string): Promise<void> {
  const r = await observer.rooms.get(room);
  await vi.waitFor(async () => expect((await r.presence.get()).map((m) => m.clientId)).toContain(clientId));
}

describe.each(CASES)('attach races over $name', (c) => {
  it(
    `confirms a member who enters while the room is still attaching, ${REPETITIONS} times`,
    { timeout: 120_000 },
    async () => {
      const server = await startLocalAbly();
      const { alice, bob } = pair(server, c);
      for (let i = 0; i < REPETITIONS; i++) {
        const name = uniqueName('room');
        const observer = await bob.rooms.get(name);
        await observer.attach();
        const entered = new Promise<PresenceEvent>((resolve) =>
          observer.presence.subscribe((e) => e.type === 'enter' && resolve(e)),
        );
        const room = await alice.rooms.get(name);
        // Enter the moment the room's channel starts attaching (Chat allows presence from `attaching` on).
        const entering = new Promise<void>((resolve, reject) =>
          room.channel.once('attaching', () => room.presence.enter({ i }).then(resolve, reject)),
        );
        await Promise.all([room.attach(), entering]);
        expect((await entered).member).toMatchObject({ clientId: 'alice', data: { i } });
        expect(await room.presence.isUserPresent('alice')).toBe(true);
        await present(bob, name, 'alice');
        await Promise.all([alice.rooms.release(name), bob.rooms.release(name)]);
      }
    },
  );

  it(
    `confirms a member who re-enters after the room detached and re-attached, ${REPETITIONS} times`,
    { timeout: 120_000 },
    async () => {
      const server = await startLocalAbly();
      const { alice, bob } = pair(server, c);
      const name = uniqueName('room');
      const observer = await bob.rooms.get(name);
      await observer.attach();
      const room = await alice.rooms.get(name);
      for (let i = 0; i < REPETITIONS; i++) {
        await room.attach();
        await room.presence.enter({ round: i });
        await vi.waitFor(async () =>
          expect((await observer.presence.get()).find((m) => m.clientId === 'alice')?.data).toEqual({
            round: i,
          }),
        );
        await room.detach();
        await vi.waitFor(async () =>
          expect((await observer.presence.get()).map((m) => m.clientId)).not.toContain('alice'),
        );
      }
      await room.attach();
      await room.presence.enter({ round: 'last' });
      await vi.waitFor(async () => expect(await observer.presence.isUserPresent('alice')).toBe(true));
    },
  );

  it(
    `keeps a member present through a dropped connection and its re-attach, ${REPETITIONS} times`,
    { timeout: 120_000 },
    async () => {
      const server = await startLocalAbly();
      const proxy = await TcpProxy.start(server.port);
      closeAfterTest(proxy);
      const alice = new ChatClient(
        realtime(server, c.useBinaryProtocol, {
          clientId: 'alice',
          port: proxy.port,
          disconnectedRetryTimeout: 50,
          ...c.extra,
        }),
        { logLevel: LogLevel.Silent },
      );
      const { bob } = pair(server, c);
      const name = uniqueName('room');
      const [room, observer] = await Promise.all([alice.rooms.get(name), bob.rooms.get(name)]);
      await Promise.all([room.attach(), observer.attach()]);
      const leaves: PresenceEvent[] = [];
      observer.presence.subscribe((e) => e.type === 'leave' && leaves.push(e));
      await room.presence.enter({ here: true });
      await vi.waitFor(async () => expect(await observer.presence.isUserPresent('alice')).toBe(true));
      for (let i = 0; i < REPETITIONS; i++) {
        proxy.block();
        await connectionState(alice.realtime, 'disconnected');
        proxy.unblock();
        // ably-js waits about a second before a second quick reconnect; ask for it now.
        alice.realtime.connect();
        await connectionState(alice.realtime, 'connected');
        await vi.waitFor(() => expect(room.status).toBe('attached'));
        expect(await room.presence.isUserPresent('alice')).toBe(true);
        expect(await observer.presence.isUserPresent('alice')).toBe(true);
      }
      expect(leaves).toEqual([]);
    },
  );

  it(`delivers a typing stop after every start, ${REPETITIONS} times`, { timeout: 120_000 }, async () => {
    const server = await startLocalAbly();
    const { alice, bob } = pair(server, c);
    const name = uniqueName('room');
    const [room, observer] = await Promise.all([alice.rooms.get(name), bob.rooms.get(name)]);
    await Promise.all([room.attach(), observer.attach()]);
    const events: TypingSetEvent[] = [];
    observer.typing.subscribe((e) => events.push(e));
    for (let i = 0; i < REPETITIONS; i++) {
      // Not awaited in between: the stop is sent right behind the start.
      const started = room.typing.keystroke();
      const stopped = room.typing.stop();
      await Promise.all([started, stopped]);
      await vi.waitFor(() =>
        expect(events.filter((e) => e.change.type === 'typing.stopped')).toHaveLength(i + 1),
      );
      expect(events.at(-1)!.currentTypers).toEqual([]);
    }
    const kinds = events.map((e) => e.change.type);
    expect(kinds).toEqual(
      Array.from({ length: REPETITIONS }, () => ['typing.started', 'typing.stopped']).flat(),
    );
    expect([...observer.typing.current]).toEqual([]);
  });
});
