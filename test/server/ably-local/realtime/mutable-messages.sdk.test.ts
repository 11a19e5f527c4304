import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import {
  FORMATS,
  collect,
  realtime,
  rest,
  startLocalAbly,
  uniqueName,
  MUTABLE_NAMESPACE,
} from '../../../support/local-ably.js';

describe.each(FORMATS)('mutable messages and annotations over $format', ({ useBinaryProtocol }) => {
  it('updates, appends and deletes over realtime with version serials, seen live and in history', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const name = uniqueName('mutable:test');
    const author = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name);
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    await Promise.all([author.attach(), watcher.attach()]);
    const seen = collect(watcher);
    const { serials } = await author.publish('note', 'draft');
    const original = await author.getMessage(serials[0]!);
    const updated = await author.updateMessage({ ...original, data: 'final' }, { description: 'edit' });
    expect(updated.versionSerial! > serials[0]!).toBe(true);
    await author.appendMessage({ serial: serials[0]!, data: '!' } as Ably.Message);
    await vi.waitFor(() =>
      expect(seen.map((m) => m.action)).toEqual(['message.create', 'message.update', 'message.append']),
    );
    expect(seen[1]).toMatchObject({
      serial: serials[0],
      data: 'final',
      version: { serial: updated.versionSerial, clientId: 'alice', description: 'edit' },
    });
    expect(seen[2]).toMatchObject({ serial: serials[0], data: '!', name: 'note' });
    const latest = await rest(server, useBinaryProtocol).channels.get(name).getMessage(serials[0]!);
    expect(latest).toMatchObject({
      action: 'message.update',
      data: 'final!',
      clientId: 'alice',
      timestamp: original.timestamp,
    });
    await author.deleteMessage({ serial: serials[0]! } as Ably.Message);
    const versions = await rest(server, useBinaryProtocol).channels.get(name).getMessageVersions(serials[0]!);
    expect(versions.items.map((m) => m.action)).toEqual([
      'message.create',
      'message.update',
      'message.update',
      'message.delete',
    ]);
  });

  it('refuses to update a message of someone else without message-update-any', async () => {
    const server = await startLocalAbly({
      namespaces: [MUTABLE_NAMESPACE],
      keys: [
        {
          key: 'app.own:secret',
          capability: { '*': ['publish', 'subscribe', 'history', 'message-update-own'] },
        },
      ],
    });
    const name = uniqueName('mutable:test');
    const alice = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name);
    const bob = realtime(server, useBinaryProtocol, { clientId: 'bob' }).channels.get(name);
    const { serials } = await alice.publish('x', 'mine');
    await expect(
      bob.updateMessage({ serial: serials[0]!, data: 'hijack' } as Ably.Message),
    ).rejects.toMatchObject({ code: 40160 });
    await expect(
      alice.updateMessage({ serial: serials[0]!, data: 'edited' } as Ably.Message),
    ).resolves.toBeDefined();
  });

  it('publishes annotations, folds them into summaries and lists them', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const name = uniqueName('mutable:test');
    const alice = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(name, {
      modes: ['PUBLISH', 'SUBSCRIBE', 'ANNOTATION_PUBLISH', 'ANNOTATION_SUBSCRIBE'],
    });
    await alice.attach();
    const raw: Ably.Annotation[] = [];
    await alice.annotations.subscribe((a) => raw.push(a));
    const all = collect(alice);
    const { serials } = await alice.publish('poll', 'lunch?');
    await alice.annotations.publish(serials[0]!, { type: 'vote:distinct.v1', name: 'yes' });
    await alice.annotations.publish(serials[0]!, { type: 'seen:total.v1' });
    await vi.waitFor(() => expect(raw).toHaveLength(2));
    expect(raw[0]).toMatchObject({
      type: 'vote:distinct.v1',
      name: 'yes',
      clientId: 'alice',
      messageSerial: serials[0],
      action: 'annotation.create',
    });
    await vi.waitFor(() => {
      const last = all.filter((m) => m.action === 'message.summary').at(-1);
      expect(last?.annotations.summary).toMatchObject({
        'vote:distinct.v1': { yes: { total: 1, clientIds: ['alice'] } },
        'seen:total.v1': { total: 1 },
      });
    });
    const listed = await rest(server, useBinaryProtocol).channels.get(name).annotations.get(serials[0]!, {});
    expect(listed.items.map((a) => a.type)).toEqual(['vote:distinct.v1', 'seen:total.v1']);
    const history = await rest(server, useBinaryProtocol).channels.get(name).history();
    expect(history.items[0]!.annotations.summary['vote:distinct.v1']).toBeDefined();
  });

  it('drops the annotation_subscribe mode a capability does not grant', async () => {
    const server = await startLocalAbly({
      namespaces: [MUTABLE_NAMESPACE],
      keys: [{ key: 'app.ann:secret', capability: { '*': ['publish', 'subscribe', 'annotation-publish'] } }],
    });
    const channel = realtime(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(
      uniqueName('mutable:test'),
      {
        modes: ['SUBSCRIBE', 'ANNOTATION_SUBSCRIBE'],
      },
    );
    await channel.attach();
    expect(channel.modes).toEqual(['subscribe']);
  });
});
