import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../../server/backend/store/create-store.js';
import {
  MIGRATIONS as POSTGRES_MIGRATIONS,
  PostgresStore,
} from '../../../../server/backend/store/postgres-store.js';
import {
  MIGRATIONS as SQLITE_MIGRATIONS,
  SqliteStore,
} from '../../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../../server/backend/store/store.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';
import { freshDatabase } from './store-implementations.js';

let postgres: TestPostgres | undefined;
/** A database with ICU en-US collation, as production clusters often have: proves serials compare as bytes. */
let databaseUrl = '';
const opened: Store[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await freshDatabase(postgres.databaseUrl, 'icu');
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await postgres?.stop();
});

const IMPLEMENTATIONS: { name: string; open: () => Promise<Store> }[] = [
  { name: 'SqliteStore', open: async () => new SqliteStore(':memory:') },
  { name: 'PostgresStore', open: () => PostgresStore.connect(databaseUrl) },
];

async function open(impl: (typeof IMPLEMENTATIONS)[number]): Promise<Store> {
  const store = await impl.open();
  opened.push(store);
  return store;
}

const id = (prefix: string) => `${prefix}:${randomBytes(4).toString('hex')}`;

/** The Store contract (docs/architecture.md §6): both implementations answer exactly alike. */
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
    expect(await store.listReadMarkers(id('none'))).toEqual([]);
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
      const first = await createStore({ databaseUrl, sqlitePath: 'unused' });
      await first.upsertTask({ id: taskId, type: 'order', title: 'kept', url: null }, 1);
      await first.close();
      const [second, third] = await Promise.all([open(impl), open(impl)]); // concurrent migrations are safe
      expect((await second.getTask(taskId))?.title).toBe('kept');
      expect((await third.getTask(taskId))?.title).toBe('kept');
    }
  });

  describe('read markers', () => {
    /** A task with participants joined in the given order. */
    async function taskWith(store: Store, userIds: string[]): Promise<string> {
      const taskId = id('order');
      await store.upsertTask({ id: taskId, type: 'order', title: 'o', url: null }, 1000);
      for (const [i, userId] of userIds.entries()) {
        await store.upsertParticipant({ taskId, userId, role: 'buyer', name: `N ${userId}` }, 1100 + i);
      }
      return taskId;
    }

    // Ably serials: <timestamp>-<counter>@<origin>:<index>, ordered as strings.
    const S1 = '01726585978590-001@e4zbAtlIwBfbGI39:000';
    const S2 = '01726585978590-001@e4zbAtlIwBfbGI39:001';
    const S3 = '01726585978591-000@e4zbAtlIwBfbGI39:000';

    it('advances the marker and never moves it backwards when serials arrive out of order', async () => {
      const store = await open(impl);
      const taskId = await taskWith(store, ['ann']);
      expect(await store.setReadMarker(taskId, 'ann', S2, 2000)).toEqual({ serial: S2, readAt: 2000 });
      expect(await store.setReadMarker(taskId, 'ann', S1, 3000)).toEqual({ serial: S2, readAt: 2000 });
      expect(await store.setReadMarker(taskId, 'ann', S2, 4000)).toEqual({ serial: S2, readAt: 2000 });
      expect(await store.setReadMarker(taskId, 'ann', S3, 5000)).toEqual({ serial: S3, readAt: 5000 });
      expect((await store.listReadMarkers(taskId))[0]).toMatchObject({ serial: S3, readAt: 5000 });
    });

    it('compares serials as plain strings, not numbers or locale order, when they differ in length or case', async () => {
      const store = await open(impl);
      const taskId = await taskWith(store, ['ann', 'bob']);
      await store.setReadMarker(taskId, 'ann', '9', 1);
      expect((await store.setReadMarker(taskId, 'ann', '10', 2)).serial).toBe('9');
      await store.setReadMarker(taskId, 'bob', 'a-b', 1);
      // Byte order: 'B' (0x42) < 'a-b' < 'ab' ('-' 0x2d < 'b'); en-US puts 'B' after 'a-b' (PostgreSQL runs
      // this suite on an ICU en-US database, so a column without COLLATE "C" fails here).
      expect((await store.setReadMarker(taskId, 'bob', 'B', 2)).serial).toBe('a-b');
      expect((await store.setReadMarker(taskId, 'bob', 'ab', 3)).serial).toBe('ab');
    });

    it('keeps readAt from moving backwards when a greater serial comes with an earlier clock', async () => {
      const store = await open(impl);
      const taskId = await taskWith(store, ['ann']);
      await store.setReadMarker(taskId, 'ann', S1, 5000);
      expect(await store.setReadMarker(taskId, 'ann', S2, 4000)).toEqual({ serial: S2, readAt: 5000 });
    });

    it('keeps markers per task and per user when the same user reads several tasks', async () => {
      const store = await open(impl);
      const a = await taskWith(store, ['ann', 'bob']);
      const b = await taskWith(store, ['ann']);
      await store.setReadMarker(a, 'ann', S3, 10);
      await store.setReadMarker(b, 'ann', S1, 20);
      await store.setReadMarker(a, 'bob', S2, 30);
      expect(await store.listReadMarkers(a)).toEqual([
        { userId: 'ann', name: 'N ann', role: 'buyer', serial: S3, readAt: 10 },
        { userId: 'bob', name: 'N bob', role: 'buyer', serial: S2, readAt: 30 },
      ]);
      expect(await store.listReadMarkers(b)).toEqual([
        { userId: 'ann', name: 'N ann', role: 'buyer', serial: S1, readAt: 20 },
      ]);
    });

    it('lists current participants in joining order, null before reading, without removed ones', async () => {
      const store = await open(impl);
      const taskId = await taskWith(store, ['zed', 'amy', 'kim']);
      await store.setReadMarker(taskId, 'amy', S1, 10);
      await store.setReadMarker(taskId, 'kim', S2, 20);
      await store.removeParticipant(taskId, 'amy', 30);
      expect(await store.listReadMarkers(taskId)).toEqual([
        { userId: 'zed', name: 'N zed', role: 'buyer', serial: null, readAt: null },
        { userId: 'kim', name: 'N kim', role: 'buyer', serial: S2, readAt: 20 },
      ]);
      await store.upsertParticipant({ taskId, userId: 'amy', role: 'seller', name: 'Amy' }, 40);
      expect((await store.listReadMarkers(taskId)).map((m) => [m.userId, m.role, m.serial])).toEqual([
        ['zed', 'buyer', null],
        ['amy', 'seller', S1],
        ['kim', 'buyer', S2],
      ]);
    });

    it('refuses a marker when the user is not a participant of the task', async () => {
      const store = await open(impl);
      const taskId = await taskWith(store, ['ann']);
      await expect(store.setReadMarker(taskId, 'mallory', S1, 1)).rejects.toThrow();
      await expect(store.setReadMarker(id('none'), 'ann', S1, 1)).rejects.toThrow();
      expect(await store.listReadMarkers(taskId)).toHaveLength(1);
    });

    it('adds read markers and keeps the data when a version-1 database is opened', async () => {
      const taskId = id('order');
      const seed = [
        `INSERT INTO tasks VALUES ('${taskId}', 'order', 'old', NULL, NULL, 1, 1)`,
        `INSERT INTO participants (task_id, user_id, role, name, removed_at, created_at, updated_at)
           VALUES ('${taskId}', 'ann', 'buyer', 'Ann', NULL, 2, 2)`,
      ];
      let store: Store;
      if (impl.name === 'SqliteStore') {
        const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-sqlite-'));
        const path = join(dir, 'v1.sqlite');
        const v1 = new Database(path);
        v1.exec(SQLITE_MIGRATIONS[0]!);
        for (const sql of seed) v1.exec(sql);
        v1.pragma('user_version = 1');
        v1.close();
        store = new SqliteStore(path);
        opened.push({ close: async () => rmSync(dir, { recursive: true, force: true }) } as Store);
        opened.push(store);
      } else {
        const url = await freshDatabase(postgres!.databaseUrl, 'v1');
        const v1 = new pg.Client({ connectionString: url });
        await v1.connect();
        await v1.query(POSTGRES_MIGRATIONS[0]!);
        for (const sql of seed) await v1.query(sql);
        await v1.query('CREATE TABLE embedded_chat_schema (version INTEGER NOT NULL)');
        await v1.query('INSERT INTO embedded_chat_schema VALUES (1)');
        await v1.end();
        store = await PostgresStore.connect(url);
        opened.push(store);
      }
      expect((await store.getTask(taskId))?.title).toBe('old');
      expect(await store.setReadMarker(taskId, 'ann', S1, 3)).toEqual({ serial: S1, readAt: 3 });
      expect(await store.listReadMarkers(taskId)).toEqual([
        { userId: 'ann', name: 'Ann', role: 'buyer', serial: S1, readAt: 3 },
      ]);
    });
  });
});

