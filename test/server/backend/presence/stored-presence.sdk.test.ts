import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../../../../server/backend/store/postgres-store.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../../server/backend/store/store.js';
import { OWNER_HEADER } from '../../../../server/ably-setup/ably-app.js';
import { controlClient } from '../../../support/control-api.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';
import { uniqueTaskId } from '../backend-harness.js';
import { startPushStack, webhookTotal, type PushBackend, type PushStack } from '../push/push-harness.js';

/** The backend's default: a present member unheard of for this long is confirmed with Ably. */
const TTL_MS = 1_800_000;

/** Times a backend rebuilt a task's presence from REST presence (its debug log). */
const rebuilds = (backend: PushBackend) =>
  backend.logs.filter((l) => l.includes('presence rebuilt from Ably')).length;

/** Turns the `room-presence` integration rule off or on through the Control API: the webhook is down. */
async function presenceWebhook(stack: PushStack, status: 'enabled' | 'disabled'): Promise<void> {
  const call = controlClient(stack.ably);
  const app = stack.ably.keys[0]!.appId;
  const rules = (await call('GET', `/apps/${app}/rules`)).body as {
    id: string;
    target: { headers?: { name: string; value: string }[] };
  }[];
  const rule = rules.find((r) =>
    r.target.headers?.some((h) => h.name === OWNER_HEADER && h.value === 'room-presence'),
  );
  expect((await call('PATCH', `/apps/${app}/rules/${rule!.id}`, { ruleType: 'http', status })).status).toBe(
    200,
  );
}

/** A task where ann (sending) and dana are in the room and sam is away, each of the last two with a device. */
async function annWithDanaHereAndSamAway(stack: PushStack) {
  const task = uniqueTaskId();
  await stack.createTask(task, [
    { userId: 'ann', role: 'buyer', name: 'Ann' },
    { userId: 'sam', role: 'seller', name: 'Sam' },
    { userId: 'dana', role: 'agent', name: 'Dana' },
  ]);
  const sam = await stack.device(task, 'sam', 'seller');
  const dana = await stack.device(task, 'dana', 'agent');
  const ann = await stack.tab(task, 'ann', 'buyer');
  await stack.tab(task, 'dana', 'agent');
  return { task, sam, dana, ann };
}

/**
 * A task where ann (sending) and sam (with a push device) are both in the room, one message in (the backend's
 * first decision rebuilt the set); `samLeaves` closes sam's tab while the presence webhook is off.
 */
async function annAndSam() {
  const stack = await startPushStack({ push: { alertWindowSeconds: 0 } });
  const task = uniqueTaskId();
  await stack.createTask(task, [
    { userId: 'ann', role: 'buyer', name: 'Ann' },
    { userId: 'sam', role: 'seller', name: 'Sam' },
  ]);
  const device = await stack.device(task, 'sam', 'seller');
  const ann = await stack.tab(task, 'ann', 'buyer');
  const sam = await stack.tab(task, 'sam', 'seller');
  await stack.presenceSettled(task, { ann: true, sam: true });
  await stack.send(ann.room, 'warm up');
  const samLeaves = async () => {
    await presenceWebhook(stack, 'disabled');
    sam.realtime.close();
    await vi.waitFor(async () =>
      expect((await ann.room.presence.get()).map((m) => m.clientId)).toEqual(['ann']),
    );
  };
  return { stack, task, device, ann, samLeaves };
}

