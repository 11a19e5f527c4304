import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { FORMATS, collect, realtime, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

/**
 * The sender hears its ACK before anyone else hears of its message or presence change (DESIGN §3.4), as over
 * a network: code that reads what it has published back from another client right after its `await` (the
 * @ably/chat React hooks' tests do) sees the same order as against Ably. Several times over, since it is an
 * ordering between sockets.
 */
describe.each(FORMATS)('delivery order over $format', ({ useBinaryProtocol }) => {
  it('resolves a publish before another client receives the message, 30 times', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const sender = realtime(server, useBinaryProtocol).channels.get(name);
    const receiver = realtime(server, useBinaryProtocol).channels.get(name);
    await Promise.all([sender.attach(), receiver.attach()]);
    const received = collect(receiver);
    for (let i = 0; i < 30; i++) {
      await sender.publish('m', `message ${i}`);
      expect(received.map((m) => m.data)).toEqual(Array.from({ length: i }, (_, j) => `message ${j}`));
      await vi.waitFor(() => expect(received).toHaveLength(i + 1));
    }
  });

  it('resolves a presence update before another member’s listener hears it, 30 times', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const member = realtime(server, useBinaryProtocol, { clientId: 'two' }).channels.get(name);
    const watcher = realtime(server, useBinaryProtocol, { clientId: 'one' }).channels.get(name);
    await Promise.all([member.attach(), watcher.attach()]);
    const heard: Ably.PresenceMessage[] = [];
    await watcher.presence.subscribe((p) => heard.push(p));
    await member.presence.enter({ n: -1 });
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    for (let i = 0; i < 30; i++) {
      await member.presence.update({ n: i });
      expect(heard).toHaveLength(i + 1);
      await vi.waitFor(() => expect(heard).toHaveLength(i + 2));
      expect(heard.at(-1)!.data).toEqual({ n: i });
    }
  });
});