/** Push throttling (docs/architecture.md §4): one alert per participant and task per window, across instances. */
describe.each(IMPLEMENTATIONS)('$name push alert claims', (impl) => {
  const WINDOW = 60_000;

  async function taskOf(store: Store, users: string[]): Promise<string> {
    const taskId = id('order');
    await store.upsertTask({ id: taskId, type: 'order', title: 't', url: null }, 1);
    for (const userId of users)
      await store.upsertParticipant({ taskId, userId, role: 'buyer', name: userId }, 1);
    return taskId;
  }

  it('claims each user once, then again only when the window has passed', async () => {
    const store = await open(impl);
    const taskId = await taskOf(store, ['ann', 'bob']);
    expect((await store.claimPushAlerts(taskId, ['ann', 'bob'], 1000, WINDOW)).sort()).toEqual([
      'ann',
      'bob',
    ]);
    expect(await store.claimPushAlerts(taskId, ['ann', 'bob'], 1500, WINDOW)).toEqual([]);
    expect(await store.claimPushAlerts(taskId, ['ann'], 1000 + WINDOW - 1, WINDOW)).toEqual([]);
    expect(await store.claimPushAlerts(taskId, ['ann', 'bob'], 1000 + WINDOW, WINDOW)).toHaveLength(2);
    expect(await store.claimPushAlerts(taskId, [], 9e9, WINDOW)).toEqual([]);
  });

  it('counts a user listed twice once', async () => {
    const store = await open(impl);
    const taskId = await taskOf(store, ['ann']);
    expect(await store.claimPushAlerts(taskId, ['ann', 'ann'], 1000, 0)).toEqual(['ann']);
  });

  it('keeps windows per task, so one task’s alert never mutes another’s', async () => {
    const store = await open(impl);
    const a = await taskOf(store, ['ann']);
    const b = await taskOf(store, ['ann']);
    expect(await store.claimPushAlerts(a, ['ann'], 1000, WINDOW)).toEqual(['ann']);
    expect(await store.claimPushAlerts(b, ['ann'], 1001, WINDOW)).toEqual(['ann']);
  });

  it('refuses to claim for a user who is not a participant of the task', async () => {
    const store = await open(impl);
    const taskId = await taskOf(store, ['ann']);
    await expect(store.claimPushAlerts(taskId, ['mallory'], 1000, WINDOW)).rejects.toThrow();
  });

  it('gives each user to exactly one of two instances claiming at the same time', async () => {
    const first = await open(impl);
    // Two instances on one database: a second pool (PostgreSQL) or connection to the same file (SQLite).
    const path = impl.name === 'SqliteStore' ? join(mkdtempSync(join(tmpdir(), 'claims-')), 'db.sqlite') : '';
    const [a, b] =
      impl.name === 'SqliteStore'
        ? [new SqliteStore(path), new SqliteStore(path)]
        : [first, await PostgresStore.connect(databaseUrl)];
    opened.push(a, b);
    if (path)
      opened.push({ close: async () => rmSync(dirname(path), { recursive: true, force: true }) } as Store);
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const taskId = await taskOf(a, users);
    const rounds = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).claimPushAlerts(taskId, users, 5000, WINDOW)),
    );
    const claimed = rounds.flat();
    expect(claimed).toHaveLength(users.length);
    expect(new Set(claimed).size).toBe(users.length);
  });
});

