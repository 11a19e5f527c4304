import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { FORMATS, realtime, rest, uniqueName } from '../../../support/local-ably.js';
import { startPushStack } from '../../../support/push.js';
import type { LocalPushService, TestSubscription } from '../../../support/push-service.js';

/** A DeviceDetails for `push.admin.deviceRegistrations.save()` whose endpoint is the local push service. */
function webDevice(subscription: TestSubscription, clientId?: string) {
  return {
    id: `dev-${subscription.id}`,
    platform: 'browser' as const,
    formFactor: 'desktop' as const,
    ...(clientId === undefined ? {} : { clientId }),
    push: { recipient: subscription.recipient },
  };
}

function errorCode(err: unknown): number | undefined {
  return (err as Ably.ErrorInfo | undefined)?.code;
}

async function registered(admin: Ably.Rest, service: LocalPushService, clientId?: string) {
  const subscription = service.subscribe();
  const device = await admin.push.admin.deviceRegistrations.save(webDevice(subscription, clientId));
  return { subscription, device };
}

// RSH1: push admin (ably-js rest/push.test.js covers the same calls against Ably's sandbox).
describe.each(FORMATS)('push admin over $format', ({ useBinaryProtocol }) => {
  it('saves, gets, lists and removes device registrations', async () => {
    const { server, service } = await startPushStack();
    const admin = rest(server, useBinaryProtocol);
    const clientId = uniqueName('user');
    const a = await registered(admin, service, clientId);
    const b = await registered(admin, service, clientId);
    await registered(admin, service, uniqueName('other'));
    expect(a.device.id).toBe(`dev-${a.subscription.id}`);
    expect(a.device.push.state).toBe('ACTIVE');
    expect(a.device.push.recipient).toEqual(a.subscription.recipient);
    const got = await admin.push.admin.deviceRegistrations.get(a.device.id);
    expect(got).toMatchObject({ id: a.device.id, clientId, platform: 'browser', formFactor: 'desktop' });
    expect(got.deviceSecret).toBeUndefined();
    const mine = await admin.push.admin.deviceRegistrations.list({ clientId });
    expect(mine.items.map((d) => d.id).sort()).toEqual([a.device.id, b.device.id].sort());
    const paged = await admin.push.admin.deviceRegistrations.list({ limit: 2 });
    expect(paged.items).toHaveLength(2);
    expect(paged.hasNext()).toBe(true);
    const next = await paged.next();
    expect(next!.items).toHaveLength(1);
    await admin.push.admin.deviceRegistrations.remove(a.device.id);
    await expect(admin.push.admin.deviceRegistrations.get(a.device.id)).rejects.toMatchObject({
      code: 40400,
    });
    await admin.push.admin.deviceRegistrations.removeWhere({ clientId });
    expect((await admin.push.admin.deviceRegistrations.list({ clientId })).items).toEqual([]);
  });

  it('saves, lists and removes channel subscriptions by device and by clientId', async () => {
    const { server, service } = await startPushStack();
    const admin = rest(server, useBinaryProtocol);
    const clientId = uniqueName('user');
    const { device } = await registered(admin, service, clientId);
    const [one, two] = [uniqueName('alerts'), uniqueName('alerts')];
    const saved = await admin.push.admin.channelSubscriptions.save({ channel: one, deviceId: device.id });
    expect(saved).toMatchObject({ channel: one, deviceId: device.id });
    await admin.push.admin.channelSubscriptions.save({ channel: two, clientId });
    const byDevice = await admin.push.admin.channelSubscriptions.list({ deviceId: device.id });
    expect(byDevice.items.map((s) => s.channel)).toEqual([one]);
    const either = await admin.push.admin.channelSubscriptions.list({
      deviceId: device.id,
      clientId,
      concatFilters: true,
    } as Record<string, unknown>);
    expect(either.items.map((s) => s.channel).sort()).toEqual([one, two].sort());
    const channels = await admin.push.admin.channelSubscriptions.listChannels({});
    expect(channels.items).toEqual(expect.arrayContaining([one, two]));
    await admin.push.admin.channelSubscriptions.remove({ channel: one, deviceId: device.id });
    await admin.push.admin.channelSubscriptions.removeWhere({ clientId });
    expect((await admin.push.admin.channelSubscriptions.list({ channel: one })).items).toEqual([]);
    expect((await admin.push.admin.channelSubscriptions.list({ channel: two })).items).toEqual([]);
  });

  it('delivers a publish to a deviceId as Web Push that decrypts with the subscription keys', async () => {
    const { server, service } = await startPushStack({ push: { vapidSubject: 'mailto:ops@shop.example' } });
    const admin = rest(server, useBinaryProtocol);
    const { subscription, device } = await registered(admin, service);
    await admin.push.admin.publish(
      { deviceId: device.id },
      {
        notification: { title: 'Order 8841', body: 'Ann: is it shipped?', ttl: 120 },
        data: { task: 'order:8841' },
      },
    );
    await service.until(() => service.for(subscription.id).length === 1);
    const [push] = service.for(subscription.id);
    expect(push!.payload).toEqual({
      notification: { title: 'Order 8841', body: 'Ann: is it shipped?', data: { task: 'order:8841' } },
      data: { task: 'order:8841' },
    });
    expect(push!.ttl).toBe(120);
    expect(push!.vapid).toMatchObject({ aud: service.origin, sub: 'mailto:ops@shop.example' });
  });

  it('delivers a publish to a clientId to each of its devices and nobody else', async () => {
    const { server, service } = await startPushStack();
    const admin = rest(server, useBinaryProtocol);
    const clientId = uniqueName('user');
    const phone = await registered(admin, service, clientId);
    const laptop = await registered(admin, service, clientId);
    const stranger = await registered(admin, service, uniqueName('other'));
    await admin.push.admin.publish({ clientId }, { notification: { title: 'hi' } });
    await service.until(() => service.received.length === 2);
    expect(service.for(phone.subscription.id)).toHaveLength(1);
    expect(service.for(laptop.subscription.id)).toHaveLength(1);
    expect(service.for(stranger.subscription.id)).toHaveLength(0);
  });

  it('delivers a batch publish to every recipient of every item (POST /push/batch/publish)', async () => {
    const { server, service } = await startPushStack();
    const admin = rest(server, useBinaryProtocol);
    const ann = await registered(admin, service, uniqueName('ann'));
    const bob = await registered(admin, service, uniqueName('bob'));
    const dev = await registered(admin, service);
    const response = await admin.request('post', '/push/batch/publish', 3, {}, [
      {
        recipient: [{ clientId: ann.device.clientId }, { clientId: bob.device.clientId }],
        payload: { notification: { title: 'to both' } },
      },
      { recipient: { deviceId: dev.device.id }, payload: { data: { only: 'device' } } },
    ]);
    expect(response.statusCode).toBe(201);
    expect(response.items).toEqual([{ deliveries: 2 }, { deliveries: 1 }]);
    await service.until(() => service.received.length === 3);
    expect(service.for(ann.subscription.id)[0]!.payload).toEqual({ notification: { title: 'to both' } });
    expect(service.for(bob.subscription.id)).toHaveLength(1);
    expect(service.for(dev.subscription.id)[0]!.payload).toMatchObject({ data: { only: 'device' } });
    const tooMany = await admin.request('post', '/push/batch/publish', 3, {}, [
      { recipient: Array.from({ length: 10_001 }, (_, i) => ({ clientId: `u${i}` })), payload: { data: {} } },
    ]);
    expect(tooMany.errorCode).toBe(40000);
  });

  it('delivers a publish to a web recipient given inline', async () => {
    const { server, service } = await startPushStack();
    const subscription = service.subscribe();
    await rest(server, useBinaryProtocol).push.admin.publish(subscription.recipient, { data: { k: 'v' } });
    await service.until(() => service.for(subscription.id).length === 1);
    expect(service.for(subscription.id)[0]!.payload).toMatchObject({ data: { k: 'v' } });
  });

  it('pushes a message with extras.push to every device subscribed to its channel, once each', async () => {
    const { server, service } = await startPushStack();
    const admin = rest(server, useBinaryProtocol);
    const clientId = uniqueName('user');
    const channel = uniqueName('notifications:alerts');
    const direct = await registered(admin, service, clientId);
    const viaClient = await registered(admin, service, clientId);
    const other = await registered(admin, service, uniqueName('other'));
    await admin.push.admin.channelSubscriptions.save({ channel, deviceId: direct.device.id });
    await admin.push.admin.channelSubscriptions.save({ channel, clientId });
    const publisher = realtime(server, useBinaryProtocol).channels.get(channel);
    await publisher.publish({
      name: 'agent-complete',
      data: { task: 'order:1' },
      extras: {
        push: { notification: { title: 'Your agent has finished' }, data: { url: 'https://x.example/1' } },
      },
    });
    await publisher.publish({ name: 'quiet', data: 'no push here' });
    await service.until(() => service.received.length >= 2);
    expect(service.for(direct.subscription.id)).toHaveLength(1);
    expect(service.for(viaClient.subscription.id)).toHaveLength(1);
    expect(service.for(other.subscription.id)).toHaveLength(0);
    expect(service.for(direct.subscription.id)[0]!.payload).toMatchObject({
      notification: { title: 'Your agent has finished' },
      data: { url: 'https://x.example/1' },
    });
  });

  it('marks a device FAILED when its push service answers 410 and skips it from then on', async () => {
    const { server, service } = await startPushStack();
    const admin = rest(server, useBinaryProtocol);
    const { subscription, device } = await registered(admin, service);
    service.answer(subscription.id, 410);
    await admin.push.admin.publish({ deviceId: device.id }, { notification: { title: 'one' } });
    await vi.waitFor(async () =>
      expect((await admin.push.admin.deviceRegistrations.get(device.id)).push.state).toBe('FAILED'),
    );
    const requests = service.requests.length;
    await admin.push.admin.publish({ deviceId: device.id }, { notification: { title: 'two' } });
    const outbox = (await admin.request('get', '/push/outbox', 3, {}, undefined)).items[0] as {
      items: { result: string; reason?: string; deviceId?: string }[];
    };
    expect(outbox.items[0]).toMatchObject({
      result: 'skipped',
      deviceId: device.id,
      reason: 'the device is FAILED',
    });
    expect(outbox.items[1]).toMatchObject({ result: 'failed', deviceId: device.id });
    expect(service.requests.length).toBe(requests);
  });

  it('keeps delivering to other devices while one push service never answers', async () => {
    const { server, service } = await startPushStack({ push: { timeoutMs: 60_000 } });
    const admin = rest(server, useBinaryProtocol);
    const slow = await registered(admin, service);
    const fast = await registered(admin, service);
    service.answer(slow.subscription.id, 'stall');
    for (let i = 0; i < 3; i++) {
      await admin.push.admin.publish({ deviceId: slow.device.id }, { notification: { title: `slow ${i}` } });
    }
    await admin.push.admin.publish({ deviceId: fast.device.id }, { notification: { title: 'fast' } });
    await service.until(() => service.for(fast.subscription.id).length === 1);
    expect(service.requests.filter((r) => r.subscriptionId === slow.subscription.id)).toHaveLength(3);
  });

  it('refuses push admin calls without push-admin with 40160', async () => {
    const { server, service } = await startPushStack({
      keys: [{ key: 'app.limited:secret0', capability: { '*': ['publish', 'subscribe', 'push-subscribe'] } }],
    });
    const limited = rest(server, useBinaryProtocol);
    const subscription = service.subscribe();
    const calls: [string, () => Promise<unknown>][] = [
      ['publish', () => limited.push.admin.publish({ clientId: 'x' }, { notification: { title: 't' } })],
      ['list devices', () => limited.push.admin.deviceRegistrations.list({})],
      ['list channels', () => limited.push.admin.channelSubscriptions.listChannels({})],
      [
        'save a foreign device',
        () => limited.push.admin.deviceRegistrations.save(webDevice(subscription, 'someone')),
      ],
    ];
    for (const [what, call] of calls) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(errorCode(err), what).toBe(40160);
    }
  });
});
