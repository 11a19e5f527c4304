import type { ChannelSubscription, DeviceRecord } from './device-details.js';

/** The app's VAPID key pair (RFC 8292), URL-safe base64 as `web-push` makes them. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** Filters of a device listing; all given ones must match. */
export interface DeviceQuery {
  deviceId?: string;
  clientId?: string;
  limit: number;
  /** Exclusive cursor: a device id (listings are in id order). */
  cursor?: string;
}

/** Filters of a subscription listing (`concatFilters`: any of deviceId/clientId instead of all). */
export interface SubscriptionQuery {
  channel?: string;
  deviceId?: string;
  clientId?: string;
  concatFilters?: boolean;
  limit: number;
  /** Exclusive cursor from {@link subscriptionKey}. */
  cursor?: string;
}

/**
 * Where push state lives (DESIGN §13.3): device registrations, channel subscriptions and the VAPID key pair.
 * In memory by default, in the SQLite data file with `--data`. Both pass one contract test
 * (`test/server/ably-local/push/push-store.test.ts`). Listings are ordered, so pages are stateless.
 */
export interface PushStore {
  vapidKeys(): VapidKeys | undefined;
  saveVapidKeys(keys: VapidKeys): void;
  getDevice(id: string): DeviceRecord | undefined;
  putDevice(device: DeviceRecord): void;
  /** Removes a device and its subscriptions; false when there was none. */
  removeDevice(id: string): boolean;
  listDevices(query: DeviceQuery): DeviceRecord[];
  devicesOfClient(clientId: string): DeviceRecord[];
  countDevicesOfClient(clientId: string): number;
  /** Adds a subscription (idempotent). */
  subscribe(subscription: ChannelSubscription): void;
  /** Removes every subscription matching all given fields; returns how many. */
  unsubscribe(filter: ChannelSubscription | Omit<ChannelSubscription, 'channel'>): number;
  listSubscriptions(query: SubscriptionQuery): ChannelSubscription[];
  /** Subscriptions of one channel (channel push fan-out). */
  subscriptionsOf(channel: string): ChannelSubscription[];
  countSubscriptionsOf(subscriber: { deviceId?: string; clientId?: string }): number;
  /** Channels with at least one subscription, in name order, after `cursor`. */
  channels(limit: number, cursor?: string): string[];
  close(): void;
}

/** The stable order and cursor of subscriptions: channel, then subscriber. */
export function subscriptionKey(s: ChannelSubscription): string {
  return `${s.channel}\n${s.deviceId === undefined ? `c:${s.clientId}` : `d:${s.deviceId}`}`;
}

/** Whether a subscription matches a listing's filters (DESIGN §13.7). */
export function matchesSubscription(s: ChannelSubscription, q: Omit<SubscriptionQuery, 'limit'>): boolean {
  if (q.channel !== undefined && s.channel !== q.channel) return false;
  const who: boolean[] = [];
  if (q.deviceId !== undefined) who.push(s.deviceId === q.deviceId);
  if (q.clientId !== undefined) who.push(s.clientId === q.clientId);
  if (who.length === 0) return true;
  return q.concatFilters ? who.some(Boolean) : who.every(Boolean);
}

/** Everything in maps; ordered listings sort on demand (they are admin calls, not the hot path). */
export class MemoryPushStore implements PushStore {
  private _vapid?: VapidKeys;
  private readonly _devices = new Map<string, DeviceRecord>();
  private readonly _byClient = new Map<string, Set<string>>();
  /** channel → subscription key → subscription. */
  private readonly _subscriptions = new Map<string, Map<string, ChannelSubscription>>();

  vapidKeys(): VapidKeys | undefined {
    return this._vapid;
  }

  saveVapidKeys(keys: VapidKeys): void {
    this._vapid = { ...keys };
  }

  getDevice(id: string): DeviceRecord | undefined {
    const device = this._devices.get(id);
    return device && structuredClone(device);
  }

