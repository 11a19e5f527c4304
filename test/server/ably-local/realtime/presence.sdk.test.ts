import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { TcpProxy } from '../../../support/tcp-proxy.js';
import {
  FORMATS,
  closeAfterTest,
  connectionState,
  realtime,
  rest,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';

describe.each(FORMATS)('presence over $format', ({ useBinaryProtocol }) => {
  it('syncs existing members to a client that attaches later', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const alice = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name);
    const bob = realtime(server, useBinaryProtocol, { clientId: 'bob' }).channels.get(name);
    await alice.presence.enter({ status: 'agent available' });
    await bob.presence.enter('here');
    const carol = realtime(server, useBinaryProtocol, { clientId: 'carol' }).channels.get(name);
    const members = await carol.presence.get();
    expect(members.map((m) => m.clientId).sort()).toEqual(['alice', 'bob']);
    expect(members.find((m) => m.clientId === 'alice')!.data).toEqual({ status: 'agent available' });
    expect(members.every((m) => m.action === 'present')).toBe(true);
  });

  it('delivers enter, update and leave events with the member data', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    const events: Ably.PresenceMessage[] = [];
    await watcher.presence.subscribe((m) => events.push(m));
    const alice = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name);
    await alice.presence.enter('courier 10 min away');
    await alice.presence.update('courier 5 min away');
    await alice.presence.leave();
    await vi.waitFor(() =>
      expect(events.map((e) => [e.action, e.data])).toEqual([
        ['enter', 'courier 10 min away'],
        ['update', 'courier 5 min away'],
        ['leave', 'courier 5 min away'],
      ]),
    );
    expect(events[0]!.id.startsWith(`${events[0]!.connectionId}:`)).toBe(true);
    expect(await watcher.presence.get()).toEqual([]);
  });

  it('counts one member per connection for the same clientId', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    await realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name).presence.enter();
    await realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name).presence.enter();
    const members = await realtime(server, useBinaryProtocol).channels.get(name).presence.get();
    expect(members).toHaveLength(2);
    expect(new Set(members.map((m) => m.connectionId)).size).toBe(2);
  });

  it('lets a key holder enter on behalf of other clientIds', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const channel = realtime(server, useBinaryProtocol).channels.get(name);
    await channel.presence.enterClient('bot-1', 'working');
    await channel.presence.enterClient('bot-2', 'idle');
    const members = await realtime(server, useBinaryProtocol).channels.get(name).presence.get();
    expect(members.map((m) => m.clientId).sort()).toEqual(['bot-1', 'bot-2']);
  });

  it('rejects entering without a clientId with 91000 or a local 40012', async () => {
    const server = await startLocalAbly();
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName());
    const error = await channel.presence.enter().catch((e: Ably.ErrorInfo) => e);
    expect([91000, 40012]).toContain((error as Ably.ErrorInfo).code);
  });

  it('makes members leave at once when their client closes', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    const alice = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    await alice.channels.get(name).presence.enter();
    await vi.waitFor(async () => expect(await watcher.presence.get()).toHaveLength(1));
    alice.close();
    await vi.waitFor(async () => expect(await watcher.presence.get()).toHaveLength(0));
  });

  it('makes members leave when their client detaches', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    const alice = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name);
    await alice.presence.enter();
    await vi.waitFor(async () => expect(await watcher.presence.get()).toHaveLength(1));
    await alice.detach();
    await vi.waitFor(async () => expect(await watcher.presence.get()).toHaveLength(0));
  });

  it('keeps members through a short drop and removes them after the leave delay', async () => {
    const server = await startLocalAbly({ realtime: { presenceLeaveDelayMs: 300 } });
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    const leaves: Ably.PresenceMessage[] = [];
    await watcher.presence.subscribe('leave', (m) => leaves.push(m));
    const alice = realtime(server, useBinaryProtocol, {
      clientId: 'alice',
      port: proxy.port,
      disconnectedRetryTimeout: 60_000,
    });
    await alice.channels.get(name).presence.enter('online');
    proxy.block();
    await connectionState(alice, 'disconnected');
    await vi.waitFor(() => expect(leaves.map((l) => l.clientId)).toEqual(['alice']), { timeout: 5000 });
    expect(await watcher.presence.get()).toEqual([]);
  });

  it('answers REST presence get and presence history', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const alice = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name);
    await alice.presence.enter('a');
    await alice.presence.update('b');
    const client = rest(server, useBinaryProtocol);
    const current = await client.channels.get(name).presence.get();
    expect(current.items.map((m) => [m.clientId, m.data, m.action])).toEqual([['alice', 'b', 'present']]);
    const history = await client.channels.get(name).presence.history({ direction: 'forwards' });
    expect(history.items.map((m) => [m.action, m.data])).toEqual([
      ['enter', 'a'],
      ['update', 'b'],
    ]);
    const page = await client.channels.get(name).presence.history({ limit: 1 });
    expect(page.items.map((m) => m.data)).toEqual(['b']);
    expect(page.hasNext()).toBe(true);
    const next = await page.next();
    expect(next!.items.map((m) => m.data)).toEqual(['a']);
    expect(next!.hasNext()).toBe(false);
  });
});
