import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { FORMATS, collect, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

/** A server whose only key grants `ops` on every channel. */
async function serverWithKeyOps(ops: string[]) {
  return startLocalAbly({ keys: [{ key: 'app.limited:secret', capability: { '*': ops } }] });
}

describe.each(FORMATS)('channel params and modes on ATTACH over $format', ({ useBinaryProtocol }) => {
  // RTL4k, RTL4k1, RTL4m
  it('echoes the accepted params and grants the modes of the modes param', async () => {
    const server = await startLocalAbly();
    const params = { modes: 'subscribe', delta: 'vcdiff' };
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName(), { params });
    await channel.attach();
    expect(channel.params).toEqual(params);
    expect(channel.modes).toEqual(['subscribe']);
    await expect(channel.publish('x', 'no publish mode')).rejects.toMatchObject({ code: 40165 });
    await expect(channel.presence.enterClient('alice')).rejects.toMatchObject({ code: 40165 });
  });

  // RTL4k1
  it('does not echo params it does not recognise when they are sent', async () => {
    const server = await startLocalAbly();
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName(), {
      params: { nonexistent: 'foo', agent: 'my-agent/1.0' },
    });
    await channel.attach();
    expect(channel.params).toEqual({});
  });

  // RTL4k1, RTL4m (ably-js attachWithChannelParamsModesAndChannelModes)
  it('lets the modes param win over channelOptions.modes when both are given', async () => {
    const server = await startLocalAbly();
    const channel = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(uniqueName(), {
      params: { modes: 'presence,subscribe' },
      modes: ['PUBLISH', 'PRESENCE_SUBSCRIBE'],
    });
    await channel.attach();
    expect(channel.modes).toEqual(['presence', 'subscribe']);
    await channel.presence.enter('here');
    await expect(channel.publish('x', 'y')).rejects.toMatchObject({ code: 40165 });
  });

  // RTL4l, RTL4m
  it('grants the requested channelOptions.modes the key capability permits when it permits fewer', async () => {
    const server = await serverWithKeyOps(['subscribe']);
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName(), {
      modes: ['PUBLISH', 'SUBSCRIBE'],
    });
    await channel.attach();
    expect(channel.modes).toEqual(['subscribe']);
  });

  // RTL4m
  it('intersects the modes param with the capability too', async () => {
    const server = await serverWithKeyOps(['subscribe', 'presence']);
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName(), {
      params: { modes: 'publish,presence,subscribe' },
    });
    await channel.attach();
    expect(channel.modes).toEqual(['presence', 'subscribe']);
    expect(channel.params).toEqual({ modes: 'publish,presence,subscribe' });
  });

  // RTL4m: Ably's default modes, including annotation_publish where the capability allows it
  it('grants the default modes with annotation_publish when the capability allows everything', async () => {
    const server = await startLocalAbly();
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName());
    await channel.attach();
    expect(channel.modes).toEqual([
      'presence',
      'publish',
      'subscribe',
      'presence_subscribe',
      'annotation_publish',
    ]);
  });

  // RTL4m
  it('leaves annotation_publish out of the defaults when the capability lacks annotation-publish', async () => {
    const server = await serverWithKeyOps(['publish', 'subscribe', 'presence']);
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName());
    await channel.attach();
    expect(channel.modes).toEqual(['presence', 'publish', 'subscribe', 'presence_subscribe']);
  });

  // RTL4k: numeric rewind, as ably-js resume_rewind_1 sends it
  it('rewinds with a numeric rewind param like with the string form', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    await rest(server, useBinaryProtocol)
      .channels.get(name)
      .publish([
        { name: 'n', data: 'a' },
        { name: 'n', data: 'b' },
      ]);
    // The typings say strings, but JavaScript apps pass numbers and ably-js sends them as given.
    const params = { rewind: 1 } as unknown as Ably.ChannelParams;
    const channel = realtime(server, useBinaryProtocol).channels.get(name, { params });
    const got = collect(channel);
    await channel.attach();
    expect(channel.params).toEqual({ rewind: '1' });
    await vi.waitFor(() => expect(got.map((m) => m.data)).toEqual(['b']));
  });

  // RTL4k: rewind with a time specifier, bounded by rewindLimit
  it('rewinds a period of time up to rewindLimit messages', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    await rest(server, useBinaryProtocol)
      .channels.get(name)
      .publish(['1', '2', '3'].map((data) => ({ name: 'n', data })));
    const channel = realtime(server, useBinaryProtocol).channels.get(name, {
      params: { rewind: '1m', rewindLimit: '2' },
    });
    const got = collect(channel);
    await channel.attach();
    expect(channel.params).toEqual({ rewind: '1m', rewindLimit: '2' });
    await vi.waitFor(() => expect(got.map((m) => m.data)).toEqual(['2', '3']));
  });

  // RTL4k: Ably fails an attach whose rewind is neither a number nor a time specifier
  it('fails the attach with 40003 and keeps the connection when rewind cannot be parsed', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol);
    const error = await client.channels
      .get(uniqueName(), { params: { rewind: 'yesterday' } })
      .attach()
      .catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({ code: 40003, statusCode: 400 });
    expect(client.connection.state).toBe('connected');
  });

  // RTL4k: the rewind limit of 100 messages is reported as 90004 on a successful attach
  it('attaches with 90004 and the newest 100 messages when a rewind asks for more', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const messages = Array.from({ length: 105 }, (_, i) => ({ name: 'n', data: String(i) }));
    await rest(server, useBinaryProtocol).channels.get(name).publish(messages);
    const channel = realtime(server, useBinaryProtocol).channels.get(name, { params: { rewind: '200' } });
    const got = collect(channel);
    const attached = new Promise<Ably.ChannelStateChange>((resolve) => channel.once('attached', resolve));
    await channel.attach();
    expect((await attached).reason).toMatchObject({ code: 90004, statusCode: 404 });
    await vi.waitFor(() => expect(got).toHaveLength(100));
    expect(got[0]!.data).toBe('5');
    expect(got[99]!.data).toBe('104');
  });

  // RTL4k1: delta=vcdiff is accepted and echoed; every payload still arrives whole (no vcdiff plugin needed)
  it('echoes delta=vcdiff and delivers whole payloads to a client without a vcdiff decoder', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const channel = realtime(server, useBinaryProtocol).channels.get(name, { params: { delta: 'vcdiff' } });
    const got = collect(channel);
    await channel.attach();
    expect(channel.params).toEqual({ delta: 'vcdiff' });
    const publisher = realtime(server, useBinaryProtocol).channels.get(name);
    const doc = { title: 'a long document', body: 'x'.repeat(500) };
    await publisher.publish('doc', doc);
    await publisher.publish('doc', { ...doc, body: `${doc.body}y` });
    await vi.waitFor(() => expect(got.map((m) => (m.data as typeof doc).body.length)).toEqual([500, 501]));
    expect(channel.state).toBe('attached');
  });

  // RTL4k1
  it('fails the attach with 40003 for a delta algorithm other than vcdiff', async () => {
    const server = await startLocalAbly();
    const error = await realtime(server, useBinaryProtocol)
      .channels.get(uniqueName(), { params: { delta: 'xdelta' } })
      .attach()
      .catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({ code: 40003 });
  });

  // RTL16a: setOptions with new params re-attaches and the server answers with the new params
  it('re-negotiates params when setOptions changes them on an attached channel', async () => {
    const server = await startLocalAbly();
    const channel = realtime(server, useBinaryProtocol).channels.get(uniqueName(), {
      params: { modes: 'subscribe' },
    });
    await channel.attach();
    await channel.setOptions({ params: { modes: 'publish,subscribe' } });
    expect(channel.modes).toEqual(['publish', 'subscribe']);
    expect(channel.params).toEqual({ modes: 'publish,subscribe' });
    await channel.publish('now', 'allowed');
  });
});
