import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { FORMATS, collect, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

describe.each(FORMATS)('channels over $format', ({ useBinaryProtocol }) => {
  it('attaches with the default modes and a non-empty attach serial', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    const channel = client.channels.get(uniqueName());
    await channel.attach();
    expect(channel.state).toBe('attached');
    // RTL4m: Ably's default set (ably-js attachWithInvalidChannelParams).
    expect(channel.modes).toEqual([
      'presence',
      'publish',
      'subscribe',
      'presence_subscribe',
      'annotation_publish',
    ]);
    // `properties` is what @ably/chat reads for its subscription point; it is not in ably's typings.
    const { properties } = channel as unknown as { properties: { attachSerial?: string } };
    expect(properties.attachSerial).toMatch(/^\d{14}-\d{3}@[\w-]+:\d{3}$/);
  });

  it('grants only the modes requested', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol);
    const channel = client.channels.get(uniqueName(), { modes: ['SUBSCRIBE'] });
    await channel.attach();
    expect(channel.modes).toEqual(['subscribe']);
  });

  it('acknowledges publishes with serials and fans out to every subscriber', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const publisher = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    const subscribers = [1, 2, 3].map(() => realtime(server, useBinaryProtocol).channels.get(name));
    await Promise.all(subscribers.map((c) => c.attach()));
    const received = subscribers.map((c) => collect(c));
    const first = await publisher.channels.get(name).publish('greeting', { text: 'hi' });
    const second = await publisher.channels.get(name).publish([
      { name: 'a', data: 'one' },
      { name: 'b', data: Buffer.from([0, 1, 2]) },
    ]);
    expect(first.serials).toHaveLength(1);
    expect(second.serials).toHaveLength(2);
    expect(second.serials[0]! > first.serials[0]!).toBe(true);
    await vi.waitFor(() => received.forEach((r) => expect(r).toHaveLength(3)));
    for (const r of received) {
      expect(r.map((m) => m.name)).toEqual(['greeting', 'a', 'b']);
      expect(r[0]!.data).toEqual({ text: 'hi' });
      expect(r[0]!.clientId).toBe('alice');
      expect(r[0]!.serial).toBe(first.serials[0]);
      expect(Buffer.from(r[2]!.data as Uint8Array)).toEqual(Buffer.from([0, 1, 2]));
    }
  });

  it('does not echo a connection its own messages when echoMessages is false', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const quiet = realtime(server, useBinaryProtocol, { echoMessages: false }).channels.get(name);
    const loud = realtime(server, useBinaryProtocol).channels.get(name);
    await Promise.all([quiet.attach(), loud.attach()]);
    const quietGot = collect(quiet);
    const loudGot = collect(loud);
    await quiet.publish('mine', 'a');
    await loud.publish('theirs', 'b');
    await vi.waitFor(() => expect(loudGot.map((m) => m.name)).toEqual(['mine', 'theirs']));
    await vi.waitFor(() => expect(quietGot.map((m) => m.name)).toEqual(['theirs']));
  });

  it('publishes once for a repeated client-supplied message id', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const client = realtime(server, useBinaryProtocol);
    const channel = client.channels.get(name);
    await channel.attach();
    const got = collect(channel);
    const a = await channel.publish({ id: 'order-1', name: 'x', data: 'same' });
    const b = await channel.publish({ id: 'order-1', name: 'x', data: 'same' });
    await channel.publish('after', 'next');
    expect(b.serials).toEqual(a.serials);
    await vi.waitFor(() => expect(got.map((m) => m.name)).toEqual(['x', 'after']));
    const history = await rest(server, useBinaryProtocol).channels.get(name).history();
    expect(history.items.map((m) => m.name)).toEqual(['after', 'x']);
  });

  it('advertises the 64 KiB limit, so the SDK refuses larger messages with 40009', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol);
    const channel = client.channels.get(uniqueName());
    await channel.attach();
    const error = await channel.publish('big', 'x'.repeat(70 * 1024)).catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({ code: 40009 });
    expect(client.connection.state).toBe('connected');
    await expect(channel.publish('small', 'ok')).resolves.toBeDefined();
  });

  it('rejects a REST publish over 64 KiB with 413/40009 even when the client allows more', async () => {
    const server = await startLocalAbly();
    const client = rest(server, useBinaryProtocol, { maxMessageSize: 1024 * 1024 });
    const channel = client.channels.get(uniqueName());
    const error = await channel.publish('big', 'x'.repeat(70 * 1024)).catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({ code: 40009, statusCode: 413 });
    expect((await channel.history()).items).toHaveLength(0);
  });

  it('fails an attach to an invalid channel name with 40010 and keeps the connection', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol);
    const error = await client.channels
      .get(':bad')
      .attach()
      .catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({ code: 40010 });
    expect(client.connection.state).toBe('connected');
  });

  it('publishes without attaching', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const listener = realtime(server, useBinaryProtocol).channels.get(name);
    await listener.attach();
    const got = collect(listener);
    const result = await realtime(server, useBinaryProtocol).channels.get(name).publish('direct', 'x');
    expect(result.serials).toHaveLength(1);
    await vi.waitFor(() => expect(got).toHaveLength(1));
  });

  it('detaches and stops delivering', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const channel = realtime(server, useBinaryProtocol).channels.get(name, { attachOnSubscribe: false });
    const got = collect(channel);
    await channel.attach();
    await channel.detach();
    expect(channel.state).toBe('detached');
    const other = realtime(server, useBinaryProtocol).channels.get(name);
    await other.attach();
    const otherGot = collect(other);
    await realtime(server, useBinaryProtocol).channels.get(name).publish('later', 'x');
    await vi.waitFor(() => expect(otherGot).toHaveLength(1));
    expect(got).toHaveLength(0);
  });

  it('replays the last messages on attach with the rewind param', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const publisher = realtime(server, useBinaryProtocol).channels.get(name);
    for (const n of ['1', '2', '3']) await publisher.publish('n', n);
    const late = realtime(server, useBinaryProtocol).channels.get(name, { params: { rewind: '2' } });
    const got = collect(late);
    await late.attach();
    await vi.waitFor(() => expect(got.map((m) => m.data)).toEqual(['2', '3']));
  });
});
