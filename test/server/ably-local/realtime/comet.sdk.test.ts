import type * as Ably from 'ably';
import jwt from 'jsonwebtoken';
import { describe, expect, it, vi } from 'vitest';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';
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

/** Node's comet transport: streaming HTTP, JSON only (ably-js forces it whatever useBinaryProtocol says). */
const COMET: Ably.ClientOptions = { transports: ['comet'] };

function cometClient(server: LocalAbly, extra: Ably.ClientOptions = {}): Ably.Realtime {
  return realtime(server, false, { ...COMET, ...extra });
}

function transportOf(client: Ably.Realtime): string | undefined {
  const manager = (client.connection as unknown as { connectionManager: { activeProtocol?: unknown } })
    .connectionManager;
  const protocol = manager.activeProtocol as { transport?: { shortName?: string } } | undefined;
  return protocol?.transport?.shortName;
}

function token(server: LocalAbly, clientId: string, capability: object, ttlSeconds = 600): string {
  const key = server.keys[0]!;
  return jwt.sign(
    { 'x-ably-capability': JSON.stringify(capability), 'x-ably-clientId': clientId },
    key.secret,
    { algorithm: 'HS256', keyid: key.keyName, expiresIn: ttlSeconds },
  );
}

describe.each(FORMATS)('a comet client with a WebSocket peer over $format', ({ useBinaryProtocol }) => {
  it('connects over comet and delivers messages both ways, in order', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const comet = cometClient(server, { clientId: 'comet-alice' });
    const ws = realtime(server, useBinaryProtocol, { clientId: 'ws-bob' });
    const [cometChannel, wsChannel] = [comet.channels.get(name), ws.channels.get(name)];
    await Promise.all([cometChannel.attach(), wsChannel.attach()]);
    expect(transportOf(comet)).toBe('comet');
    expect(transportOf(ws)).toBe('web_socket');
    const atComet = collect(cometChannel);
    const atWs = collect(wsChannel);

    for (let i = 0; i < 10; i++) {
      await Promise.all([cometChannel.publish('c', `c${i}`), wsChannel.publish('w', `w${i}`)]);
    }
    await wsChannel.publish('bin', Buffer.from([0, 1, 2, 255]));

    await vi.waitFor(() => expect(atComet).toHaveLength(21));
    await vi.waitFor(() => expect(atWs).toHaveLength(21));
    const order = (list: Ably.InboundMessage[], prefix: string) =>
      list.filter((m) => m.name === prefix).map((m) => m.data);
    for (const list of [atComet, atWs]) {
      expect(order(list, 'c')).toEqual(Array.from({ length: 10 }, (_, i) => `c${i}`));
      expect(order(list, 'w')).toEqual(Array.from({ length: 10 }, (_, i) => `w${i}`));
    }
    expect(atComet.find((m) => m.name === 'c')).toMatchObject({ clientId: 'comet-alice' });
    expect(Buffer.from(atComet.at(-1)!.data as ArrayBuffer)).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('completes a burst of concurrent publishes with ACKs in msgSerial order', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const comet = cometClient(server);
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    await watcher.attach();
    const seen = collect(watcher);
    const channel = comet.channels.get(name);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => channel.publish('n', String(i))));
    const serials = results.map((r) => r.serials[0]!);
    expect([...serials].sort()).toEqual(serials);
    await vi.waitFor(() => expect(seen).toHaveLength(50));
    expect(seen.map((m) => m.serial)).toEqual(serials);
    expect(await comet.connection.ping()).toBeGreaterThanOrEqual(0);
  });

  it('shares presence across transports and leaves at once when the comet client closes', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const comet = cometClient(server, { clientId: 'comet-alice' });
    const ws = realtime(server, useBinaryProtocol, { clientId: 'ws-bob' });
    const wsChannel = ws.channels.get(name);
    const events: Ably.PresenceMessage[] = [];
    await wsChannel.presence.subscribe((m) => events.push(m));
    await comet.channels.get(name).presence.enter({ status: 'here' });
    await wsChannel.presence.enter('also here');
    await vi.waitFor(async () =>
      expect((await comet.channels.get(name).presence.get()).map((m) => m.clientId).sort()).toEqual([
        'comet-alice',
        'ws-bob',
      ]),
    );
    await comet.channels.get(name).presence.update({ status: 'busy' });
    await vi.waitFor(() => expect(events.map((e) => e.action)).toContain('update'));
    expect(events.find((e) => e.action === 'update')?.data).toEqual({ status: 'busy' });

    comet.close();
    await vi.waitFor(() =>
      expect(events.filter((e) => e.action === 'leave').map((e) => e.clientId)).toEqual(['comet-alice']),
    );
  });

  it('NACKs over comet what the token does not permit, and keeps the connection', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const comet = cometClient(server, {
      authCallback: (_p, cb) => cb(null, token(server, 'reader', { [name]: ['subscribe'] })),
    });
    const channel = comet.channels.get(name);
    await channel.attach();
    await expect(channel.publish('x', 'y')).rejects.toMatchObject({ code: 40160 });
    await expect(comet.channels.get(`${name}-other`).attach()).rejects.toMatchObject({ code: 40160 });
    expect(comet.connection.state).toBe('connected');
    const received = collect(channel);
    await realtime(server, useBinaryProtocol).channels.get(name).publish('ok', 'still subscribed');
    await vi.waitFor(() => expect(received.map((m) => m.data)).toEqual(['still subscribed']));
  });

  it('resumes a dropped comet stream on the same connection without losing a message', async () => {
    const server = await startLocalAbly();
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const name = uniqueName();
    const comet = cometClient(server, {
      clientId: 'alice',
      port: proxy.port,
      disconnectedRetryTimeout: 50,
    });
    const channel = comet.channels.get(name);
    await channel.attach();
    await channel.presence.enter();
    const received = collect(channel);
    const changes = recordChannelStates(channel);
    const publisher = realtime(server, useBinaryProtocol).channels.get(name);
    await publisher.publish('n', '0');
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const connectionId = comet.connection.id;

    expect(proxy.block()).toBeGreaterThan(0);
    await connectionState(comet, 'disconnected');
    for (let i = 1; i <= 20; i++) await publisher.publish('n', String(i));
    const whileOffline = channel.publish('mine', 'queued while offline');
    proxy.unblock();
    await connectionState(comet, 'connected');
    await whileOffline;
    await publisher.publish('n', '21');

    await vi.waitFor(() => expect(received.filter((m) => m.name === 'n')).toHaveLength(22));
    expect(comet.connection.id).toBe(connectionId);
    expect(received.filter((m) => m.name === 'n').map((m) => m.data)).toEqual(
      Array.from({ length: 22 }, (_, i) => String(i)),
    );
    expect(received.filter((m) => m.name === 'mine')).toHaveLength(1);
    expect(changes.find((c) => c.current === 'attached')?.resumed).toBe(true);
    const members = await publisher.presence.get();
    expect(members.map((m) => m.clientId)).toEqual(['alice']);
  });

  it('renews an expired token over comet and keeps the connection and its channels', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    let issued = 0;
    const comet = cometClient(server, {
      authCallback: (_p, cb) => {
        issued++;
        cb(null, token(server, 'alice', { [name]: ['*'] }, 2));
      },
    });
    const channel = comet.channels.get(name);
    await channel.attach();
    const received = collect(channel);
    const connectionId = comet.connection.id;
    await vi.waitFor(() => expect(issued).toBeGreaterThanOrEqual(2), { timeout: 8000 });
    await connectionState(comet, 'connected');
    await realtime(server, useBinaryProtocol).channels.get(name).publish('after', 'renewal');
    await vi.waitFor(() => expect(received.map((m) => m.data)).toEqual(['renewal']));
    expect(comet.connection.id).toBe(connectionId);
  });

  it('takes a re-authorisation in band: a narrower token detaches what it no longer permits', async () => {
    const server = await startLocalAbly();
    const [open, closed] = [uniqueName(), uniqueName()];
    let capability: object = { [open]: ['*'], [closed]: ['*'] };
    const comet = cometClient(server, {
      authCallback: (_p, cb) => cb(null, token(server, 'alice', capability)),
    });
    const [kept, lost] = [comet.channels.get(open), comet.channels.get(closed)];
    await Promise.all([kept.attach(), lost.attach()]);
    capability = { [open]: ['*'] };
    await comet.auth.authorize();
    await vi.waitFor(() => expect(lost.state).toBe('failed'));
    expect(lost.errorReason?.code).toBe(40160);
    expect(kept.state).toBe('attached');
    await kept.publish('still', 'allowed');
  });

  it('recovers a comet connection from a WebSocket client with its recovery key', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const comet = cometClient(server, { clientId: 'alice' });
    await comet.channels.get(name).attach();
    const recoveryKey = comet.connection.createRecoveryKey()!;
    const connectionId = comet.connection.id;
    const recovered = realtime(server, useBinaryProtocol, { clientId: 'alice', recover: recoveryKey });
    await connectionState(recovered, 'connected');
    expect(recovered.connection.id).toBe(connectionId);
    expect(transportOf(recovered)).toBe('web_socket');
    expect(recovered.connection.errorReason).toBeFalsy();
  });
});
