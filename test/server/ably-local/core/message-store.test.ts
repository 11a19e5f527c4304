import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MemoryMessageStore,
  type MessageStore,
  type StoredMessage,
} from '../../../../server/ably-local/core/message-store.js';
import { SqliteMessageStore } from '../../../../server/ably-local/core/sqlite-message-store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const implementations: [string, () => MessageStore][] = [
  ['memory', () => new MemoryMessageStore()],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ably-local-store-'));
      dirs.push(dir);
      return new SqliteMessageStore(join(dir, 'messages.sqlite'));
    },
  ],
];

function message(n: number, timestamp = 1_000 + n): StoredMessage {
  const serial = `${String(timestamp).padStart(14, '0')}-000@series:${String(n % 1000).padStart(3, '0')}`;
  return {
    id: `m${n}`,
    serial,
    timestamp,
    action: 0,
    name: 'n',
    data: `payload ${n}`,
    version: { serial, timestamp },
  };
}

// One contract, every implementation (DESIGN §8).
describe.each(implementations)('MessageStore contract: %s', (_name, create) => {
  it('returns history newest first by default, honouring limit and cursor', () => {
    const store = create();
    store.put(
      'c',
      [1, 2, 3, 4, 5].map((n) => message(n)),
    );
    const page = store.history('c', { direction: 'backwards', limit: 2 });
    expect(page.map((m) => m.id)).toEqual(['m5', 'm4']);
    const next = store.history('c', { direction: 'backwards', limit: 2, cursor: page[1]!.serial });
    expect(next.map((m) => m.id)).toEqual(['m3', 'm2']);
    store.close();
  });

  it('returns history oldest first going forwards', () => {
    const store = create();
    store.put(
      'c',
      [1, 2, 3].map((n) => message(n)),
    );
    const page = store.history('c', { direction: 'forwards', limit: 2 });
    expect(page.map((m) => m.id)).toEqual(['m1', 'm2']);
    const next = store.history('c', { direction: 'forwards', limit: 2, cursor: page[1]!.serial });
    expect(next.map((m) => m.id)).toEqual(['m3']);
    store.close();
  });

  it('filters by start, end and an inclusive serial upper bound', () => {
    const store = create();
    const all = [1, 2, 3, 4, 5].map((n) => message(n));
    store.put('c', all);
    expect(
      store.history('c', { direction: 'backwards', limit: 10, start: 1002, end: 1004 }).map((m) => m.id),
    ).toEqual(['m4', 'm3', 'm2']);
    expect(
      store.history('c', { direction: 'backwards', limit: 10, untilSerial: all[2]!.serial }).map((m) => m.id),
    ).toEqual(['m3', 'm2', 'm1']);
    store.close();
  });

  it('keeps channels apart and returns messages after a serial for replay', () => {
    const store = create();
    const all = [1, 2, 3].map((n) => message(n));
    store.put('a', all);
    store.put('b', [message(9)]);
    expect(store.after('a', all[0]!.serial, 10).map((m) => m.id)).toEqual(['m2', 'm3']);
    expect(store.after('a', all[0]!.serial, 1).map((m) => m.id)).toEqual(['m2']);
    expect(store.history('b', { direction: 'backwards', limit: 10 }).map((m) => m.id)).toEqual(['m9']);
    expect(store.history('none', { direction: 'backwards', limit: 10 })).toEqual([]);
    store.close();
  });

  it('shows the latest version in history at the create position and keeps every version', () => {
    const store = create();
    const [a, b] = [message(1), message(2)];
    store.put('c', [a, b]);
    const v2 = {
      ...a,
      action: 1,
      data: 'edited',
      version: { serial: message(3).serial, timestamp: 1003, clientId: 'bob' },
    };
    store.put('c', [v2]);
    expect(store.history('c', { direction: 'forwards', limit: 10 }).map((m) => m.data)).toEqual([
      'edited',
      'payload 2',
    ]);
    expect(store.get('c', a.serial)).toEqual(v2);
    expect(store.get('c', 'missing')).toBeUndefined();
    expect(store.versions('c', a.serial, { limit: 10 }).map((m) => m.data)).toEqual(['payload 1', 'edited']);
    expect(store.versions('c', a.serial, { limit: 10, cursor: a.serial }).map((m) => m.data)).toEqual([
      'edited',
    ]);
    // The replay stream holds every version in version-serial order.
    expect(store.after('c', a.serial, 10).map((m) => m.data)).toEqual(['payload 2', 'edited']);
    store.close();
  });

  it('keeps annotations per message in order', () => {
    const store = create();
    const target = message(1);
    store.put('c', [target]);
    const annotation = (n: number) => ({
      id: `a${n}`,
      serial: message(10 + n).serial,
      action: 0,
      type: 'reaction:distinct.v1',
      name: '👍',
      clientId: `client-${n}`,
      messageSerial: target.serial,
      timestamp: 2000 + n,
    });
    store.addAnnotation('c', annotation(1));
    store.addAnnotation('c', annotation(2));
    expect(store.annotations('c', target.serial, { limit: 10 }).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(
      store.annotations('c', target.serial, { limit: 1, cursor: annotation(1).serial }).map((a) => a.id),
    ).toEqual(['a2']);
    expect(store.annotations('c', 'other', { limit: 10 })).toEqual([]);
    store.close();
  });

  it('round-trips binary, JSON and string payloads with extras', () => {
    const store = create();
    store.put('c', [
      { ...message(1), data: Buffer.from([0, 255]) },
      { ...message(2), data: { text: 'héllo' }, extras: { headers: { a: '1' } } },
      { ...message(3), data: 'plain', encoding: 'utf-8/cipher+aes-128-cbc' },
    ]);
    const [c, b, a] = store.history('c', { direction: 'backwards', limit: 10 });
    expect(Buffer.isBuffer(a!.data)).toBe(true);
    expect(a!.data).toEqual(Buffer.from([0, 255]));
    expect(b!.data).toEqual({ text: 'héllo' });
    expect(b!.extras).toEqual({ headers: { a: '1' } });
    expect(c!.encoding).toBe('utf-8/cipher+aes-128-cbc');
    store.close();
  });

  it("records where a channel's stream coverage starts the first time it is asked, per channel", () => {
    const store = create();
    expect(store.coveredFrom('c', message(5).serial)).toBe(message(5).serial);
    expect(store.coveredFrom('c', message(9).serial)).toBe(message(5).serial);
    expect(store.coveredFrom('d', message(7).serial)).toBe(message(7).serial);
    store.close();
  });

  it('finds recent messages by a time prefix as the cursor (the idempotency window)', () => {
    const store = create();
    store.put('c', [message(1, 1_000), message(2, 2_000), message(3, 3_000)]);
    const recent = store.history('c', {
      direction: 'forwards',
      limit: 10,
      cursor: String(2_000).padStart(14, '0'),
    });
    expect(recent.map((m) => m.id)).toEqual(['m2', 'm3']);
    store.close();
  });
});

describe('SqliteMessageStore across a restart', () => {
  it('keeps stream coverage in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ably-local-store-'));
    dirs.push(dir);
    const file = join(dir, 'messages.sqlite');
    const first = new SqliteMessageStore(file);
    first.coveredFrom('c', message(1).serial);
    first.close();
    const second = new SqliteMessageStore(file);
    expect(second.coveredFrom('c', message(50).serial)).toBe(message(1).serial);
    second.close();
  });
});

describe('MemoryMessageStore retention', () => {
  it('keeps the newest messages per channel and reports where the stream was cut', () => {
    const store = new MemoryMessageStore(10);
    const all = Array.from({ length: 25 }, (_, i) => message(i + 1));
    for (const m of all) store.put('c', [m]);
    const kept = store.history('c', { direction: 'forwards', limit: 100 });
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThanOrEqual(11);
    expect(kept.at(-1)!.id).toBe('m25');
    const cut = store.evictedThrough('c')!;
    expect(cut).toBeDefined();
    expect(store.after('c', cut, 100)[0]!.serial > cut).toBe(true);
    expect(store.get('c', all[0]!.serial)).toBeUndefined();
    expect(store.evictedThrough('other')).toBeUndefined();
  });
});
