import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { A, ackOf, rawClient } from '../../../support/hostile.js';
import {
  closeAfterTest,
  connectionState,
  realtime,
  rest,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';
import { TcpProxy } from '../../../support/tcp-proxy.js';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';

/** A raw connection as `clientId` that enters presence on `channel` without attaching (issue #7 finding 3). */
async function enterWithoutAttach(server: LocalAbly, channel: string, clientId: string, port = server.port) {
  const query = `key=${encodeURIComponent(server.clientOptions.key)}&clientId=${clientId}`;
  const client = await rawClient(server, query, 'json', port);
  client.send({ action: A.PRESENCE, channel, msgSerial: 0, presence: [{ action: 2, data: 'ghost' }] });
  expect(await ackOf(client, 0)).toMatchObject({ action: A.ACK });
  return client;
}

function watchLeaves(channel: Ably.RealtimeChannel): Promise<Ably.PresenceMessage[]> {
  const leaves: Ably.PresenceMessage[] = [];
  return channel.presence.subscribe('leave', (m) => leaves.push(m)).then(() => leaves);
}

describe('presence and connection bounds (DESIGN §3.3, §5.3, §5.4)', () => {
  it('removes a member entered without attaching when its connection drops', async () => {
    const server = await startLocalAbly({ realtime: { presenceLeaveDelayMs: 100 } });
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const name = uniqueName();
    const watcher = realtime(server, false).channels.get(name);
    const leaves = await watchLeaves(watcher);
    await enterWithoutAttach(server, name, 'ghost', proxy.port);
    await vi.waitFor(async () => expect(await watcher.presence.get()).toHaveLength(1));
    proxy.block();
    await vi.waitFor(() => expect(leaves.map((l) => l.clientId)).toEqual(['ghost']));
    expect(await watcher.presence.get()).toEqual([]);
  });

  it('removes a member entered without attaching at once when its connection closes', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const watcher = realtime(server, true).channels.get(name);
    const leaves = await watchLeaves(watcher);
    const ghost = await enterWithoutAttach(server, name, 'ghost');
    ghost.send({ action: 7 });
    await vi.waitFor(() => expect(leaves.map((l) => l.clientId)).toEqual(['ghost']));
  });

  it('removes a member entered without attaching when its connection state expires first', async () => {
    const server = await startLocalAbly({
      realtime: { presenceLeaveDelayMs: 60_000, connectionStateTtlMs: 200 },
    });
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const name = uniqueName();
    const watcher = realtime(server, false).channels.get(name);
    const leaves = await watchLeaves(watcher);
    await enterWithoutAttach(server, name, 'ghost', proxy.port);
    proxy.block();
    await vi.waitFor(() => expect(leaves.map((l) => l.clientId)).toEqual(['ghost']));
  });

  it('keeps presence history within 1 MiB when members send large updates', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const alice = realtime(server, true, { clientId: 'alice' }).channels.get(name);
    for (let i = 0; i < 20; i++) await alice.presence.update(`${i}:`.padEnd(60_000, 'x'));
    const history = await rest(server, true).channels.get(name).presence.history({ limit: 1000 });
    const bytes = history.items.reduce((sum, m) => sum + Buffer.byteLength(m.data as string) + 5, 0);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(history.items.length).toBeGreaterThan(10);
    expect((history.items[0]!.data as string).startsWith('19:')).toBe(true);
  });

  it('refuses a connection with DISCONNECTED 42910 when its clientId already holds the maximum', async () => {
    const server = await startLocalAbly({ realtime: { maxConnectionsPerClientId: 2 } });
    const first = realtime(server, false, { clientId: 'alice' });
    const second = realtime(server, true, { clientId: 'alice' });
    await Promise.all([connectionState(first, 'connected'), connectionState(second, 'connected')]);
    const third = realtime(server, false, { clientId: 'alice', disconnectedRetryTimeout: 200 });
    const refused = await connectionState(third, 'disconnected');
    expect(refused.reason?.code).toBe(42910);
    const bob = realtime(server, false, { clientId: 'bob' });
    await connectionState(bob, 'connected');
    first.close();
    await connectionState(third, 'connected');
    await expectServerHealthy(server);
  });
});