/** A new empty database with ICU en-US collation in the test cluster; its URL. */
describe.each(IMPLEMENTATIONS)('$name attachments', (impl) => {
  async function taskWith(store: Store, users: string[]): Promise<string> {
    const taskId = id('order');
    await store.upsertTask({ id: taskId, type: 'order', title: 't', url: null }, 1);
    for (const userId of users)
      await store.upsertParticipant({ taskId, userId, role: 'buyer', name: userId }, 1);
    return taskId;
  }
  const fileId = () => randomBytes(16).toString('hex');
  const announce = (store: Store, taskId: string, userId: string, at = 1000) => {
    const attachment = {
      id: fileId(),
      taskId,
      userId,
      name: 'a.png',
      size: 10,
      createdAt: at,
      uploadExpiresAt: at + 100,
    };
    return store.createAttachment(attachment).then(() => attachment);
  };
  const done = { name: 'a.png', type: 'image/png', storedSize: 8, width: 4, height: 2, thumbnail: true };

  it('records an announced file as pending and completes it once', async () => {
    const store = await open(impl);
    const taskId = await taskWith(store, ['ann']);
    const a = await announce(store, taskId, 'ann');
    expect(await store.getAttachment(a.id)).toEqual({
      ...a,
      state: 'pending',
      type: null,
      storedSize: null,
      width: null,
      height: null,
      thumbnail: false,
      messageSerial: null,
      removedAt: null,
      completedAt: null,
    });
    const completed = await store.completeAttachment(a.id, done, 1050);
    expect(completed).toMatchObject({ ...done, state: 'ready', completedAt: 1050 });
    expect(await store.completeAttachment(a.id, { ...done, storedSize: 99 }, 1060)).toBeUndefined();
    expect((await store.getAttachment(a.id))?.storedSize).toBe(8);
  });

  it('lists only the task’s own attachments among the ids asked for', async () => {
    const store = await open(impl);
    const one = await taskWith(store, ['ann']);
    const two = await taskWith(store, ['ann']);
    const a = await announce(store, one, 'ann');
    const b = await announce(store, two, 'ann');
    const listed = await store.listAttachments(one, [a.id, b.id, fileId()]);
    expect(listed.map((x) => x.id)).toEqual([a.id]);
    expect(await store.listAttachments(one, [])).toEqual([]);
  });

  it('links a message only to its sender’s ready files, and marks them removed when it is deleted', async () => {
    const store = await open(impl);
    const taskId = await taskWith(store, ['ann', 'sam']);
    const mine = await announce(store, taskId, 'ann');
    const pending = await announce(store, taskId, 'ann');
    const theirs = await announce(store, taskId, 'sam');
    await store.completeAttachment(mine.id, done, 1010);
    await store.completeAttachment(theirs.id, done, 1010);
    expect(await store.linkAttachments(taskId, 'ann', [mine.id, pending.id, theirs.id], 'serial-1')).toBe(1);
    // Linked once: a later message listing the same file does not take it over.
    expect(await store.linkAttachments(taskId, 'ann', [mine.id], 'serial-2')).toBe(0);
    expect((await store.getAttachment(mine.id))?.messageSerial).toBe('serial-1');
    expect(await store.removeMessageAttachments(taskId, 'serial-1', 2000)).toBe(1);
    expect(await store.removeMessageAttachments(taskId, 'serial-1', 3000)).toBe(0);
    expect((await store.getAttachment(mine.id))?.removedAt).toBe(2000);
  });

  it('lists for the sweep expired uploads, files never sent and removed files, then forgets them', async () => {
    const store = await open(impl);
    const taskId = await taskWith(store, ['ann']);
    const expired = await announce(store, taskId, 'ann', 1000); // window ends at 1100
    const uploading = await announce(store, taskId, 'ann', 5000);
    const unsent = await announce(store, taskId, 'ann', 1000);
    const sent = await announce(store, taskId, 'ann', 1000);
    const removed = await announce(store, taskId, 'ann', 1000);
    for (const a of [unsent, sent, removed]) await store.completeAttachment(a.id, done, 1050);
    await store.linkAttachments(taskId, 'ann', [sent.id], 's1');
    await store.linkAttachments(taskId, 'ann', [removed.id], 's2');
    await store.removeMessageAttachments(taskId, 's2', 1200);
    // The database is shared by the file's tests: only this task's rows count.
    const sweepable = (await store.listSweepable(5001, 1060, 1000)).filter((a) => a.taskId === taskId);
    expect(sweepable.map((a) => a.id).sort()).toEqual([expired.id, unsent.id, removed.id].sort());
    expect(await store.listSweepable(5001, 1060, 1)).toHaveLength(1);
    await store.deleteAttachments(sweepable.map((a) => a.id));
    expect(await store.getAttachment(expired.id)).toBeUndefined();
    expect((await store.getAttachment(uploading.id))?.state).toBe('pending');
    expect((await store.getAttachment(sent.id))?.state).toBe('ready');
  });
});
