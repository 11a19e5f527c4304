import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../../server/backend/store/create-store.js';
import { PostgresStore } from '../../../../server/backend/store/postgres-store.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../../server/backend/store/store.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';

let postgres: TestPostgres | undefined;
const opened: Store[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await postgres?.stop();
});

const IMPLEMENTATIONS: { name: string; open: () => Promise<Store> }[] = [
  { name: 'SqliteStore', open: async () => new SqliteStore(':memory:') },
  { name: 'PostgresStore', open: () => PostgresStore.connect(postgres!.databaseUrl) },
];

async function open(impl: (typeof IMPLEMENTATIONS)[number]): Promise<Store> {
  const store = await impl.open();
  opened.push(store);
  return store;
}

const id = (prefix: string) => `${prefix}:${randomBytes(4).toString('hex')}`;

/** The Store contract (DESIGN §5): both implementations answer exactly alike. */
describe.each(IMPLEMENTATIONS)('$name', (impl) => {
  it('creates a task and reports created only the first time when upserted twice', async () => {
    const store = await open(impl);
    const taskId = id('order');
    const first = await store.upsertTask(
      { id: taskId, type: 'order', title: 'One', url: 'https://x.example/1' },
      1000,
    );
    expect(first).toEqual({
      created: true,
      value: {
        id: taskId,
        type: 'order',
        title: 'One',
        url: 'https://x.example/1',
        closed: false,
        closedAt: null,
        createdAt: 1000,
        updatedAt: 1000,
      },
    });
    const second = await store.upsertTask({ id: taskId, type: 'ticket', title: 'Two', url: null }, 2000);
    expect(second.created).toBe(false);
    expect(second.value).toMatchObject({
      type: 'ticket',
      title: 'Two',
      url: null,
      createdAt: 1000,
      updatedAt: 2000,
    });
    expect(await store.getTask(taskId)).toEqual(second.value);
  });

  it('returns undefined when a task, participant or revocation is unknown', async () => {
    const store = await open(impl);
    expect(await store.getTask(id('none'))).toBeUndefined();
    expect(await store.getParticipant(id('none'), 'ann')).toBeUndefined();
    expect(await store.listParticipants(id('none'))).toEqual([]);
    expect(await store.closeTask(id('none'), 1)).toBeUndefined();
    expect(await store.removeParticipant(id('none'), 'ann', 1)).toBeUndefined();
    expect(await store.getRevocation(id('user'))).toBeUndefined();
  });

  it('keeps the first closedAt and stays closed when closed twice and upserted again', async () => {
    const store = await open(impl);
    const taskId = id('ticket');
    await store.upsertTask({ id: taskId, type: 'ticket', title: 't', url: null }, 1000);
    expect(await store.closeTask(taskId, 2000)).toMatchObject({
      closed: true,
      closedAt: 2000,
      updatedAt: 2000,
    });
    expect(await store.closeTask(taskId, 3000)).toMatchObject({
      closed: true,
      closedAt: 2000,
      updatedAt: 2000,
    });
    const again = await store.upsertTask({ id: taskId, type: 'ticket', title: 'renamed', url: null }, 4000);
    expect(again.value).toMatchObject({ closed: true, closedAt: 2000, title: 'renamed' });
  });

  it('adds, updates, removes and re-adds a participant when upserted and removed', async () => {
    const store = await open(impl);
    const taskId = id('order');
    await store.upsertTask({ id: taskId, type: 'order', title: 'o', url: null }, 1000);
    const input = { taskId, userId: 'auth0|ann', role: 'buyer' as const, name: 'Ann <b>' };
    expect(await store.upsertParticipant(input, 1100)).toEqual({
      created: true,
      value: { ...input, removed: false, removedAt: null, createdAt: 1100, updatedAt: 1100 },
    });
    const changed = await store.upsertParticipant({ ...input, role: 'seller', name: 'Ann 🦄' }, 1200);
    expect(changed).toMatchObject({
      created: false,
      value: { role: 'seller', name: 'Ann 🦄', createdAt: 1100 },
    });
    expect(await store.removeParticipant(taskId, 'auth0|ann', 1300)).toMatchObject({
      removed: true,
      removedAt: 1300,
    });
    expect(await store.removeParticipant(taskId, 'auth0|ann', 1400)).toMatchObject({
      removed: true,
      removedAt: 1300,
    });
    expect(await store.getParticipant(taskId, 'auth0|ann')).toMatchObject({ removed: true });
    const readded = await store.upsertParticipant(input, 1500);
    expect(readded).toMatchObject({
      created: false,
      value: { removed: false, removedAt: null, role: 'buyer' },
    });
  });

  it('lists participants in joining order with removed ones flagged', async () => {
    const store = await open(impl);
    const taskId = id('game');
    await store.upsertTask({ id: taskId, type: 'game', title: 'g', url: null }, 1000);
    for (const [i, userId] of ['zed', 'amy', 'kim'].entries()) {
      await store.upsertParticipant({ taskId, userId, role: 'player', name: userId }, 2000 + i);
    }
    await store.removeParticipant(taskId, 'amy', 3000);
    const list = await store.listParticipants(taskId);
    expect(list.map((p) => [p.userId, p.removed])).toEqual([
      ['zed', false],
      ['amy', true],
      ['kim', false],
    ]);
  });

  it('keeps participants of different tasks apart when the same user joins both', async () => {
    const store = await open(impl);
    const [a, b] = [id('order'), id('order')];
    for (const taskId of [a, b])
      await store.upsertTask({ id: taskId, type: 'order', title: 'o', url: null }, 1);
    await store.upsertParticipant({ taskId: a, userId: 'ann', role: 'buyer', name: 'Ann' }, 2);
    await store.upsertParticipant({ taskId: b, userId: 'ann', role: 'courier', name: 'Ann' }, 2);
    await store.removeParticipant(a, 'ann', 3);
    expect(await store.getParticipant(a, 'ann')).toMatchObject({ role: 'buyer', removed: true });
    expect(await store.getParticipant(b, 'ann')).toMatchObject({ role: 'courier', removed: false });
  });

  it('reads task, membership and revocation together when asked for a token context', async () => {
    const store = await open(impl);
    const taskId = id('order');
    expect(await store.getTokenContext(taskId, 'ann')).toEqual({});
    const task = (await store.upsertTask({ id: taskId, type: 'order', title: 'o', url: null }, 1000)).value;
    expect(await store.getTokenContext(taskId, 'ann')).toEqual({ task });
    const ann = (await store.upsertParticipant({ taskId, userId: 'ann', role: 'buyer', name: 'Ann' }, 1100))
      .value;
    await store.upsertParticipant({ taskId, userId: 'bob', role: 'seller', name: 'Bob' }, 1100);
    expect(await store.getTokenContext(taskId, 'ann')).toEqual({ task, participant: ann });
    await store.recordRevocation('ann', 1_700_000_000_123);
    const removed = await store.removeParticipant(taskId, 'ann', 1200);
    expect(await store.getTokenContext(taskId, 'ann')).toEqual({
      task,
      participant: removed,
      revokedBefore: 1_700_000_000_123,
    });
    expect((await store.getTokenContext(taskId, 'bob')).participant?.role).toBe('seller');
    expect(await store.getTokenContext(taskId, 'nobody')).toEqual({ task });
  });

  it('keeps the latest revocation instant when revocations are recorded out of order', async () => {
    const store = await open(impl);
    const userId = id('user');
    await store.recordRevocation(userId, 1_700_000_000_500);
    await store.recordRevocation(userId, 1_700_000_000_100);
    expect(await store.getRevocation(userId)).toBe(1_700_000_000_500);
    await store.recordRevocation(userId, 1_700_000_001_000);
    expect(await store.getRevocation(userId)).toBe(1_700_000_001_000);
  });

  it('keeps its data when closed and opened again', async () => {
    const taskId = id('order');
    if (impl.name === 'SqliteStore') {
      const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-sqlite-'));
      try {
        const path = join(dir, 'nested', 'chat.sqlite');
        const first = await createStore({ sqlitePath: path });
        await first.upsertTask({ id: taskId, type: 'order', title: 'kept', url: null }, 1);
        await first.close();
        const second = await createStore({ sqlitePath: path });
        expect((await second.getTask(taskId))?.title).toBe('kept');
        await second.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } else {
      const first = await createStore({ databaseUrl: postgres!.databaseUrl, sqlitePath: 'unused' });
      await first.upsertTask({ id: taskId, type: 'order', title: 'kept', url: null }, 1);
      await first.close();
      const [second, third] = await Promise.all([open(impl), open(impl)]); // concurrent migrations are safe
      expect((await second.getTask(taskId))?.title).toBe('kept');
      expect((await third.getTask(taskId))?.title).toBe('kept');
    }
  });
});
