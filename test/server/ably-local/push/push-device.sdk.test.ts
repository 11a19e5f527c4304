import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Ably from 'ably';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FORMATS, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { pushDeviceClient, startPushStack, tokenFor } from '../../../support/push.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** What the backend grants a participant (DESIGN §3): push-subscribe on the user's notifications channel. */
const participantCapability = (clientId: string) => ({
  [`task:t1::$chat`]: ['publish', 'subscribe', 'presence', 'history'],
  [`notifications:${clientId}`]: ['push-subscribe'],
});

function errorCode(err: unknown): number | undefined {
  return (err as Ably.ErrorInfo | undefined)?.code;
}

// RSH2 (activation state machine), RSH7 (PushChannel) through the real ably/push plugin.
describe.each(FORMATS)('push device activation over $format', ({ useBinaryProtocol }) => {
  it('registers the device under its clientId and answers a deviceIdentityToken', async () => {
    const { server, service } = await startPushStack();
    const clientId = uniqueName('user');
    const subscription = service.subscribe();
    const client = pushDeviceClient(server, useBinaryProtocol, {
      clientId,
      token: tokenFor(server, { clientId, capability: participantCapability(clientId) }),
      subscription: () => subscription,
    });
    await client.push.activate();
    const local = await client.getDevice();
    expect(local.deviceIdentityToken).toMatch(/^device\./);
    const stored = await rest(server, useBinaryProtocol).push.admin.deviceRegistrations.get(local.id);
    expect(stored).toMatchObject({ id: local.id, clientId, platform: 'browser', push: { state: 'ACTIVE' } });
    expect(stored.push.recipient).toEqual(subscription.recipient);
  });

  it('subscribes the device to its notifications channel and delivers channel push to it alone', async () => {
    const { server, service } = await startPushStack();
    const clientId = uniqueName('user');
    const subscription = service.subscribe();
    const client = pushDeviceClient(server, useBinaryProtocol, {
      clientId,
      token: tokenFor(server, { clientId, capability: participantCapability(clientId) }),
      subscription: () => subscription,
    });
    await client.push.activate();
    await client.channels.get(`notifications:${clientId}`).push.subscribeDevice();
    const admin = rest(server, useBinaryProtocol);
    const subs = await admin.push.admin.channelSubscriptions.list({ channel: `notifications:${clientId}` });
    expect(subs.items).toEqual([expect.objectContaining({ deviceId: (await client.getDevice()).id })]);
    await realtime(server, useBinaryProtocol)
      .channels.get(`notifications:${clientId}`)
      .publish({
        name: 'done',
        data: 'x',
        extras: { push: { notification: { title: 'Your agent has finished' } } },
      });
    await service.until(() => service.for(subscription.id).length === 1);
    expect(service.for(subscription.id)[0]!.payload).toMatchObject({
      notification: { title: 'Your agent has finished' },
    });
  });

  it('refuses activation without push-subscribe and subscriptions on channels without it (40160)', async () => {
    const { server, service } = await startPushStack();
    const clientId = uniqueName('user');
    const noPush = pushDeviceClient(server, useBinaryProtocol, {
      clientId,
      token: tokenFor(server, { clientId, capability: { 'task:t1::$chat': ['subscribe', 'history'] } }),
      subscription: () => service.subscribe(),
    });
    expect(errorCode(await noPush.push.activate().catch((e: unknown) => e))).toBe(40160);
    const client = pushDeviceClient(server, useBinaryProtocol, {
      clientId,
      token: tokenFor(server, { clientId, capability: participantCapability(clientId) }),
      subscription: () => service.subscribe(),
    });
    await client.push.activate();
    const err = await client.channels
      .get('notifications:someone-else')
      .push.subscribeDevice()
      .catch((e: unknown) => e);
    expect(errorCode(err)).toBe(40160);
  });

  it('updates the registration with device auth when the push subscription changes', async () => {
    const { server, service } = await startPushStack();
    const clientId = uniqueName('user');
    let subscription = service.subscribe();
    const client = pushDeviceClient(server, useBinaryProtocol, {
      clientId,
      token: tokenFor(server, { clientId, capability: participantCapability(clientId) }),
      subscription: () => subscription,
    });
    await client.push.activate();
    subscription = service.subscribe();
    const device = await client.getDevice();
    (device as unknown as { push: { recipient: unknown } }).push.recipient = subscription.recipient;
    // What getW3CPushDeviceDetails does after a browser renewed its PushSubscription.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the plugin's machine is not typed
    const machine = (client.push as any).stateMachine;
    machine.handleEvent(new machine.GotPushDeviceDetails());
    const admin = rest(server, useBinaryProtocol);
    await vi.waitFor(async () =>
      expect((await admin.push.admin.deviceRegistrations.get(device.id)).push.recipient).toEqual(
        subscription.recipient,
      ),
    );
  });

  it('deregisters on deactivate, taking its channel subscriptions with it', async () => {
    const { server, service } = await startPushStack();
    const clientId = uniqueName('user');
    const client = pushDeviceClient(server, useBinaryProtocol, {
      clientId,
      token: tokenFor(server, { clientId, capability: participantCapability(clientId) }),
      subscription: () => service.subscribe(),
    });
    await client.push.activate();
    const { id } = await client.getDevice();
    await client.channels.get(`notifications:${clientId}`).push.subscribeDevice();
    await client.push.deactivate(undefined as never);
    const admin = rest(server, useBinaryProtocol);
    await expect(admin.push.admin.deviceRegistrations.get(id)).rejects.toMatchObject({ code: 40400 });
    expect((await admin.push.admin.channelSubscriptions.list({ deviceId: id })).items).toEqual([]);
  });

  it('refuses a device identity token that is not the device’s (40101) and another device’s record (40160)', async () => {
    const { server, service } = await startPushStack();
    const register = async (clientId: string) => {
      const client = pushDeviceClient(server, useBinaryProtocol, {
        clientId,
        token: tokenFor(server, { clientId, capability: participantCapability(clientId) }),
        subscription: () => service.subscribe(),
      });
      await client.push.activate();
      return client.getDevice();
    };
    const alice = await register(uniqueName('alice'));
    const bob = await register(uniqueName('bob'));
    // Hand-written: the SDK never sends a token other than its own.
    const forged = `${alice.deviceIdentityToken!.slice(0, -4)}AAAA`;
    const patch = await fetch(`${server.url}/push/deviceRegistrations/${alice.id}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${Buffer.from(forged).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ metadata: { x: 1 } }),
    });
    expect(patch.status).toBe(401);
    expect(patch.headers.get('x-ably-errorcode')).toBe('40101');
    const peek = await fetch(`${server.url}/push/deviceRegistrations/${bob.id}`, {
      headers: { 'x-ably-devicetoken': alice.deviceIdentityToken! },
    });
    expect(peek.status).toBe(401);
    expect(peek.headers.get('x-ably-errorcode')).toBe('40160');
  });
});

describe('push state on disk', () => {
  it('keeps the VAPID key, devices and subscriptions across a restart with --data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ably-local-push-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'data.sqlite');
    const vapidOf = async (url: string) =>
      (
        await fetch(`${url}/push/publicVapidKey`, {
          headers: {
            authorization: `Basic ${Buffer.from('local.dev:ably-local-dev-secret').toString('base64')}`,
          },
        })
      ).text();
    const first = await startLocalAbly({ storage: { sqlite: file } });
    const key = await vapidOf(first.url);
    expect(Buffer.from(key, 'base64url')).toHaveLength(65);
    const admin = rest(first, false);
    const device = {
      id: 'persisted-device',
      platform: 'browser' as const,
      formFactor: 'desktop' as const,
      clientId: 'ann',
      push: {
        recipient: {
          transportType: 'web',
          targetUrl: Buffer.from('https://127.0.0.1:9/abc').toString('base64'),
          encryptionKey: {
            p256dh: Buffer.alloc(65, 4).toString('base64'),
            auth: Buffer.alloc(16, 1).toString('base64'),
          },
        },
      },
    };
    await admin.push.admin.deviceRegistrations.save(device);
    await admin.push.admin.channelSubscriptions.save({ channel: 'notifications:ann', clientId: 'ann' });
    await first.close();
    const second = await startLocalAbly({ storage: { sqlite: file } });
    expect(await vapidOf(second.url)).toBe(key);
    const again = rest(second, true);
    expect(await again.push.admin.deviceRegistrations.get('persisted-device')).toMatchObject({
      clientId: 'ann',
    });
    const subs = await again.push.admin.channelSubscriptions.list({ channel: 'notifications:ann' });
    expect(subs.items).toEqual([expect.objectContaining({ clientId: 'ann' })]);
    await second.close();
  });

  it('keeps one VAPID key pair per server and makes a fresh one per in-memory server', async () => {
    const a = await startLocalAbly();
    const b = await startLocalAbly();
    const auth = {
      authorization: `Basic ${Buffer.from('local.dev:ably-local-dev-secret').toString('base64')}`,
    };
    const keyOf = async (url: string) =>
      (await fetch(`${url}/push/publicVapidKey`, { headers: auth })).text();
    expect(await keyOf(a.url)).toBe(await keyOf(a.url));
    expect(await keyOf(a.url)).not.toBe(await keyOf(b.url));
  });
});
