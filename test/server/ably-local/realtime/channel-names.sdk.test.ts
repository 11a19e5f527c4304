import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { chatClient } from '../../../support/chat.js';
import { codeOf, restCall } from '../../../support/hostile.js';
import {
  FORMATS,
  collect,
  nextEvent,
  realtime,
  rest,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';

/** Issue #7 finding 4: channel-name variants are one channel, bounded in length and number (DESIGN §4.1–4.3). */
describe.each(FORMATS)('channel names over $format', ({ useBinaryProtocol }) => {
  it('attaches [?rewind=1]foo as foo with rewind=1 and delivers under the name the client used', async () => {
    const server = await startLocalAbly();
    const foo = uniqueName();
    const publisher = rest(server, useBinaryProtocol).channels.get(foo);
    await publisher.publish('old', 'one');
    await publisher.publish('old', 'two');
    const client = realtime(server, useBinaryProtocol);
    const alias = client.channels.get(`[?rewind=1]${foo}`);
    const received = collect(alias);
    await alias.attach();
    expect(alias.params).toMatchObject({ rewind: '1' });
    await vi.waitFor(() => expect(received.map((m) => m.data)).toEqual(['two']));
    await publisher.publish('live', 'three');
    await vi.waitFor(() => expect(received.map((m) => m.data)).toEqual(['two', 'three']));
    await alias.publish('via-alias', 'four');
    const history = await publisher.history({ direction: 'forwards' });
    expect(history.items.map((m) => m.data)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('keeps foo and [?rewind=1]foo apart on one connection when both are attached', async () => {
    const server = await startLocalAbly();
    const foo = uniqueName();
    const client = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    const plain = client.channels.get(foo);
    const alias = client.channels.get(`[?rewind=1]${foo}`);
    await Promise.all([plain.attach(), alias.attach()]);
    const onPlain = collect(plain);
    const onAlias = collect(alias);
    await plain.presence.enter('here');
    await rest(server, useBinaryProtocol).channels.get(foo).publish('both', 'x');
    await vi.waitFor(() => {
      expect(onPlain.map((m) => m.name)).toEqual(['both']);
      expect(onAlias.map((m) => m.name)).toEqual(['both']);
    });
    await alias.detach();
    await rest(server, useBinaryProtocol).channels.get(foo).publish('plain-only', 'y');
    await vi.waitFor(() => expect(onPlain.map((m) => m.name)).toEqual(['both', 'plain-only']));
    const members = await rest(server, useBinaryProtocol).channels.get(foo).presence.get();
    expect(members.items.map((m) => m.clientId)).toEqual(['alice']);
  });

  it('lets a room token use [?params] on its own room and nothing else', async () => {
    const server = await startLocalAbly();
    const room = uniqueName('task:X');
    const chat = chatClient(server, useBinaryProtocol, { clientId: 'mallory', room });
    const channels = chat.realtime.channels;
    await channels.get(`[?rewind=1]${room}::$chat`).attach();
    const nested = channels.get(`${room}::$chat::$chat`);
    await expect(nested.attach()).rejects.toMatchObject({ code: 40160 });
    const suffixed = channels.get(`${room}::$chatanything`);
    await expect(suffixed.attach()).rejects.toMatchObject({ code: 40160 });
    expect(nested.state).toBe('failed');
  });

  it('stores a REST publish to [?anything]foo on foo itself', async () => {
    const server = await startLocalAbly();
    const foo = uniqueName();
    await rest(server, useBinaryProtocol).channels.get(`[?anything=1]${foo}`).publish('n', 'variant');
    const history = await rest(server, useBinaryProtocol).channels.get(foo).history();
    expect(history.items.map((m) => m.data)).toEqual(['variant']);
  });

  it('refuses a channel name over 512 characters with 40010 on attach and on REST', async () => {
    const server = await startLocalAbly();
    const long = 'x'.repeat(513);
    const channel = realtime(server, useBinaryProtocol).channels.get(long);
    await expect(channel.attach()).rejects.toMatchObject({ code: 40010 });
    const answer = await restCall(server, 'POST', `/channels/${long}/messages`, { data: 'x' });
    expect([answer.status, codeOf(answer)]).toEqual([400, 40010]);
    await expect(
      realtime(server, useBinaryProtocol).channels.get('y'.repeat(512)).attach(),
    ).resolves.toBeDefined();
  });

  // RTS5: a gap (DESIGN §10): refused, never delivered unfiltered
  it('refuses a derived [filter=…] channel with 40010 (not emulated)', async () => {
    const server = await startLocalAbly();
    const derived = realtime(server, useBinaryProtocol).channels.getDerived(uniqueName(), {
      filter: 'name == `a`',
    });
    await expect(derived.attach()).rejects.toMatchObject({
      code: 40010,
      message: expect.stringContaining('subscription filters) are not emulated'),
    });
  });

  it('fails the 201st channel of one connection with 90010 and keeps the others', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol);
    const prefix = uniqueName();
    const first = Array.from({ length: 200 }, (_, i) => client.channels.get(`${prefix}-${i}`));
    await Promise.all(first.map((c) => c.attach()));
    const extra = client.channels.get(`${prefix}-extra`);
    const failed = nextEvent<Ably.ChannelStateChange>((l) => extra.once('failed', l));
    void extra.attach().catch(() => undefined);
    expect((await failed).reason?.code).toBe(90010);
    await first[0]!.detach();
    await expect(client.channels.get(`${prefix}-later`).attach()).resolves.toBeDefined();
    expect(first[199]!.state).toBe('attached');
    await expectServerHealthy(server);
  });
});
