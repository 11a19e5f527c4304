import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatClient, LogLevel } from '@ably/chat';
import type * as Ably from 'ably';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalAbly, type LocalAbly } from '../../../../server/ably-local/create-server.js';
import { attachedRoom, keyChatClient } from '../../../support/chat.js';
import {
  closeAfterTest,
  collect,
  connectionState,
  FORMATS,
  realtime,
  recordChannelStates,
  rest,
  uniqueName,
} from '../../../support/local-ably.js';
import { TcpProxy } from '../../../support/tcp-proxy.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(FORMATS)('SQLite storage over $format', ({ useBinaryProtocol }) => {
  it('keeps history across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ably-local-'));
    dirs.push(dir);
    const file = join(dir, 'data.sqlite');
    const name = uniqueName();
    const first = await createLocalAbly({ storage: { sqlite: file } });
    try {
      await rest(first, useBinaryProtocol)
        .channels.get(name)
        .publish([
          { name: 'a', data: 'before restart' },
          { name: 'b', data: Buffer.from([1, 2, 3]) },
        ]);
    } finally {
      await first.close();
    }
    const second = await createLocalAbly({ storage: { sqlite: file } });
    try {
      const channel = rest(second, useBinaryProtocol).channels.get(name);
      await channel.publish('c', 'after restart');
      const page = await channel.history();
      expect(page.items.map((m) => m.name)).toEqual(['c', 'b', 'a']);
      expect(page.items[2]!.data).toBe('before restart');
      expect(Buffer.from(page.items[1]!.data as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    } finally {
      await second.close();
    }
  });
});

/** ably-local on `file` (or in memory), restarted behind a proxy the clients keep using. */
async function restartable(storage: 'memory' | { sqlite: string }) {
  let server = await createLocalAbly({ storage });
  const proxy = await TcpProxy.start(server.port);
  closeAfterTest(proxy);
  closeAfterTest({ close: () => void server.close() });
  return {
    proxy,
    get server() {
      return server;
    },
    /** Stops the server with the network cut, runs `meanwhile` on the new one, then lets clients back. */
    async restart(meanwhile: (fresh: LocalAbly) => Promise<void>) {
      proxy.block();
      await server.close();
      server = await createLocalAbly({ storage });
      await meanwhile(server);
      proxy.retarget(server.port);
      proxy.unblock();
    },
  };
}

function sqliteFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ably-local-'));
  dirs.push(dir);
  return join(dir, 'data.sqlite');
}

describe.each(FORMATS)('a restart on SQLite over $format', ({ useBinaryProtocol }) => {
  it('resumes channels from their serials: what was published meanwhile is replayed, RESUMED', async () => {
    const stack = await restartable({ sqlite: sqliteFile() });
    const name = uniqueName();
    const client = realtime(stack.server, useBinaryProtocol, {
      port: stack.proxy.port,
      disconnectedRetryTimeout: 50,
    });
    const channel = client.channels.get(name);
    await channel.attach();
    const received = collect(channel);
    const changes = recordChannelStates(channel);
    await rest(stack.server, useBinaryProtocol).channels.get(name).publish('n', '1');
    await vi.waitFor(() => expect(received).toHaveLength(1));

    await stack.restart(async (fresh) => {
      await rest(fresh, useBinaryProtocol)
        .channels.get(name)
        .publish([
          { name: 'n', data: '2' },
          { name: 'n', data: '3' },
        ]);
    });
    await connectionState(client, 'connected');
    await vi.waitFor(() => expect(received).toHaveLength(3));
    await rest(stack.server, useBinaryProtocol).channels.get(name).publish('n', '4');
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received.map((m) => m.data)).toEqual(['1', '2', '3', '4']);
    expect(client.connection.errorReason?.code).toBe(80008);
    const reattached = changes.filter((c) => c.current === 'attached');
    expect(reattached.length).toBeGreaterThan(0);
    expect(reattached.every((c) => c.resumed)).toBe(true);
  });

  it('keeps a Chat room continuous: no discontinuity, every message once', async () => {
    const stack = await restartable({ sqlite: sqliteFile() });
    const name = uniqueName('room');
    const chat = new ChatClient(
      realtime(stack.server, useBinaryProtocol, {
        clientId: 'watcher',
        port: stack.proxy.port,
        disconnectedRetryTimeout: 50,
      }),
      { logLevel: LogLevel.Silent },
    );
    const room = await attachedRoom(chat, name);
    const texts: string[] = [];
    room.messages.subscribe((e) => texts.push(e.message.text));
    const discontinuities: unknown[] = [];
    room.onDiscontinuity((error) => discontinuities.push(error));
    const sender = (server: LocalAbly) => keyChatClient(server, useBinaryProtocol, 'sender').rooms.get(name);
    await (await sender(stack.server)).messages.send({ text: 'before' });
    await vi.waitFor(() => expect(texts).toEqual(['before']));

    await stack.restart(async (fresh) => {
      await (await sender(fresh)).messages.send({ text: 'during' });
    });
    await connectionState(chat.realtime, 'connected');
    await (await sender(stack.server)).messages.send({ text: 'after' });
    await vi.waitFor(() => expect(texts).toEqual(['before', 'during', 'after']));
    expect(discontinuities).toEqual([]);
  });

  it('does not publish again a message id it stored before the restart', async () => {
    const stack = await restartable({ sqlite: sqliteFile() });
    const name = uniqueName();
    const first = await rest(stack.server, useBinaryProtocol)
      .channels.get(name)
      .publish({ id: 'order-17:0', name: 'n', data: 'once' });
    await stack.restart(async () => undefined);
    const channel = rest(stack.server, useBinaryProtocol).channels.get(name);
    const again = await channel.publish({ id: 'order-17:0', name: 'n', data: 'once' });
    expect(again.serials).toEqual(first.serials);
    expect((await channel.history()).items.map((m) => m.data)).toEqual(['once']);
  });
});

describe('a restart in memory', () => {
  it('re-attaches without RESUMED and with 90003: the earlier stream is gone', async () => {
    const stack = await restartable('memory');
    const name = uniqueName();
    const client = realtime(stack.server, false, { port: stack.proxy.port, disconnectedRetryTimeout: 50 });
    const channel = client.channels.get(name);
    await channel.attach();
    await rest(stack.server, false).channels.get(name).publish('n', '1');
    const update = new Promise<Ably.ChannelStateChange>((resolve) =>
      channel.on((change) => change.current === 'attached' && resolve(change)),
    );
    await stack.restart(async () => undefined);
    const change = await update;
    expect(change.resumed).toBe(false);
    expect(change.reason?.code).toBe(90003);
  });
});
