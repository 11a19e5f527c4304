import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceEvent, Store } from '../../../../server/backend/store/store.js';
import { StoreImplementations } from './store-implementations.js';

const stores = new StoreImplementations();
beforeAll(() => stores.start(), 60_000);
afterAll(() => stores.stop());

const TTL = 60_000;
const id = (prefix: string) => `${prefix}:${randomBytes(4).toString('hex')}`;
const event = (
  clientId: string,
  connectionId: string,
  present: boolean,
  timestamp: number,
): PresenceEvent => ({
  clientId,
  connectionId,
  present,
  timestamp,
});

/** The Store's presence contract (docs/architecture.md §4): both implementations answer exactly alike. */
describe.each(stores.list)('$name presence', ({ name }) => {
  const open = (): Promise<Store> => stores.open(name);

  /** A task with participants, its presence rebuilt (synced) from an empty snapshot at `at`. */
  async function task(store: Store, users: string[], at = 1000) {
    const taskId = id('order');
    await store.upsertTask({ id: taskId, type: 'order', title: 'Order', url: null }, at);
    for (const userId of users) {
      await store.upsertParticipant({ taskId, userId, role: 'buyer', name: userId }, at);
    }
    const { generation } = await store.presence(taskId, at, TTL);
    await store.rebuildPresence(taskId, [], { takenAt: at, generation }, at);
    return taskId;
  }

  const present = async (store: Store, taskId: string, now: number) =>
    [...(await store.presence(taskId, now, TTL)).present].sort();

  it('keeps a user with two connections present until both leave', async () => {
    const store = await open();
    const taskId = await task(store, ['ann', 'bob']);
    await store.applyPresence(
      taskId,
      [event('ann', 'tab1', true, 2000), event('ann', 'tab2', true, 2001)],
      2000,
      TTL,
    );
    await store.applyPresence(taskId, [event('bob', 'c1', true, 2002)], 2002, TTL);
    expect(await present(store, taskId, 2003)).toEqual(['ann', 'bob']);
    await store.applyPresence(taskId, [event('ann', 'tab1', false, 2004)], 2004, TTL);
    expect(await present(store, taskId, 2005)).toEqual(['ann', 'bob']);
    await store.applyPresence(
      taskId,
      [event('ann', 'tab2', false, 2006), event('bob', 'c1', false, 2006)],
      2006,
      TTL,
    );
    expect(await present(store, taskId, 2007)).toEqual([]);
  });

  it('keeps the newest event of a member whatever order events arrive in, within a batch or across them', async () => {
    const store = await open();
    const taskId = await task(store, ['ann']);
    // A batch with the enter after the leave it preceded, and a late enter older than the stored leave.
    await store.applyPresence(
      taskId,
      [event('ann', 'c', false, 3000), event('ann', 'c', true, 2000)],
      3001,
      TTL,
    );
    expect(await present(store, taskId, 3002)).toEqual([]);
    await store.applyPresence(taskId, [event('ann', 'c', true, 2500)], 3003, TTL);
    expect(await present(store, taskId, 3004)).toEqual([]);
    await store.applyPresence(
      taskId,
      [event('ann', 'c', true, 3005), event('ann', 'c', true, 3005)],
      3005,
      TTL,
    );
    expect(await present(store, taskId, 3006)).toEqual(['ann']);
  });

  it('is not synced until rebuilt, synced after, and not synced again in a new generation', async () => {
    const store = await open();
    const taskId = id('order');
    await store.upsertTask({ id: taskId, type: 'order', title: 'Order', url: null }, 1000);
    const before = await store.presence(taskId, 1000, TTL);
    expect(before.synced).toBe(false);
    await store.rebuildPresence(
      taskId,
      [{ clientId: 'ann', connectionId: 'c', timestamp: 900 }],
      {
        takenAt: 1000,
        generation: before.generation,
      },
      1001,
    );
    expect(await store.presence(taskId, 1002, TTL)).toMatchObject({
      synced: true,
      present: new Set(['ann']),
    });
    const next = await store.newPresenceGeneration();
    expect(next).toBeGreaterThan(before.generation);
    expect(await store.presence(taskId, 1003, TTL)).toMatchObject({ synced: false, generation: next });
  });

  it('calls a present member stale once unheard of for the TTL (its leave may be lost), until rebuilt', async () => {
    const store = await open();
    const taskId = await task(store, ['ann', 'bob']);
    await store.applyPresence(
      taskId,
      [event('ann', 'c1', true, 2000), event('bob', 'c2', true, 2000)],
      2000,
      TTL,
    );
    await store.applyPresence(taskId, [event('bob', 'c2', true, 2500)], 2500, TTL);
    expect(await store.presence(taskId, 2000 + TTL - 1, TTL)).toMatchObject({
      present: new Set(['ann', 'bob']),
      stale: new Set(),
    });
    // Ann's leave was lost: she is stale, not present; bob was heard of since.
    const later = await store.presence(taskId, 2000 + TTL + 1, TTL);
    expect(later).toMatchObject({ synced: true, present: new Set(['bob']), stale: new Set(['ann']) });
    expect(await store.pushAudience(taskId, 2000 + TTL + 1, TTL)).toMatchObject({
      present: new Set(['bob']),
      stale: new Set(['ann']),
    });
    await store.rebuildPresence(
      taskId,
      [{ clientId: 'bob', connectionId: 'c2', timestamp: 2500 }],
      { takenAt: 2000 + TTL + 1, generation: later.generation },
      2000 + TTL + 2,
    );
    expect(await store.presence(taskId, 2000 + TTL + 3, TTL)).toMatchObject({
      synced: true,
      present: new Set(['bob']),
      stale: new Set(),
    });
  });

  it('keeps events heard during a rebuild over the snapshot, and replaces what was heard before it', async () => {
    const store = await open();
    const taskId = await task(store, ['ann', 'bob', 'cy']);
    await store.applyPresence(
      taskId,
      [event('ann', 'c1', true, 2000), event('cy', 'c3', true, 2000)],
      2000,
      TTL,
    );
    const { generation } = await store.presence(taskId, 3000, TTL);
    // The snapshot is taken at 3000; bob enters and cy leaves while it is on its way (heard at 3001).
    await store.applyPresence(
      taskId,
      [event('bob', 'c2', true, 3001), event('cy', 'c3', false, 3001)],
      3001,
      TTL,
    );
    await store.rebuildPresence(
      taskId,
      [{ clientId: 'cy', connectionId: 'c3', timestamp: 2000 }],
      { takenAt: 3000, generation },
      3002,
    );
    // ann was gone at the snapshot; bob and cy's leave were heard after it.
    expect(await store.presence(taskId, 3003, TTL)).toMatchObject({
      synced: true,
      present: new Set(['bob']),
    });
  });

  it('reads the task, its participants in joining order and who of them is present at once', async () => {
    const store = await open();
    const taskId = await task(store, ['ann', 'bob', 'cy']);
    await store.removeParticipant(taskId, 'cy', 1500);
    await store.applyPresence(
      taskId,
      [event('bob', 'c', true, 2000), event('stranger', 's', true, 2000)],
      2000,
      TTL,
    );
    const audience = await store.pushAudience(taskId, 2001, TTL);
    expect(audience.task).toMatchObject({ id: taskId, title: 'Order' });
    expect(audience.participants.map((p) => [p.userId, p.removed])).toEqual([
      ['ann', false],
      ['bob', false],
      ['cy', true],
    ]);
    expect(audience).toMatchObject({ synced: true, present: new Set(['bob']), stale: new Set() });
    expect((await store.pushAudience('no:such-task', 2001, TTL)).task).toBeUndefined();
  });

  it('forgets leaves older than the TTL', async () => {
    const store = await open();
    const taskId = await task(store, ['ann']);
    await store.applyPresence(taskId, [event('ann', 'c', false, 2000)], 2000, TTL);
    // Forgotten: an event older than the leave, delivered more than the TTL late, applies again.
    await store.applyPresence(taskId, [event('bob', 'x', true, 2000 + TTL + 1)], 2000 + TTL + 1, TTL);
    await store.applyPresence(taskId, [event('ann', 'c', true, 1500)], 2000 + TTL + 2, TTL);
    expect(await present(store, taskId, 2000 + TTL + 3)).toEqual(['ann', 'bob']);
  });
});

describe('PostgresStore presence across instances', () => {
  it('answers one instance with what another stored, and a new generation of one unsyncs both', async () => {
    const [a, b] = await stores.openTwo('PostgresStore');
    const taskId = id('order');
    await a.upsertTask({ id: taskId, type: 'order', title: 'Order', url: null }, 1000);
    const { generation } = await a.presence(taskId, 1000, TTL);
    await a.rebuildPresence(taskId, [], { takenAt: 1000, generation }, 1000);
    await a.applyPresence(taskId, [event('ann', 'c', true, 2000)], 2000, TTL);
    expect(await b.presence(taskId, 2001, TTL)).toMatchObject({ synced: true, present: new Set(['ann']) });
    await b.newPresenceGeneration();
    expect((await a.presence(taskId, 2002, TTL)).synced).toBe(false);
  });
});
