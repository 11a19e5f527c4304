import type { OccupancyEvent, PresenceEvent, RoomReactionEvent, TypingSetEvent } from '@ably/chat';
import { describe, expect, it, vi } from 'vitest';
import { TcpProxy } from '../../../support/tcp-proxy.js';
import { attachedRoom, chatClient, roomToken } from '../../../support/chat.js';
import {
  FORMATS,
  closeAfterTest,
  connectionState,
  realtime,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';
import { ChatClient, LogLevel } from '@ably/chat';

describe.each(FORMATS)('Chat room features over $format', ({ useBinaryProtocol }) => {
  it('relays typing with clientId and user claim, and keeps it out of history', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const alice = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name, claim: 'courier' }),
      name,
    );
    const bob = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name }),
      name,
    );
    const events: TypingSetEvent[] = [];
    bob.typing.subscribe((e) => events.push(e));
    await alice.typing.keystroke();
    await vi.waitFor(() => expect(events.at(-1)?.currentTypers.map((t) => t.clientId)).toEqual(['alice']));
    expect(events.at(-1)!.change.userClaim).toBe('courier');
    await alice.typing.stop();
    await vi.waitFor(() => expect(events.at(-1)?.currentTypers).toEqual([]));
    expect((await bob.messages.history({ limit: 10 })).items).toEqual([]);
  });

  it('relays room reactions with metadata, headers and user claim', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const alice = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name, claim: 'player' }),
      name,
    );
    const bob = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name }),
      name,
    );
    const got: RoomReactionEvent[] = [];
    bob.reactions.subscribe((e) => got.push(e));
    await alice.reactions.send({ name: '🎉', metadata: { level: 3 }, headers: { team: 'red' } });
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]!.reaction).toMatchObject({
      name: '🎉',
      clientId: 'alice',
      metadata: { level: 3 },
      headers: { team: 'red' },
      userClaim: 'player',
    });
    expect((await bob.messages.history({ limit: 10 })).items).toEqual([]);
  });

  it('shares presence with data and user claims', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const alice = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name, claim: 'agent' }),
      name,
    );
    const bob = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name }),
      name,
    );
    const events: PresenceEvent[] = [];
    bob.presence.subscribe((e) => events.push(e));
    await alice.presence.enter({ status: 'agent available' });
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['enter']));
    expect(events[0]!.member).toMatchObject({
      clientId: 'alice',
      data: { status: 'agent available' },
      userClaim: 'agent',
    });
    const members = await bob.presence.get();
    expect(members.map((m) => [m.clientId, m.userClaim])).toEqual([['alice', 'agent']]);
  });

  it('counts occupancy over REST and as live events', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const options = { occupancy: { enableEvents: true } };
    const alice = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name }),
      name,
      options,
    );
    const events: OccupancyEvent[] = [];
    alice.occupancy.subscribe((e) => events.push(e));
    await vi.waitFor(() => expect(events.at(-1)?.occupancy).toEqual({ connections: 1, presenceMembers: 0 }));
    const bob = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name }),
      name,
      options,
    );
    await bob.presence.enter();
    await vi.waitFor(() => expect(events.at(-1)?.occupancy).toEqual({ connections: 2, presenceMembers: 1 }));
    expect(await alice.occupancy.get()).toEqual({ connections: 2, presenceMembers: 1 });
  });

  it('raises no discontinuity when the connection resumes, and exactly one when continuity is lost', async () => {
    // maxReplay 0: a re-attach that would have to replay anything is answered without RESUMED (90003), as
    // when more was missed than the server replays. (A failed connection resume alone keeps continuity:
    // the channel resumes from its serial, DESIGN §4.4.)
    const server = await startLocalAbly({ realtime: { connectionStateTtlMs: 300 }, maxReplay: 0 });
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const name = uniqueName('room');
    const client = realtime(server, useBinaryProtocol, {
      authCallback: (_p, cb) => cb(null, roomToken(server, { clientId: 'alice', room: name })),
      port: proxy.port,
      disconnectedRetryTimeout: 50,
      suspendedRetryTimeout: 50,
    });
    const chat = new ChatClient(client, { logLevel: LogLevel.Silent });
    const room = await attachedRoom(chat, name);
    const discontinuities: unknown[] = [];
    room.onDiscontinuity((error) => discontinuities.push(error));
    const subscription = room.messages.subscribe(() => undefined);
    const other = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name }),
      name,
    );

    proxy.block();
    await connectionState(client, 'disconnected');
    proxy.unblock();
    await connectionState(client, 'connected');
    await vi.waitFor(() => expect(room.status).toBe('attached'));
    await room.messages.send({ text: 'after a short drop' });
    expect(discontinuities).toHaveLength(0);

    proxy.block();
    await connectionState(client, 'suspended');
    await other.messages.send({ text: 'during the gap' });
    proxy.unblock();
    await connectionState(client, 'connected');
    await vi.waitFor(() => expect(discontinuities).toHaveLength(1));
    await vi.waitFor(() => expect(room.status).toBe('attached'));
    // The subscription point moved to the new attach: everything before it, the gap included, is history.
    const before = await subscription.historyBeforeSubscribe({ limit: 10 });
    expect(before.items.map((m) => m.text)).toEqual(['during the gap', 'after a short drop']);
    await room.messages.send({ text: 'after a real gap' });
    expect(discontinuities).toHaveLength(1);
  });
});
