import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { TcpProxy } from '../../../support/tcp-proxy.js';
import {
  closeAfterTest,
  collect,
  connectionState,
  FORMATS,
  realtime,
  recordChannelStates,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';

/** The SDK's internal send (`ConnectionManager.send`), wrapped by one test as ably-js's own test does. */
type SendFn = (message: { action: number; setFlag(flag: string): void }, ...rest: unknown[]) => unknown;

async function viaProxy(serverPort: number): Promise<TcpProxy> {
  const proxy = await TcpProxy.start(serverPort);
  closeAfterTest(proxy);
  return proxy;
}

describe.each(FORMATS)('connection resume over $format', ({ useBinaryProtocol }) => {
  it('resumes the same connection and delivers every missed message once, in order', async () => {
    const server = await startLocalAbly();
    const proxy = await viaProxy(server.port);
    const name = uniqueName();
    const client = realtime(server, useBinaryProtocol, {
      clientId: 'alice',
      port: proxy.port,
      disconnectedRetryTimeout: 50,
    });
    const channel = client.channels.get(name);
    await channel.attach();
    const received = collect(channel);
    const changes = recordChannelStates(channel);
    const publisher = realtime(server, useBinaryProtocol).channels.get(name);
    await publisher.publish('before', '0');
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const connectionId = client.connection.id;

    proxy.block();
    await connectionState(client, 'disconnected');
    for (let i = 1; i <= 20; i++) await publisher.publish('missed', String(i));
    proxy.unblock();
    await connectionState(client, 'connected');
    await publisher.publish('after', '21');

    await vi.waitFor(() => expect(received).toHaveLength(22));
    expect(client.connection.id).toBe(connectionId);
    expect(client.connection.errorReason).toBeFalsy();
    expect(received.map((m) => m.data)).toEqual(Array.from({ length: 22 }, (_, i) => String(i)));
    expect(new Set(received.map((m) => m.serial)).size).toBe(22);
    const reattached = changes.find((c) => c.current === 'attached');
    expect(reattached?.resumed).toBe(true);
  });

  it('completes a publish sent while disconnected exactly once after resuming', async () => {
    const server = await startLocalAbly();
    const proxy = await viaProxy(server.port);
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    await watcher.attach();
    const seen = collect(watcher);
    const client = realtime(server, useBinaryProtocol, { port: proxy.port, disconnectedRetryTimeout: 50 });
    const channel = client.channels.get(name);
    await channel.attach();
    proxy.block();
    await connectionState(client, 'disconnected');
    const publishing = channel.publish('queued', 'while offline');
    proxy.unblock();
    const result = await publishing;
    expect(result.serials).toHaveLength(1);
    await vi.waitFor(() => expect(seen.map((m) => m.data)).toEqual(['while offline']));
  });

  it('keeps presence members when the client resumes within the leave delay', async () => {
    const server = await startLocalAbly();
    const proxy = await viaProxy(server.port);
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    const leaves: Ably.PresenceMessage[] = [];
    await watcher.presence.subscribe('leave', (m) => leaves.push(m));
    const client = realtime(server, useBinaryProtocol, {
      clientId: 'alice',
      port: proxy.port,
      disconnectedRetryTimeout: 50,
    });
    await client.channels.get(name).presence.enter('hi');
    proxy.block();
    await connectionState(client, 'disconnected');
    proxy.unblock();
    await connectionState(client, 'connected');
    await vi.waitFor(async () => expect(client.channels.get(name).state).toBe('attached'));
    const members = await client.channels.get(name).presence.get();
    expect(members.map((m) => m.clientId)).toEqual(['alice']);
    expect(leaves).toEqual([]);
  });

  /** A client whose resume window has passed by the time the network is back. */
  async function expiredResume(options: Parameters<typeof startLocalAbly>[0], missed: number) {
    const server = await startLocalAbly({ ...options, realtime: { connectionStateTtlMs: 200 } });
    const proxy = await viaProxy(server.port);
    const name = uniqueName();
    const client = realtime(server, useBinaryProtocol, {
      clientId: 'alice',
      port: proxy.port,
      disconnectedRetryTimeout: 50,
      suspendedRetryTimeout: 50,
    });
    const channel = client.channels.get(name);
    await channel.attach();
    const received = collect(channel);
    const changes = recordChannelStates(channel);
    const oldId = client.connection.id;
    const publisher = realtime(server, useBinaryProtocol).channels.get(name);
    await publisher.publish('seen', 'first');
    await vi.waitFor(() => expect(received).toHaveLength(1));

    proxy.block();
    await connectionState(client, 'suspended');
    for (let i = 0; i < missed; i++) await publisher.publish('missed', String(i));
    proxy.unblock();
    await connectionState(client, 'connected');
    expect(client.connection.id).not.toBe(oldId);
    expect(client.connection.errorReason?.code).toBe(80008);
    await vi.waitFor(() => expect(channel.state).toBe('attached'));
    await publisher.publish('fresh', 'last');
    await vi.waitFor(() => expect(received.at(-1)?.data).toBe('last'));
    return { received, reattached: changes.filter((c) => c.current === 'attached') };
  }

  it('gives a fresh connection with 80008 when the resume expired, and resumes its channels from their serials', async () => {
    // The connection is gone, but the channel's stream after the client's serial is all stored (DESIGN §4.4).
    const { received, reattached } = await expiredResume({}, 3);
    expect(received.map((m) => m.data)).toEqual(['first', '0', '1', '2', 'last']);
    expect(reattached.length).toBeGreaterThan(0);
    expect(reattached.every((c) => c.resumed)).toBe(true);
  });

  it('re-attaches without RESUMED and with 90003 when the stream after its serial was evicted', async () => {
    const { received, reattached } = await expiredResume(
      { storage: { memory: { maxMessagesPerChannel: 5 } } },
      20,
    );
    expect(received.map((m) => m.data)).toEqual(['first', 'last']);
    expect(reattached.some((c) => !c.resumed && c.reason?.code === 90003)).toBe(true);
  });

  it('gives a fresh connection with 80018 when recovering from a malformed key', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol, {
      recover: JSON.stringify({ connectionKey: 'not a key', msgSerial: 0, channelSerials: {} }),
    });
    await connectionState(client, 'connected');
    expect(client.connection.errorReason?.code).toBe(80018);
  });
  it('sends no rewound messages to an ATTACH flagged ATTACH_RESUME, and sends them to a fresh one (RTL4j2)', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const publisher = realtime(server, useBinaryProtocol).channels.get(name);
    await publisher.publish('m', 'before');
    const fresh = realtime(server, useBinaryProtocol).channels.get(name, { params: { rewind: '1' } });
    const rewound = collect(fresh);
    await vi.waitFor(() => expect(rewound.map((m) => m.data)).toEqual(['before']));
    // ably-js realtime/resume.test.js resume_rewind_1: the SDK's own ATTACH, with the flag it sets when it
    // re-attaches a channel it was attached to (through its connection manager, as that test does).
    const resuming = realtime(server, useBinaryProtocol);
    const manager = (resuming.connection as unknown as { connectionManager: { send: SendFn } })
      .connectionManager;
    const send = manager.send.bind(manager);
    manager.send = (message, ...rest) => {
      if (message.action === 10) message.setFlag('ATTACH_RESUME');
      return send(message, ...rest);
    };
    const channel = resuming.channels.get(name, { params: { rewind: '1' } });
    const seen = collect(channel);
    await channel.attach();
    await publisher.publish('m', 'live');
    await vi.waitFor(() => expect(seen.map((m) => m.data)).toContain('live'));
    expect(seen.map((m) => m.data)).toEqual(['live']);
  });
});
