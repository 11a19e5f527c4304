import type * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../server/backend/logger.js';
import { RestPresence } from '../../../../server/backend/presence/rest-presence.js';
import { StoredPresence } from '../../../../server/backend/presence/stored-presence.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';
import type { PresenceMember } from '../../../../server/backend/store/store.js';

const TTL = 60_000;
const CHANNEL = 'task:order:1::$chat';

/** A StoredPresence over an in-memory store, with a scripted REST presence and a clock the test moves. */
async function setup(members: PresenceMember[] = []) {
  const store = new SqliteStore(':memory:');
  await store.upsertTask({ id: 'order:1', type: 'order', title: 'Order', url: null }, 0);
  for (const userId of ['ann', 'bob', 'otto']) {
    await store.upsertParticipant(
      { taskId: 'order:1', userId, role: userId === 'otto' ? 'observer' : 'buyer', name: userId },
      0,
    );
  }
  const clock = { now: 1000 };
  const rest = { calls: 0, members, fail: false, delayMs: 0 };
  const presence = new StoredPresence({
    store,
    snapshot: async () => {
      rest.calls++;
      if (rest.delayMs) await new Promise((resolve) => setTimeout(resolve, rest.delayMs));
      if (rest.fail) throw new Error('Ably is unreachable');
      return rest.members;
    },
    ttlMs: TTL,
    now: () => clock.now,
    logger: createLogger({ level: 'silent' }),
  });
  return { store, clock, rest, presence };
}

const message = (clientId: string, action: string, timestamp: number, connectionId = `${clientId}-c`) =>
  ({ clientId, connectionId, action, timestamp }) as Ably.PresenceMessage;

const present = async (p: StoredPresence) => [...(await p.audience('order:1')).present].sort();

describe('StoredPresence', () => {
  it('rebuilds an unsynced task once, even for a burst of decisions, then reads the Store alone', async () => {
    const { rest, presence } = await setup([{ clientId: 'ann', connectionId: 'a', timestamp: 900 }]);
    rest.delayMs = 20;
    const answers = await Promise.all(Array.from({ length: 5 }, () => presence.audience('order:1')));
    expect(answers.map((a) => [...a.present])).toEqual(Array(5).fill(['ann']));
    expect(rest.calls).toBe(1);
    await presence.record(CHANNEL, [message('bob', 'enter', 1100)]);
    expect(await present(presence)).toEqual(['ann', 'bob']);
    expect(rest.calls).toBe(1);
  });

  it('confirms a stale member only when their presence decides something', async () => {
    const { rest, clock, presence } = await setup();
    await presence.audience('order:1');
    await presence.record(CHANNEL, [message('otto', 'enter', 1100), message('bob', 'enter', 1100)]);
    clock.now += TTL + 1;
    // Otto is an observer, never alerted: his staleness asks nothing.
    const observersOnly = await presence.audience(
      'order:1',
      (p) => p.role !== 'observer' && p.userId !== 'bob',
    );
    expect(rest.calls).toBe(1);
    expect([...observersOnly.present]).toEqual([]);
    // Bob's does: Ably is asked, and no longer has him.
    expect(await present(presence)).toEqual([]);
    expect(rest.calls).toBe(2);
  });

  it('decides with what it has when Ably cannot be asked (a stale member counts as present), and asks again next time', async () => {
    const { rest, clock, presence } = await setup();
    await presence.audience('order:1');
    await presence.record(CHANNEL, [message('bob', 'enter', 1100)]);
    clock.now += TTL + 1;
    rest.fail = true;
    expect(await present(presence)).toEqual(['bob']);
    rest.fail = false;
    expect(await present(presence)).toEqual([]);
    expect(rest.calls).toBe(3);
  });

  it('rebuilds every task again after failing to store events: Ably may give up retrying them', async () => {
    const { store, rest, presence } = await setup();
    await presence.audience('order:1');
    const apply = store.applyPresence.bind(store);
    store.applyPresence = () => Promise.reject(new Error('disk full'));
    await expect(presence.record(CHANNEL, [message('bob', 'enter', 1100)])).rejects.toThrow('disk full');
    store.applyPresence = apply;
    rest.members = [{ clientId: 'bob', connectionId: 'bob-c', timestamp: 1100 }];
    expect(await present(presence)).toEqual(['bob']);
    expect(rest.calls).toBe(2);
  });

  it('answers other readers from the same set, clientIds participants or not', async () => {
    const { presence } = await setup([{ clientId: 'guest', connectionId: 'g', timestamp: 900 }]);
    await presence.record(CHANNEL, [message('ann', 'enter', 1100), message('ann', 'leave', 1200, 'other')]);
    expect([...(await presence.present('order:1'))].sort()).toEqual(['ann', 'guest']);
    await presence.record(CHANNEL, [message('ann', 'leave', 1300)]);
    expect([...(await presence.present('order:1'))]).toEqual(['guest']);
  });

  it('ignores channels that are not task rooms and messages without a clientId', async () => {
    const { store, presence } = await setup();
    await presence.record('notifications:ann', [message('ann', 'enter', 1100)]);
    await presence.record(CHANNEL, [{ action: 'enter', timestamp: 1100 } as Ably.PresenceMessage]);
    expect([...(await store.presence('order:1', 1200, TTL)).present]).toEqual([]);
  });
});

describe('RestPresence (PUSH_PRESENCE=rest)', () => {
  it('asks REST presence at every decision and keeps nothing', async () => {
    const store = new SqliteStore(':memory:');
    await store.upsertTask({ id: 'order:1', type: 'order', title: 'Order', url: null }, 0);
    await store.upsertParticipant({ taskId: 'order:1', userId: 'ann', role: 'buyer', name: 'Ann' }, 0);
    let calls = 0;
    const presence = new RestPresence(store, async () => {
      calls++;
      return [{ clientId: 'ann', connectionId: 'a', timestamp: 1 }];
    });
    await presence.record();
    for (let i = 0; i < 3; i++) expect([...(await presence.audience('order:1')).present]).toEqual(['ann']);
    expect(calls).toBe(3);
    expect((await presence.audience('no:such')).task).toBeUndefined();
    expect(calls).toBe(3);
  });
});