  putDevice(device: DeviceRecord): void {
    const before = this._devices.get(device.id);
    if (before?.clientId !== undefined) this._byClient.get(before.clientId)?.delete(device.id);
    this._devices.set(device.id, structuredClone(device));
    if (device.clientId !== undefined) {
      let ids = this._byClient.get(device.clientId);
      if (!ids) this._byClient.set(device.clientId, (ids = new Set()));
      ids.add(device.id);
    }
  }

  removeDevice(id: string): boolean {
    const device = this._devices.get(id);
    if (!device) return false;
    this._devices.delete(id);
    if (device.clientId !== undefined) {
      const ids = this._byClient.get(device.clientId);
      ids?.delete(id);
      if (ids?.size === 0) this._byClient.delete(device.clientId);
    }
    this.unsubscribe({ deviceId: id });
    return true;
  }

  listDevices(query: DeviceQuery): DeviceRecord[] {
    const candidates =
      query.clientId !== undefined
        ? [...(this._byClient.get(query.clientId) ?? [])].map((id) => this._devices.get(id)!)
        : [...this._devices.values()];
    return candidates
      .filter((d) => query.deviceId === undefined || d.id === query.deviceId)
      .filter((d) => query.cursor === undefined || d.id > query.cursor)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, query.limit)
      .map((d) => structuredClone(d));
  }

  devicesOfClient(clientId: string): DeviceRecord[] {
    return [...(this._byClient.get(clientId) ?? [])].map((id) => structuredClone(this._devices.get(id)!));
  }

  countDevicesOfClient(clientId: string): number {
    return this._byClient.get(clientId)?.size ?? 0;
  }

  subscribe(subscription: ChannelSubscription): void {
    let channel = this._subscriptions.get(subscription.channel);
    if (!channel) this._subscriptions.set(subscription.channel, (channel = new Map()));
    channel.set(subscriptionKey(subscription), { ...subscription });
  }

  unsubscribe(filter: ChannelSubscription | Omit<ChannelSubscription, 'channel'>): number {
    let removed = 0;
    const channels =
      'channel' in filter && filter.channel !== undefined
        ? [filter.channel]
        : [...this._subscriptions.keys()];
    for (const name of channels) {
      const subs = this._subscriptions.get(name);
      if (!subs) continue;
      for (const [key, s] of subs) {
        if (filter.deviceId !== undefined && s.deviceId !== filter.deviceId) continue;
        if (filter.clientId !== undefined && s.clientId !== filter.clientId) continue;
        subs.delete(key);
        removed++;
      }
      if (subs.size === 0) this._subscriptions.delete(name);
    }
    return removed;
  }

  listSubscriptions(query: SubscriptionQuery): ChannelSubscription[] {
    const channels =
      query.channel !== undefined
        ? [this._subscriptions.get(query.channel)].filter((c) => c !== undefined)
        : [...this._subscriptions.values()];
    return channels
      .flatMap((subs) => [...subs.values()])
      .filter((s) => matchesSubscription(s, query))
      .map((s) => ({ s, key: subscriptionKey(s) }))
      .filter(({ key }) => query.cursor === undefined || key > query.cursor)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, query.limit)
      .map(({ s }) => ({ ...s }));
  }

  subscriptionsOf(channel: string): ChannelSubscription[] {
    return [...(this._subscriptions.get(channel)?.values() ?? [])].map((s) => ({ ...s }));
  }

  countSubscriptionsOf(subscriber: { deviceId?: string; clientId?: string }): number {
    let count = 0;
    for (const subs of this._subscriptions.values()) {
      for (const s of subs.values()) {
        if (subscriber.deviceId !== undefined && s.deviceId === subscriber.deviceId) count++;
        else if (subscriber.clientId !== undefined && s.clientId === subscriber.clientId) count++;
      }
    }
    return count;
  }

  channels(limit: number, cursor?: string): string[] {
    return [...this._subscriptions.keys()]
      .filter((name) => cursor === undefined || name > cursor)
      .sort()
      .slice(0, limit);
  }

  close(): void {
    // Nothing to release.
  }
}
