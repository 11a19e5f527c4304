import * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { TcpProxy } from '../../../support/tcp-proxy.js';
import {
  FORMATS,
  closeAfterTest,
  collect,
  connectionState,
  realtime,
  rest,
  sdkOptions,
  startLocalAbly,
  uniqueName,
  MUTABLE_NAMESPACE,
} from '../../../support/local-ably.js';

/** The text a subscriber shows: a create or update sets it, an append adds its fragment (Ably's AI Transport). */
function shown(messages: readonly Ably.InboundMessage[]): string {
  let text = '';
  for (const m of messages) {
    if (m.action === 'message.append') text += m.data as string;
    else if (m.action === 'message.create' || m.action === 'message.update') text = m.data as string;
  }
  return text;
}

const FRAGMENTS = Array.from({ length: 20 }, (_, i) => `w${i} `);
const TEXT = FRAGMENTS.join('');

/** Appends every fragment without awaiting each (the pattern Ably documents), then awaits them all. */
async function stream(channel: Ably.RealtimeChannel, serial: string, fragments = FRAGMENTS) {
  return Promise.all(fragments.map((data) => channel.appendMessage({ serial, data } as Ably.Message)));
}

// DESIGN §4.7: append roll-up (`appendRollupWindow`, default 40 ms) as Ably's AI Transport documents it.
describe.each(FORMATS)('append roll-up over $format', ({ useBinaryProtocol }) => {
  async function setUp(agentParams: Record<string, string | number> = {}) {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const name = uniqueName('mutable:run');
    const agent = realtime(server, useBinaryProtocol, {
      clientId: 'agent',
      transportParams: agentParams,
    }).channels.get(name);
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    await Promise.all([agent.attach(), watcher.attach()]);
    const seen = collect(watcher);
    const { serials } = await agent.publish('agent.run', '');
    return { server, name, agent, watcher, seen, serial: serials[0]! };
  }

  it('delivers the first append at once and rolls the rest of the window into fewer appends', async () => {
    const { server, name, agent, seen, serial } = await setUp();
    const results = await stream(agent, serial);
    await vi.waitFor(() => expect(shown(seen)).toBe(TEXT));
    const appends = seen.filter((m) => m.action === 'message.append');
    expect(appends[0]!.data).toBe(FRAGMENTS[0]);
    expect(appends.length).toBeGreaterThanOrEqual(2);
    expect(appends.length).toBeLessThan(FRAGMENTS.length);
    // Every append was stored and acknowledged; the last delivery carries the last append's version.
    expect(new Set(results.map((r) => r.versionSerial)).size).toBe(FRAGMENTS.length);
    expect(appends.at(-1)!.version.serial).toBe(results.at(-1)!.versionSerial);
    const latest = await rest(server, useBinaryProtocol).channels.get(name).getMessage(serial);
    expect(latest.data).toBe(TEXT);
  });

  it('delivers every append on its own when the publisher asks for a window of 0', async () => {
    const { agent, seen, serial } = await setUp({ appendRollupWindow: 0 });
    await stream(agent, serial);
    await vi.waitFor(() => expect(shown(seen)).toBe(TEXT));
    expect(seen.filter((m) => m.action === 'message.append').map((m) => m.data)).toEqual(FRAGMENTS);
  });

  it('gives appendMode=full attachments the whole message, rolled up too', async () => {
    const { server, name, agent, serial } = await setUp();
    const full = realtime(server, useBinaryProtocol).channels.get(name, { params: { appendMode: 'full' } });
    await full.attach();
    const seen = collect(full);
    await stream(agent, serial);
    await vi.waitFor(() => expect(seen.at(-1)?.data).toBe(TEXT));
    expect(seen.every((m) => m.action === 'message.update')).toBe(true);
    expect(seen.length).toBeLessThan(FRAGMENTS.length);
    expect(seen.map((m) => (m.data as string).length)).toEqual(
      [...seen.map((m) => (m.data as string).length)].sort((a, b) => a - b),
    );
  });

  it('shows a late joiner the combined message first and then only what follows, mid-run', async () => {
    const { server, name, agent, seen, serial } = await setUp({ appendRollupWindow: 500 });
    // The first append goes out at once; the next ones wait in a 500 ms window when the joiner attaches.
    await stream(agent, serial, FRAGMENTS.slice(0, 10));
    const joiner = realtime(server, useBinaryProtocol).channels.get(`[?rewind=1]${name}`);
    const joined = collect(joiner);
    await joiner.attach();
    await vi.waitFor(() => expect(joined).toHaveLength(1));
    expect(joined[0]).toMatchObject({ action: 'message.update', data: FRAGMENTS.slice(0, 10).join('') });
    // The window held by the attach went out before it to the first watcher.
    expect(shown(seen)).toBe(FRAGMENTS.slice(0, 10).join(''));
    await stream(agent, serial, FRAGMENTS.slice(10));
    await vi.waitFor(() => expect(shown(joined)).toBe(TEXT));
    await vi.waitFor(() => expect(shown(seen)).toBe(TEXT));
    const history = await rest(server, useBinaryProtocol).channels.get(name).history();
    expect(history.items.map((m) => m.data)).toEqual([TEXT]);
  });

  it('resumes a subscriber that dropped mid-run with the combined text so far, then only what follows', async () => {
    const { server, name, agent, serial } = await setUp({ appendRollupWindow: 0 });
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const client = realtime(server, useBinaryProtocol, { port: proxy.port, disconnectedRetryTimeout: 50 });
    const channel = client.channels.get(name);
    await channel.attach();
    const seen = collect(channel);
    await stream(agent, serial, FRAGMENTS.slice(0, 5));
    await vi.waitFor(() => expect(shown(seen)).toBe(FRAGMENTS.slice(0, 5).join('')));
    proxy.block();
    await connectionState(client, 'disconnected');
    await stream(agent, serial, FRAGMENTS.slice(5, 15));
    proxy.unblock();
    await connectionState(client, 'connected');
    await stream(agent, serial, FRAGMENTS.slice(15));
    await vi.waitFor(() => expect(shown(seen)).toBe(TEXT));
    // The missed appends came back as full updates: the text never had a gap or a repeat on the way.
    const texts: string[] = [];
    for (let i = 1; i <= seen.length; i++) texts.push(shown(seen.slice(0, i)));
    expect(texts.every((text) => TEXT.startsWith(text))).toBe(true);
    // A second drop resumes from the last update's place: nothing is replayed twice.
    const before = seen.length;
    proxy.block();
    await connectionState(client, 'disconnected');
    proxy.unblock();
    await connectionState(client, 'connected');
    await agent.publish('note', 'after');
    await vi.waitFor(() => expect(seen.at(-1)?.data).toBe('after'));
    expect(seen.length).toBe(before + 1);
  });

  it('delivers held appends before a later message of the channel, in channel-serial order', async () => {
    const { agent, seen, serial } = await setUp({ appendRollupWindow: 500 });
    await stream(agent, serial, FRAGMENTS.slice(0, 5));
    await agent.publish('note', 'after');
    await vi.waitFor(() => expect(seen.at(-1)?.data).toBe('after'));
    expect(shown(seen.slice(0, -1))).toBe(FRAGMENTS.slice(0, 5).join(''));
    expect(seen.map((m) => m.action)).toEqual([
      'message.create',
      'message.append',
      'message.append',
      'message.create',
    ]);
  });

  it('rolls up REST appends with the default window and keeps the text whole', async () => {
    const { server, name, seen, serial } = await setUp();
    const channel = rest(server, useBinaryProtocol, { clientId: 'agent' }).channels.get(name);
    for (const data of FRAGMENTS) await channel.appendMessage({ serial, data } as Ably.Message);
    await vi.waitFor(() => expect(shown(seen)).toBe(TEXT));
  });

  it('counts a roll-up window as one message towards the inbound rate, and every append without one', async () => {
    const server = await startLocalAbly({
      namespaces: [MUTABLE_NAMESPACE],
      realtime: { maxInboundRate: 20 },
    });
    const name = uniqueName('mutable:rate');
    const stream = async (window: number) => {
      const channel = realtime(server, useBinaryProtocol, {
        clientId: 'agent',
        transportParams: { appendRollupWindow: window },
      }).channels.get(name);
      const { serials } = await channel.publish('agent.run', '');
      const many = Array.from({ length: 100 }, () =>
        channel.appendMessage({ serial: serials[0]!, data: 'x' }),
      );
      return Promise.allSettled(many);
    };
    const rolled = await stream(500);
    expect(rolled.every((r) => r.status === 'fulfilled')).toBe(true);
    const unrolled = await stream(0);
    const refused = unrolled.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 42910 });
  });

  it.each(['501', '-1', '40s', 'soon'])(
    'refuses a connection asking for appendRollupWindow %s with 40003',
    async (value) => {
      const server = await startLocalAbly();
      const client = new Ably.Realtime(
        sdkOptions(server, useBinaryProtocol, { transportParams: { appendRollupWindow: value } }),
      );
      try {
        const failed = await connectionState(client, 'failed');
        expect(failed.reason?.code).toBe(40003);
        expect(failed.reason?.message).toContain('appendRollupWindow');
      } finally {
        client.close();
      }
    },
  );
});