/** Presence kept in the backend's Store from the `channel.presence` webhook (docs/backend.md §6). */
describe('stored presence (issue #21)', () => {
  it('stores enter, update and leave from the real SDKs per connection: a user with two tabs stays present until both leave', async () => {
    const stack = await startPushStack();
    const task = uniqueTaskId();
    await stack.createTask(task, [
      { userId: 'ann', role: 'buyer' },
      { userId: 'bob', role: 'seller' },
    ]);
    const first = await stack.tab(task, 'ann', 'buyer');
    const second = await stack.tab(task, 'ann', 'buyer');
    const bob = await stack.tab(task, 'bob', 'seller');
    await stack.presenceSettled(task, { ann: true, bob: true });
    // Unheard of for the TTL, members are stale; an update is news of them.
    stack.clock.now += TTL_MS + 1;
    const stale = await stack.backends[0]!.store.presence(task, stack.clock.now, TTL_MS);
    expect([...stale.stale].sort()).toEqual(['ann', 'bob']);
    await first.room.presence.update({ status: 'busy' });
    await vi.waitFor(async () => {
      const stored = await stack.backends[0]!.store.presence(task, stack.clock.now, TTL_MS);
      expect(stored).toMatchObject({ present: new Set(['ann']), stale: new Set(['bob']) });
    });
    await first.room.presence.leave();
    await bob.room.presence.leave();
    await stack.presenceSettled(task, { bob: false });
    await stack.presenceSettled(task, { ann: true });
    // The second tab closes: its connection's leave ends ann's presence.
    second.realtime.close();
    await stack.presenceSettled(task, { ann: false, bob: false });
  });

  it('decides with the Store alone in the steady state: REST presence once per task, then never again', async () => {
    const stack = await startPushStack({ push: { alertWindowSeconds: 0 } });
    const { task, sam, dana, ann } = await annWithDanaHereAndSamAway(stack);
    await stack.presenceSettled(task, { ann: true, dana: true, sam: false });
    for (let i = 0; i < 5; i++) await stack.send(ann.room, `message ${i}`);
    await stack.service.until(() => stack.service.for(sam.subscription.id).length === 5);
    expect(stack.service.for(dana.subscription.id)).toEqual([]);
    // The backend's first decision for the task rebuilt its set (a new instance); the other four read it.
    expect(rebuilds(stack.backends[0]!)).toBe(1);
  });

  it('lets a member whose leave was lost expire: unheard of for the TTL, Ably is asked once and they are alerted', async () => {
    const { stack, task, device, ann, samLeaves } = await annAndSam();
    expect(rebuilds(stack.backends[0]!)).toBe(1);
    // The presence webhook is down while sam leaves: the Store still has him.
    await samLeaves();
    await presenceWebhook(stack, 'enabled');
    expect((await stack.backends[0]!.store.presence(task, stack.clock.now, TTL_MS)).present.has('sam')).toBe(
      true,
    );
    await stack.send(ann.room, 'before the TTL');
    expect(stack.service.for(device.subscription.id)).toEqual([]);
    expect(rebuilds(stack.backends[0]!)).toBe(1);
    // Past the TTL sam is stale: the next decision asks Ably, which no longer has him, and alerts him.
    stack.clock.now += TTL_MS + 1;
    await stack.send(ann.room, 'after the TTL');
    await stack.service.until(() => stack.service.for(device.subscription.id).length === 1);
    expect(stack.service.for(device.subscription.id)[0]!.payload).toMatchObject({
      notification: { body: 'Ann: after the TTL' },
    });
    expect(rebuilds(stack.backends[0]!)).toBe(2);
    // Ann is stale too but decides nothing (she sends): no further call while nothing changes.
    await stack.send(ann.room, 'again');
    expect(rebuilds(stack.backends[0]!)).toBe(2);
  });

  it('rebuilds each task once from REST presence after a restart, since events may have been missed meanwhile', async () => {
    const { stack, task, device, ann, samLeaves } = await annAndSam();
    // Sam leaves while the backend is being redeployed, so his leave never reaches the Store.
    await samLeaves();
    stack.clock.now += 5000;
    const restarted = await stack.restartFirst();
    await presenceWebhook(stack, 'enabled');
    expect((await restarted.store.presence(task, stack.clock.now, TTL_MS)).present.has('sam')).toBe(true);
    await stack.send(ann.room, 'after the restart');
    await stack.service.until(() => stack.service.for(device.subscription.id).length === 1);
    await stack.send(ann.room, 'and again');
    await stack.service.until(() => stack.service.for(device.subscription.id).length === 2);
    expect(rebuilds(restarted)).toBe(1);
    expect((await restarted.store.presence(task, stack.clock.now, TTL_MS)).present.has('sam')).toBe(false);
  });
});

