import { describe, expect, it, vi } from 'vitest';
import type { LocalAblyOptions } from '../../../../server/ably-local/create-server.js';
import type { AblyError } from '../../../../server/ably-local/protocol/ably-error.js';
import { A, rawClient } from '../../../support/hostile.js';
import { RawCometClient } from '../../../support/raw-comet-client.js';
import { startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';

/**
 * Comet requests the SDK never makes (DESIGN §3.7): each is answered with a ProtocolMessage in a 200, the
 * process keeps serving, and nothing is reported as an internal error.
 */
async function start(options: LocalAblyOptions = {}) {
  const reported: AblyError[] = [];
  const server = await startLocalAbly({ ...options, onError: (_op, error) => reported.push(error) });
  const keyQuery = `key=${encodeURIComponent(server.clientOptions.key)}`;
  return { server, reported, keyQuery };
}

describe('the comet endpoint with hand-made requests', () => {
  it('answers a connect with bad credentials with an ERROR in a 200', async () => {
    const { server, reported } = await start();
    const client = await RawCometClient.connect(server.port, 'key=local.dev%3Awrong-secret');
    expect(client.frames).toHaveLength(1);
    expect(client.frames[0]).toMatchObject({ action: A.ERROR, error: { code: 40101 } });
    const none = await RawCometClient.connect(server.port, 'clientId=x');
    expect(none.frames[0]).toMatchObject({ action: A.ERROR, error: { code: 40106 } });
    expect(reported).toEqual([]);
  });

  it('answers requests for an unknown connection key with DISCONNECTED, so the SDK resumes', async () => {
    const { server } = await start();
    const client = await RawCometClient.connect(server.port, 'key=local.dev%3Awrong-secret');
    client.connectionKey = 'AAAAAAAAAAA!BBBBBBBBBBBBBBBB';
    expect(await client.recv()).toMatchObject([{ action: A.DISCONNECTED, error: { code: 80003 } }]);
    const sent = await client.send([{ action: A.HEARTBEAT }]);
    expect(sent).toMatchObject({ status: 200, body: [{ action: A.DISCONNECTED }] });
  });

  it.each([
    ['text that is not JSON', '{not json'],
    ['a JSON object instead of an array', '{"action":0}'],
    ['an element that is not an object', '[0]'],
    ['an element without an integer action', '[{"action":"attach"}]'],
    ['an ack-requiring frame without msgSerial', '[{"action":15,"channel":"x","messages":[]}]'],
  ])('fails the connection with ERROR 40000 on %s, and keeps serving', async (_case, body) => {
    const { server, reported, keyQuery } = await start();
    const client = await RawCometClient.connect(server.port, keyQuery);
    expect(client.frames[0]).toMatchObject({ action: A.CONNECTED });
    expect((await client.send(body)).status).toBe(200);
    const answer = await client.recv();
    expect(answer).toMatchObject([{ action: A.ERROR, error: { code: 40000 } }]);
    expect(await client.recv()).toMatchObject([{ action: A.DISCONNECTED }]);
    expect(reported).toEqual([]);
    await expectServerHealthy(server);
  });

  it('refuses a send body over maxFrameSize with 413/40009', async () => {
    const { server, keyQuery } = await start({ realtime: { maxFrameSize: 1024 } });
    const client = await RawCometClient.connect(server.port, keyQuery);
    const big = [{ action: A.MESSAGE, channel: 'x', msgSerial: 0, messages: [{ data: 'x'.repeat(2048) }] }];
    const sent = await client.send(big);
    expect(sent.status).toBe(413);
    expect(sent.body).toMatchObject({ error: { code: 40009 } });
    await expectServerHealthy(server);
  });

  it('processes a batch in order: ATTACHED, then one ACK per publish, in one answer', async () => {
    const { server, keyQuery } = await start();
    const client = await RawCometClient.connect(server.port, keyQuery);
    const channel = uniqueName();
    await client.send([
      { action: A.ATTACH, channel },
      ...[0, 1, 2].map((msgSerial) => ({ action: A.MESSAGE, channel, msgSerial, messages: [{ data: 'x' }] })),
    ]);
    const frames = await client.recv();
    expect(frames.map((f) => f.action)).toEqual([
      A.ATTACHED,
      A.MESSAGE,
      A.ACK,
      A.MESSAGE,
      A.ACK,
      A.MESSAGE,
      A.ACK,
    ]);
    expect(frames.filter((f) => f.action === A.ACK).map((f) => f.msgSerial)).toEqual([0, 1, 2]);
  });

  it('answers a browser-repeated poll again and applies a browser-repeated send once (same rnd)', async () => {
    const { server, keyQuery } = await start();
    const client = await RawCometClient.connect(server.port, keyQuery);
    const channel = uniqueName();
    const attach = [{ action: A.ATTACH, channel }];
    await client.send(attach, 'send-1');
    await client.send(attach, 'send-1');
    const first = await client.recv('poll-1');
    expect(first.map((f) => f.action)).toEqual([A.ATTACHED]);
    // The answer was lost on the way: the browser repeats the request, rnd and all.
    expect(await client.recv('poll-1')).toEqual(first);
    await client.send(attach, 'send-2');
    expect((await client.recv('poll-2')).map((f) => f.action)).toEqual([A.ATTACHED]);
  });

  it('NACKs frames over maxInboundRate with 42910, as on a WebSocket', async () => {
    const { server, keyQuery } = await start({ realtime: { maxInboundRate: 5 } });
    const client = await RawCometClient.connect(server.port, keyQuery);
    const batch = Array.from({ length: 10 }, (_, msgSerial) => ({
      action: A.MESSAGE,
      channel: 'rate',
      msgSerial,
      messages: [{ data: 'x' }],
    }));
    await client.send(batch);
    const frames = await client.recv();
    expect(frames.filter((f) => f.action === A.ACK)).toHaveLength(5);
    expect(frames.filter((f) => f.action === A.NACK).map((f) => (f.error as { code: number }).code)).toEqual(
      Array(5).fill(42910),
    );
  });

  it('counts comet connections in the per-clientId limit together with WebSockets', async () => {
    const { server, keyQuery } = await start({ realtime: { maxConnectionsPerClientId: 2 } });
    const query = `${keyQuery}&clientId=alice`;
    await rawClient(server, query);
    const second = await RawCometClient.connect(server.port, query);
    expect(second.frames[0]).toMatchObject({ action: A.CONNECTED });
    const third = await RawCometClient.connect(server.port, query);
    expect(third.frames[0]).toMatchObject({ action: A.DISCONNECTED, error: { code: 42910 } });
  });

  it('answers a long poll with a HEARTBEAT when the connection is idle', async () => {
    const { server, keyQuery } = await start({ realtime: { maxIdleIntervalMs: 200 } });
    const client = await RawCometClient.connect(server.port, keyQuery);
    const frames = await client.recv();
    expect(frames.map((f) => f.action)).toEqual([A.HEARTBEAT]);
  });

  it('treats a client that stops polling as dropped: resumable, its members leave after the delay', async () => {
    const { server, keyQuery } = await start({
      realtime: { maxIdleIntervalMs: 200, presenceLeaveDelayMs: 100 },
    });
    const channel = uniqueName();
    const watcher = await rawClient(server);
    watcher.send({ action: A.ATTACH, channel });
    const client = await RawCometClient.connect(server.port, `${keyQuery}&clientId=alice`);
    await client.send([{ action: A.PRESENCE, channel, msgSerial: 0, presence: [{ action: 2 }] }]);
    await vi.waitFor(() => expect(watcher.ofAction(A.PRESENCE)).toHaveLength(1));
    // No recv from here on: the transport times out, then the member leaves.
    await vi.waitFor(() => expect(watcher.ofAction(A.PRESENCE)).toHaveLength(2), { timeout: 3000 });
    expect(watcher.ofAction(A.PRESENCE)[1]).toMatchObject({ presence: [{ action: 3, clientId: 'alice' }] });
    const connectionId = client.frames[0]!.connectionId;
    const resumed = await RawCometClient.connect(
      server.port,
      `${keyQuery}&clientId=alice&resume=${encodeURIComponent(client.connectionKey!)}`,
    );
    expect(resumed.frames[0]).toMatchObject({ action: A.CONNECTED, connectionId });
    expect(resumed.frames[0]!.error).toBeUndefined();
  });

  it('drops a comet transport that does not read as a slow consumer; the connection stays resumable', async () => {
    const { server, keyQuery } = await start({ realtime: { maxBufferedBytes: 4096 } });
    const channel = uniqueName();
    const client = await RawCometClient.connect(server.port, keyQuery);
    await client.send([{ action: A.ATTACH, channel }]);
    const publisher = await rawClient(server);
    for (let msgSerial = 0; msgSerial < 20; msgSerial++) {
      publisher.send({ action: A.MESSAGE, channel, msgSerial, messages: [{ data: 'x'.repeat(1000) }] });
    }
    await vi.waitFor(() => expect(publisher.ofAction(A.ACK)).toHaveLength(20));
    expect(await client.recv()).toMatchObject([{ action: A.DISCONNECTED, error: { code: 80003 } }]);
  });

  it('closes the connection on /close: CLOSED on the pending poll, members gone at once', async () => {
    const { server, keyQuery } = await start();
    const channel = uniqueName();
    const watcher = await rawClient(server);
    watcher.send({ action: A.ATTACH, channel });
    const client = await RawCometClient.connect(server.port, `${keyQuery}&clientId=alice`);
    await client.send([{ action: A.PRESENCE, channel, msgSerial: 0, presence: [{ action: 2 }] }]);
    await client.recv();
    const polling = client.recv();
    await client.close();
    expect((await polling).map((f) => f.action)).toContain(8);
    await vi.waitFor(() => expect(watcher.ofAction(A.PRESENCE)).toHaveLength(2));
    const again = await RawCometClient.connect(
      server.port,
      `${keyQuery}&clientId=alice&resume=${encodeURIComponent(client.connectionKey!)}`,
    );
    expect(again.frames[0]).toMatchObject({ action: A.CONNECTED, error: { code: 80008 } });
  });
});
