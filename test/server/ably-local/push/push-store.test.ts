import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../../../server/ably-local/push/device-details.js';
import {
  MemoryPushStore,
  subscriptionKey,
  type PushStore,
} from '../../../../server/ably-local/push/push-store.js';
import { SqlitePushStore } from '../../../../server/ably-local/push/sqlite-push-store.js';

const dir = mkdtempSync(join(tmpdir(), 'push-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const IMPLEMENTATIONS: { name: string; open: () => PushStore }[] = [
  { name: 'MemoryPushStore', open: () => new MemoryPushStore() },
  { name: 'SqlitePushStore', open: () => new SqlitePushStore(join(dir, `store-${++files}.sqlite`)) },
];

function device(id: string, clientId?: string): DeviceRecord {
  return {
    id,
    platform: 'browser',
    formFactor: 'desktop',
    ...(clientId === undefined ? {} : { clientId }),
    push: {
      recipient: {
        transportType: 'web',
        targetUrl: Buffer.from(`https://push.example/${id}`).toString('base64'),
        encryptionKey: { p256dh: 'p', auth: 'a' },
      },
      state: 'ACTIVE',
    },
    createdAt: 1,
    updatedAt: 1,
  };
}

/** The PushStore contract (DESIGN §13.3): both implementations answer exactly alike. */
describe.each(IMPLEMENTATIONS)('$name', ({ open }) => {
  it('keeps the VAPID key pair it was given', () => {
    const store = open();
    expect(store.vapidKeys()).toBeUndefined();
    store.saveVapidKeys({ publicKey: 'pub', privateKey: 'priv' });
    expect(store.vapidKeys()).toEqual({ publicKey: 'pub', privateKey: 'priv' });
    store.close();
  });

  it('stores, replaces and lists devices in id order, filtered and paged', () => {
    const store = open();
    store.putDevice(device('c', 'ann'));
    store.putDevice(device('a', 'ann'));
    store.putDevice(device('b', 'bob'));
    store.putDevice({ ...device('a', 'bob'), updatedAt: 2 });
    expect(store.getDevice('a')).toMatchObject({ clientId: 'bob', updatedAt: 2 });
    expect(store.listDevices({ limit: 10 }).map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(store.listDevices({ limit: 10, clientId: 'bob' }).map((d) => d.id)).toEqual(['a', 'b']);
    expect(store.listDevices({ limit: 1, cursor: 'a' }).map((d) => d.id)).toEqual(['b']);
    expect(store.listDevices({ limit: 10, deviceId: 'c' }).map((d) => d.id)).toEqual(['c']);
    expect(store.devicesOfClient('ann').map((d) => d.id)).toEqual(['c']);
    expect(store.countDevicesOfClient('bob')).toBe(2);
    store.close();
  });

  it('returns copies, so a caller changing one changes nothing stored', () => {
    const store = open();
    store.putDevice(device('a'));
    store.getDevice('a')!.push.state = 'FAILED';
    expect(store.getDevice('a')!.push.state).toBe('ACTIVE');
    store.close();
  });

  it('subscribes idempotently and lists by all filters or, with concatFilters, by any', () => {
    const store = open();
    store.subscribe({ channel: 'n:1', deviceId: 'a' });
    store.subscribe({ channel: 'n:1', deviceId: 'a' });
    store.subscribe({ channel: 'n:1', clientId: 'ann' });
    store.subscribe({ channel: 'n:2', clientId: 'ann' });
    expect(store.subscriptionsOf('n:1')).toHaveLength(2);
    expect(store.listSubscriptions({ limit: 10, channel: 'n:1', deviceId: 'a' })).toEqual([
      { channel: 'n:1', deviceId: 'a' },
    ]);
    expect(store.listSubscriptions({ limit: 10, deviceId: 'a', clientId: 'ann' })).toEqual([]);
    expect(
      store.listSubscriptions({ limit: 10, deviceId: 'a', clientId: 'ann', concatFilters: true }),
    ).toHaveLength(3);
    const first = store.listSubscriptions({ limit: 2 });
    const rest = store.listSubscriptions({ limit: 2, cursor: subscriptionKey(first[1]!) });
    expect([...first, ...rest]).toHaveLength(3);
    expect(store.channels(10)).toEqual(['n:1', 'n:2']);
    expect(store.channels(10, 'n:1')).toEqual(['n:2']);
    expect(store.countSubscriptionsOf({ clientId: 'ann' })).toBe(2);
    store.close();
  });

  it('removes subscriptions by filter and a device with its subscriptions', () => {
    const store = open();
    store.putDevice(device('a'));
    store.subscribe({ channel: 'n:1', deviceId: 'a' });
    store.subscribe({ channel: 'n:2', deviceId: 'a' });
    store.subscribe({ channel: 'n:2', clientId: 'ann' });
    expect(store.unsubscribe({ channel: 'n:2', clientId: 'ann' })).toBe(1);
    expect(store.removeDevice('a')).toBe(true);
    expect(store.removeDevice('a')).toBe(false);
    expect(store.getDevice('a')).toBeUndefined();
    expect(store.listSubscriptions({ limit: 10 })).toEqual([]);
    expect(store.channels(10)).toEqual([]);
    store.close();
  });
});
