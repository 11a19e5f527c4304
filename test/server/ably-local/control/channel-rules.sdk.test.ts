import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { controlClient } from '../../../support/control-api.js';
import { FORMATS, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { startPushStack } from '../../../support/push.js';

const APP = 'local';

function errorCode(err: unknown): number | undefined {
  return (err as Ably.ErrorInfo | undefined)?.code;
}

/**
 * Ably behaviours that depend on channel rules (DESIGN §15.4), each with and without its rule, the rule made
 * through the Control API while the server runs — as `npm run ably-setup` makes it.
 */
describe.each(FORMATS)('channel rules over $format', ({ useBinaryProtocol }) => {
  it('refuses updates, deletes and appends with 93002 until the namespace enables mutable messages', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('agent:run');
    const channel = realtime(server, useBinaryProtocol, { clientId: 'bot' }).channels.get(name);
    const { serials } = await channel.publish('reply', 'Hel');
    const serial = serials[0]!;
    for (const attempt of [
      () => channel.appendMessage({ serial, data: 'lo' }),
      () => channel.updateMessage({ serial, data: 'Hi' }),
      () => channel.deleteMessage({ serial }),
      () => rest(server, useBinaryProtocol).channels.get(name).updateMessage({ serial, data: 'Hi' }),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(errorCode(err)).toBe(93002);
      expect((err as Ably.ErrorInfo).statusCode).toBe(400);
    }
    const created = await controlClient(server)('POST', `/apps/${APP}/namespaces`, {
      id: 'agent',
      mutableMessages: true,
    });
    expect(created.status).toBe(201);
    await channel.appendMessage({ serial, data: 'lo' });
    const latest = await rest(server, useBinaryProtocol).channels.get(name).getMessage(serial);
    expect(latest.data).toBe('Hello');
  });

  it('refuses annotations with 93002 until the namespace enables mutable messages', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('votes:poll');
    const channel = realtime(server, useBinaryProtocol, { clientId: 'ann' }).channels.get(name);
    const { serials } = await channel.publish('question', 'Tea?');
    const annotation = { type: 'vote:distinct.v1', name: 'yes' };
    expect(
      errorCode(await channel.annotations.publish(serials[0]!, annotation).catch((e: unknown) => e)),
    ).toBe(93002);
    await controlClient(server)('POST', `/apps/${APP}/namespaces`, { id: 'votes', mutableMessages: true });
    await channel.annotations.publish(serials[0]!, annotation);
    await vi.waitFor(async () => {
      const message = await rest(server, useBinaryProtocol).channels.get(name).getMessage(serials[0]!);
      expect(message.annotations?.summary['vote:distinct.v1']).toMatchObject({ yes: { total: 1 } });
    });
  });

  it('lets Chat room channels edit and react without any rule, as Ably Chat rooms do', async () => {
    const server = await startLocalAbly();
    const name = `${uniqueName('room')}::$chat`;
    const channel = realtime(server, useBinaryProtocol, { clientId: 'ann' }).channels.get(name);
    const { serials } = await channel.publish('chat.message', { text: 'hi' });
    await channel.updateMessage({ serial: serials[0]!, data: { text: 'hello' } });
    await channel.annotations.publish(serials[0]!, { type: 'reaction:distinct.v1', name: '👍' });
  });

  it('keeps history for two minutes only, unless the namespace persists messages', async () => {
    let now = Date.now();
    const server = await startLocalAbly({ clock: { now: () => now } });
    const client = rest(server, useBinaryProtocol);
    const plain = uniqueName('plain:c');
    const kept = uniqueName('archive:c');
    await controlClient(server)('POST', `/apps/${APP}/namespaces`, { id: 'archive', persisted: true });
    await client.channels.get(plain).publish('m', 'old');
    await client.channels.get(kept).publish('m', 'old');
    now += 60_000;
    expect((await client.channels.get(plain).history()).items.map((m) => m.data)).toEqual(['old']);
    now += 61_000;
    await client.channels.get(plain).publish('m', 'new');
    expect((await client.channels.get(plain).history()).items.map((m) => m.data)).toEqual(['new']);
    expect((await client.channels.get(kept).history()).items.map((m) => m.data)).toEqual(['old']);
    const rewound = realtime(server, useBinaryProtocol).channels.get(plain, { params: { rewind: '10' } });
    const seen: unknown[] = [];
    await rewound.subscribe((m) => seen.push(m.data));
    await vi.waitFor(() => expect(seen).toEqual(['new']));
  });

  it('keeps the last message for rewind=1 beyond two minutes with persistLast, not for history', async () => {
    let now = Date.now();
    const server = await startLocalAbly({ clock: { now: () => now } });
    await controlClient(server)('POST', `/apps/${APP}/namespaces`, { id: 'status', persistLast: true });
    const name = uniqueName('status:courier');
    await rest(server, useBinaryProtocol).channels.get(name).publish('eta', '5 min');
    now += 10 * 60_000;
    expect((await rest(server, useBinaryProtocol).channels.get(name).history()).items).toEqual([]);
    const channel = realtime(server, useBinaryProtocol).channels.get(name, { params: { rewind: '1' } });
    const seen: unknown[] = [];
    await channel.subscribe((m) => seen.push(m.data));
    await vi.waitFor(() => expect(seen).toEqual(['5 min']));
  });

  it('delivers channel push only where the namespace enables push, and says why in the outbox', async () => {
    const { server, service } = await startPushStack({ namespaces: [] });
    const admin = rest(server, useBinaryProtocol);
    const subscription = service.subscribe();
    const device = await admin.push.admin.deviceRegistrations.save({
      id: `dev-${subscription.id}`,
      platform: 'browser',
      formFactor: 'desktop',
      push: { recipient: subscription.recipient },
    });
    const channel = uniqueName('alerts:user');
    await admin.push.admin.channelSubscriptions.save({ channel, deviceId: device.id });
    const alert = (title: string) => ({
      name: 'alert',
      data: title,
      extras: { push: { notification: { title, body: title } } },
    });
    await admin.channels.get(channel).publish(alert('before the rule'));
    const outbox = async () =>
      (await (
        await fetch(`${server.url}/push/outbox`, {
          headers: { authorization: `Basic ${Buffer.from(server.clientOptions.key).toString('base64')}` },
        })
      ).json()) as { items: { result: string; reason?: string; channel?: string }[] };
    await vi.waitFor(async () =>
      expect((await outbox()).items).toEqual([
        expect.objectContaining({ result: 'skipped', channel, reason: expect.stringMatching(/not enabled/) }),
      ]),
    );
    await controlClient(server)('POST', `/apps/${APP}/namespaces`, { id: 'alerts', pushEnabled: true });
    await admin.channels.get(channel).publish(alert('after the rule'));
    await service.until(() => service.for(subscription.id).length === 1);
    expect(service.for(subscription.id)[0]!.payload).toMatchObject({
      notification: { title: 'after the rule' },
    });
  });
});