describe('PUSH_PRESENCE=rest', () => {
  it('asks Ably at every decision, as before stored presence, and ably-setup makes no presence rule', async () => {
    const stack = await startPushStack({
      push: { presence: 'rest', alertWindowSeconds: 0 },
      setup: { pushPresence: 'rest' },
    });
    const app = stack.ably.keys[0]!.appId;
    const rules = (await controlClient(stack.ably)('GET', `/apps/${app}/rules`)).body as {
      source?: { type: string };
    }[];
    expect(rules.map((r) => r.source?.type)).toEqual(['channel.message']);
    const { sam, dana, ann } = await annWithDanaHereAndSamAway(stack);
    for (const text of ['one', 'two']) await stack.send(ann.room, text);
    await stack.service.until(() => stack.service.for(sam.subscription.id).length === 2);
    expect(stack.service.for(dana.subscription.id)).toEqual([]);
    expect(rebuilds(stack.backends[0]!)).toBe(0);
  });
});

describe.each([
  { name: 'SQLite (one file)', kind: 'sqlite' as const },
  { name: 'PostgreSQL', kind: 'postgres' as const },
])('push alerts from two backend instances on $name, presence from the webhook', ({ kind }) => {
  let postgres: TestPostgres | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await postgres?.stop();
  });

  async function stores(): Promise<Store[]> {
    if (kind === 'postgres') {
      return [
        await PostgresStore.connect(postgres!.databaseUrl),
        await PostgresStore.connect(postgres!.databaseUrl),
      ];
    }
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'presence-')), 'chat.sqlite');
    return [new SqliteStore(file), new SqliteStore(file)];
  }

  it('alerts each offline participant once, nobody present, not the sender, no opted-out role', async () => {
    const stack = await startPushStack({
      backends: 2,
      stores: await stores(),
      push: { optOutRoles: ['observer', 'agent'] },
    });
    const task = uniqueTaskId();
    const away = Array.from({ length: 6 }, (_, i) => `away-${i}`);
    await stack.createTask(task, [
      { userId: 'ann', role: 'buyer', name: 'Ann' },
      { userId: 'pat', role: 'buyer', name: 'Pat' },
      { userId: 'dana', role: 'agent', name: 'Dana' },
      ...away.map((userId) => ({ userId, role: 'buyer' as const })),
    ]);
    const devices = await Promise.all(away.map((userId) => stack.device(task, userId, 'buyer')));
    // Pat is here; Dana is away, but agents opted out here.
    const pat = await stack.device(task, 'pat', 'buyer');
    const dana = await stack.device(task, 'dana', 'agent');
    const annDevice = await stack.device(task, 'ann', 'buyer');
    const ann = await stack.tab(task, 'ann', 'buyer');
    await stack.tab(task, 'pat', 'buyer');
    await stack.presenceSettled(task, { ann: true, pat: true, dana: false });
    await stack.send(ann.room, 'one for each of you');
    await stack.send(ann.room, 'and a second within the window');
    await stack.service.until(() => stack.service.received.length >= devices.length);
    for (const device of devices) expect(stack.service.for(device.subscription.id)).toHaveLength(1);
    for (const nobody of [pat, dana, annDevice])
      expect(stack.service.for(nobody.subscription.id)).toEqual([]);
    expect(stack.service.received).toHaveLength(devices.length);
    // Both instances decided, each from the shared Store; between them every alert was sent once.
    const alerted = stack.backends.map((b) => webhookTotal(b, 'alerted'));
    expect(alerted.reduce((a, b) => a + b, 0)).toBe(devices.length);
  });
});
