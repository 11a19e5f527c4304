import Database from 'better-sqlite3';
import type { ChannelSubscription, DeviceRecord } from './device-details.js';
import {
  matchesSubscription,
  subscriptionKey,
  type DeviceQuery,
  type PushStore,
  type SubscriptionQuery,
  type VapidKeys,
} from './push-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS push_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS push_devices (
  id TEXT PRIMARY KEY, client_id TEXT, body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS push_devices_by_client ON push_devices (client_id, id);
CREATE TABLE IF NOT EXISTS push_subscriptions (
  channel TEXT NOT NULL, subscriber TEXT NOT NULL, device_id TEXT, client_id TEXT,
  PRIMARY KEY (channel, subscriber)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS push_subscriptions_by_device ON push_subscriptions (device_id);
CREATE INDEX IF NOT EXISTS push_subscriptions_by_client ON push_subscriptions (client_id);
`;

interface SubscriptionRow {
  channel: string;
  device_id: string | null;
  client_id: string | null;
}

const toSubscription = (row: SubscriptionRow): ChannelSubscription => ({
  channel: row.channel,
  ...(row.device_id === null ? {} : { deviceId: row.device_id }),
  ...(row.client_id === null ? {} : { clientId: row.client_id }),
});

/** Push state in the SQLite data file (`--data`), next to the message tables, so it survives restarts. */
export class SqlitePushStore implements PushStore {
  private readonly _db: Database.Database;
  private readonly _statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this._db = new Database(file);
    this._db.pragma('journal_mode = WAL');
    this._db.pragma('busy_timeout = 5000');
    this._db.exec(SCHEMA);
  }

  vapidKeys(): VapidKeys | undefined {
    const row = this._stmt("SELECT value FROM push_meta WHERE name = 'vapid'").get() as
      { value: string } | undefined;
    return row && (JSON.parse(row.value) as VapidKeys);
  }

  saveVapidKeys(keys: VapidKeys): void {
    this._stmt("INSERT OR REPLACE INTO push_meta (name, value) VALUES ('vapid', ?)").run(
      JSON.stringify(keys),
    );
  }

  getDevice(id: string): DeviceRecord | undefined {
    const row = this._stmt('SELECT body FROM push_devices WHERE id = ?').get(id) as
      { body: string } | undefined;
    return row && (JSON.parse(row.body) as DeviceRecord);
  }

  putDevice(device: DeviceRecord): void {
    this._stmt('INSERT OR REPLACE INTO push_devices (id, client_id, body) VALUES (?, ?, ?)').run(
      device.id,
      device.clientId ?? null,
      JSON.stringify(device),
    );
  }

  removeDevice(id: string): boolean {
    return this._db.transaction(() => {
      this._stmt('DELETE FROM push_subscriptions WHERE device_id = ?').run(id);
      return this._stmt('DELETE FROM push_devices WHERE id = ?').run(id).changes > 0;
    })();
  }

  listDevices(query: DeviceQuery): DeviceRecord[] {
    const rows = this._stmt(
      `SELECT body FROM push_devices
         WHERE (@deviceId IS NULL OR id = @deviceId) AND (@clientId IS NULL OR client_id = @clientId)
           AND (@cursor IS NULL OR id > @cursor)
         ORDER BY id LIMIT @limit`,
    ).all({
      deviceId: query.deviceId ?? null,
      clientId: query.clientId ?? null,
      cursor: query.cursor ?? null,
      limit: query.limit,
    }) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as DeviceRecord);
  }

  devicesOfClient(clientId: string): DeviceRecord[] {
    const rows = this._stmt('SELECT body FROM push_devices WHERE client_id = ?').all(clientId) as {
      body: string;
    }[];
    return rows.map((r) => JSON.parse(r.body) as DeviceRecord);
  }

  countDevicesOfClient(clientId: string): number {
    return (
      this._stmt('SELECT COUNT(*) AS n FROM push_devices WHERE client_id = ?').get(clientId) as { n: number }
    ).n;
  }

  subscribe(s: ChannelSubscription): void {
    this._stmt(
      'INSERT OR IGNORE INTO push_subscriptions (channel, subscriber, device_id, client_id) VALUES (?, ?, ?, ?)',
    ).run(s.channel, subscriberOf(s), s.deviceId ?? null, s.clientId ?? null);
  }

  unsubscribe(filter: ChannelSubscription | Omit<ChannelSubscription, 'channel'>): number {
    const channel = 'channel' in filter ? (filter.channel ?? null) : null;
    return this._stmt(
      `DELETE FROM push_subscriptions WHERE (@channel IS NULL OR channel = @channel)
         AND (@deviceId IS NULL OR device_id = @deviceId) AND (@clientId IS NULL OR client_id = @clientId)`,
    ).run({ channel, deviceId: filter.deviceId ?? null, clientId: filter.clientId ?? null }).changes;
  }

  listSubscriptions(query: SubscriptionQuery): ChannelSubscription[] {
    // Candidates by the most selective filter; matchesSubscription applies concatFilters exactly as in memory.
    const rows = this._stmt(
      `SELECT channel, device_id, client_id FROM push_subscriptions
         WHERE (@channel IS NULL OR channel = @channel)
           AND (@cursor IS NULL OR (channel || char(10) || subscriber) > @cursor)
         ORDER BY channel, subscriber`,
    ).iterate({
      channel: query.channel ?? null,
      cursor: query.cursor ?? null,
    }) as IterableIterator<SubscriptionRow>;
    const out: ChannelSubscription[] = [];
    for (const row of rows) {
      const s = toSubscription(row);
      if (!matchesSubscription(s, query)) continue;
      if (query.cursor !== undefined && subscriptionKey(s) <= query.cursor) continue;
      out.push(s);
      if (out.length >= query.limit) break;
    }
    return out;
  }

  subscriptionsOf(channel: string): ChannelSubscription[] {
    const rows = this._stmt(
      'SELECT channel, device_id, client_id FROM push_subscriptions WHERE channel = ?',
    ).all(channel) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  countSubscriptionsOf(subscriber: { deviceId?: string; clientId?: string }): number {
    const row = (
      subscriber.deviceId !== undefined
        ? this._stmt('SELECT COUNT(*) AS n FROM push_subscriptions WHERE device_id = ?').get(
            subscriber.deviceId,
          )
        : this._stmt('SELECT COUNT(*) AS n FROM push_subscriptions WHERE client_id = ?').get(
            subscriber.clientId,
          )
    ) as { n: number };
    return row.n;
  }

  channels(limit: number, cursor?: string): string[] {
    const rows = this._stmt(
      'SELECT DISTINCT channel FROM push_subscriptions WHERE (? IS NULL OR channel > ?) ORDER BY channel LIMIT ?',
    ).all(cursor ?? null, cursor ?? null, limit) as { channel: string }[];
    return rows.map((r) => r.channel);
  }

  close(): void {
    if (this._db.open) this._db.close();
  }

  private _stmt(sql: string): Database.Statement {
    let statement = this._statements.get(sql);
    if (!statement) this._statements.set(sql, (statement = this._db.prepare(sql)));
    return statement;
  }
}

/** The subscriber column: `d:<deviceId>` or `c:<clientId>`, the second half of {@link subscriptionKey}. */
function subscriberOf(s: ChannelSubscription): string {
  return s.deviceId === undefined ? `c:${s.clientId}` : `d:${s.deviceId}`;
}
